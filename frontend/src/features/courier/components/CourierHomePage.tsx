import { useTranslation } from 'react-i18next';

import { primaryButtonClass, secondaryButtonClass } from '@/components/buttonStyles';
import { EmptyState } from '@/components/EmptyState';
import { QueryError } from '@/components/QueryError';
import { Skeleton } from '@/components/Skeleton';
import { useDeliveries, useSetShift, useShift } from '@/features/courier/api/courier';
import { DeliveryCard } from '@/features/courier/components/DeliveryCard';

export function CourierHomePage() {
  const { t } = useTranslation();
  const shift = useShift();
  const setShift = useSetShift();
  const deliveries = useDeliveries('active');

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">{t('courier.activeTitle')}</h1>
      <section aria-label={t('courier.shift')} className="flex items-center justify-between gap-3 rounded-lg bg-slate-100 p-3">
        {shift.isPending ? (
          <Skeleton className="h-10 w-full" />
        ) : shift.isError ? (
          <QueryError title={t('courier.loadError')} error={shift.error} onRetry={() => void shift.refetch()} />
        ) : (
          <>
            <p className="font-medium">{shift.data.on_shift ? t('courier.onShift') : t('courier.offShift')}</p>
            <button
              type="button"
              className={shift.data.on_shift ? secondaryButtonClass : primaryButtonClass}
              disabled={setShift.isPending}
              onClick={() => setShift.mutate(!shift.data.on_shift)}
            >
              {shift.data.on_shift ? t('courier.endShift') : t('courier.startShift')}
            </button>
          </>
        )}
      </section>
      {deliveries.isPending ? (
        <Skeleton className="h-24 w-full" />
      ) : deliveries.isError ? (
        <QueryError title={t('courier.loadError')} error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : deliveries.data.length === 0 ? (
        <EmptyState title={t('courier.noActive')} />
      ) : (
        <ul className="space-y-3" aria-label={t('courier.activeTitle')}>
          {deliveries.data.map((delivery) => (
            <DeliveryCard key={delivery.id} delivery={delivery} />
          ))}
        </ul>
      )}
    </div>
  );
}
