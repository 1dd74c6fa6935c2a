import { useTranslation } from 'react-i18next';

import type { OrderDetail, OrderStatus } from '@/features/orders/api/orders';
import { formatDateTime } from '@/lib/dates';

/** The steps this order goes through, given how it is paid and delivered. */
export function plannedSteps(order: Pick<OrderDetail, 'payment_method' | 'delivery_type' | 'requires_prescription'>): OrderStatus[] {
  const steps: OrderStatus[] = ['created'];
  if (order.requires_prescription) steps.push('awaiting_prescription');
  if (order.payment_method !== 'cash') steps.push('awaiting_payment', 'paid');
  steps.push('preparing', 'ready_for_delivery');
  if (order.delivery_type === 'courier') steps.push('on_the_way');
  steps.push('delivered');
  return steps;
}

/**
 * What has happened to the order (from its recorded history, with times and reasons) followed by
 * what is still to come; a cancelled or refunded order ends where it stopped.
 */
export function OrderTimeline({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const done = order.timeline.map((entry) => ({ status: entry.to_status, at: entry.at, reason: entry.reason }));
  const reached = new Set(done.map((entry) => entry.status));
  const finished = ['cancelled', 'refunded', 'delivered'].includes(order.status);
  const lastIndex = plannedSteps(order).indexOf(order.status);
  const upcoming = finished ? [] : plannedSteps(order).filter((step, index) => !reached.has(step) && index > lastIndex);

  return (
    <ol className="relative space-y-4 border-l-2 border-slate-200 pl-6" aria-label={t('orders.timeline')}>
      {done.map((entry, index) => {
        const current = index === done.length - 1;
        return (
          <li key={`${entry.status}-${entry.at}`} className="relative" aria-current={current ? 'step' : undefined}>
            <span
              aria-hidden="true"
              className={`absolute -left-[1.95rem] top-1 size-4 rounded-full ring-4 ring-slate-50 ${
                entry.status === 'cancelled' ? 'bg-red-600' : 'bg-brand-700'
              }`}
            />
            <p className={`font-medium ${current ? 'text-slate-900' : 'text-slate-700'}`}>{t(`orderStatus.${entry.status}`)}</p>
            <p className="text-xs text-slate-600">
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
            </p>
            {entry.reason && <p className="mt-1 text-sm text-slate-700">{entry.reason}</p>}
          </li>
        );
      })}
      {upcoming.map((status) => (
        <li key={status} className="relative text-slate-500">
          <span aria-hidden="true" className="absolute -left-[1.95rem] top-1 size-4 rounded-full bg-slate-200 ring-4 ring-slate-50" />
          <p>{t(`orderStatus.${status}`)}</p>
          <p className="sr-only">{t('orders.upcoming')}</p>
        </li>
      ))}
    </ol>
  );
}
