import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { api } from '@/lib/api';
import { useIsSignedIn } from '@/lib/auth';

/**
 * The language chosen in the app is also the one SMS and notifications come in: a signed-in user's
 * switch is saved on the account (best effort; the app itself remembers it locally either way).
 */
export function useLanguageSync() {
  const { i18n } = useTranslation();
  const signedIn = useIsSignedIn();
  useEffect(() => {
    if (!signedIn) return;
    const save = (language: string) => {
      void api.patch('/users/me/', { language }).catch(() => undefined);
    };
    i18n.on('languageChanged', save);
    return () => i18n.off('languageChanged', save);
  }, [i18n, signedIn]);
}
