import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { dangerButtonClass, secondaryButtonClass } from '@/components/buttonStyles';
import { toast } from '@/components/toastStore';
import { useLogoutEverywhere } from '@/features/account/api/account';

/** End every session of the account (a lost phone, a shared computer), this one included. */
export function LogoutEverywhere() {
  const { t } = useTranslation();
  const logoutAll = useLogoutEverywhere();
  const [confirming, setConfirming] = useState(false);

  return (
    <section aria-labelledby="sessions-heading" className="space-y-3">
      <h2 id="sessions-heading" className="text-xl font-semibold">
        {t('account.sessionsTitle')}
      </h2>
      <p className="text-sm text-slate-700">{t('account.sessionsHint')}</p>
      {confirming ? (
        <div role="alertdialog" aria-labelledby="logout-all-question" className="max-w-md space-y-3 rounded-lg p-4 ring-1 ring-red-200">
          <p id="logout-all-question" className="font-medium">
            {t('account.logoutAllConfirm')}
          </p>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className={dangerButtonClass}
              disabled={logoutAll.isPending}
              autoFocus
              // Signed out, this page is left for the sign-in page at once (the account needs a
              // session), so the toast is not tied to this component's life.
              onClick={() =>
                void logoutAll.mutateAsync().then(
                  () => toast.success(t('account.loggedOutAll')),
                  () => undefined, // the error toast says why
                )
              }
            >
              {t('account.logoutAllYes')}
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className={`${secondaryButtonClass} text-red-700`} onClick={() => setConfirming(true)}>
          {t('account.logoutAll')}
        </button>
      )}
    </section>
  );
}
