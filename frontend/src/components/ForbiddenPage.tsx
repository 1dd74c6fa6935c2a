import { useTranslation } from 'react-i18next';

import { StatusPage } from '@/components/StatusPage';

export function ForbiddenPage() {
  const { t } = useTranslation();
  return <StatusPage status={403} title={t('forbidden.title')} description={t('forbidden.description')} />;
}
