import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { primaryButtonClass } from '@/components/buttonStyles';

interface StatusPageProps {
  status: number;
  title: string;
  description: string;
}

/** A full-page message for an HTTP-like status (404, 403) with a way back to the catalog. */
export function StatusPage({ status, title, description }: StatusPageProps) {
  const { t } = useTranslation();
  return (
    <div className="mx-auto max-w-md px-4 py-16 text-center">
      <title>{`${title} · Dorixona`}</title>
      <p className="text-5xl font-bold text-brand-700">{status}</p>
      <h1 className="mt-4 text-xl font-semibold text-slate-900">{title}</h1>
      <p className="mt-2 text-slate-600">{description}</p>
      <Link
        to="/"
        className={`mt-6 inline-block ${primaryButtonClass}`}
      >
        {t('status.backHome')}
      </Link>
    </div>
  );
}
