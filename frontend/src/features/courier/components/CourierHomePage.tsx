import { useTranslation } from 'react-i18next';

import { primaryButtonClass, secondaryButtonClass } from '@/components/buttonStyles';
import { EmptyState } from '@/components/EmptyState';
import { QueryError } from '@/components/QueryError';
import { Skeleton } from '@/components/Skeleton';
import { useCashOnHand, useDeliveries, useSetShift, useShift } from '@/features/courier/api/courier';
import { DeliveryCard } from '@/features/courier/components/DeliveryCard';
import { formatSom } from '@/lib/money';

export function CourierHomePage() {
  const { t } = useTranslation();
  const shift = useShift();
  const setShift = useSetShift();
  const deliveries = useDeliveries('active');
  const cash = useCashOnHand();

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
      {cash.data && cash.data.collections_count > 0 && (
        <p role="status" data-testid="cash-on-hand" className="rounded-lg bg-amber-50 p-3 text-sm text-amber-950 ring-1 ring-amber-200">
          {t('courier.cashOnHand', { amount: formatSom(cash.data.amount_due), count: cash.data.collections_count })}
        </p>
      )}
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
