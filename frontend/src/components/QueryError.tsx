import { useTranslation } from 'react-i18next';

import { apiErrorMessage } from '@/lib/api';

interface QueryErrorProps {
  title: string;
  error: unknown;
  onRetry: () => void;
  retrying?: boolean;
}

/** A failed first load: what failed, the API's message, and a retry button. */
export function QueryError({ title, error, onRetry, retrying = false }: QueryErrorProps) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-red-900">
      <p className="font-medium">{title}</p>
      <p className="mt-1 text-sm">{apiErrorMessage(error)}</p>
      <button
        type="button"
        onClick={onRetry}
        disabled={retrying}
        className="mt-3 rounded-lg bg-white px-3 py-1.5 text-sm font-medium ring-1 ring-red-300 hover:bg-red-100 focus-visible:outline-2 focus-visible:outline-red-700 disabled:opacity-60"
      >
        {t('common.retry')}
      </button>
    </div>
  );
}
