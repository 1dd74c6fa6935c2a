import { useTranslation } from 'react-i18next';

import { StatusPage } from '@/components/StatusPage';

export function NotFoundPage() {
  const { t } = useTranslation();
  return <StatusPage status={404} title={t('notFound.title')} description={t('notFound.description')} />;
}
