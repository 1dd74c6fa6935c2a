import { useTranslation } from 'react-i18next';

import { EmptyState } from '@/components/EmptyState';
import { QueryError } from '@/components/QueryError';
import { Skeleton } from '@/components/Skeleton';
import { useDeliveries } from '@/features/courier/api/courier';
import { formatDateTime } from '@/lib/dates';

const weekMs = 7 * 24 * 60 * 60 * 1000;

/** Deliveries finished during the last seven days. */
export function CourierHistoryPage() {
  const { t } = useTranslation();
  const deliveries = useDeliveries('done');
  const since = Date.now() - weekMs;
  const week = deliveries.data?.filter((delivery) => new Date(delivery.updated_at).getTime() >= since) ?? [];

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{t('courier.historyTitle')}</h1>
      {deliveries.isPending ? (
        <Skeleton className="h-24 w-full" />
      ) : deliveries.isError ? (
        <QueryError title={t('courier.loadError')} error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : week.length === 0 ? (
        <EmptyState title={t('courier.noHistory')} />
      ) : (
        <ul className="divide-y divide-slate-200" aria-label={t('courier.historyTitle')}>
          {week.map((delivery) => (
            <li key={delivery.id} className="flex items-center justify-between gap-2 py-2">
              <div>
                <p className="font-medium">{delivery.order_number}</p>
                <p className="text-sm text-slate-600">{delivery.address_text}</p>
                <p className="text-xs text-slate-500">{formatDateTime(delivery.updated_at)}</p>
              </div>
              <span className="text-sm">{t(`courier.status.${delivery.status}`)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
