import { useTranslation } from 'react-i18next';

import type { RemovedItem } from '@/features/orders/api/orders';
import { formatSom } from '@/lib/money';

/** Packs staff took off an order because the pharmacy could not supply them, with why and how much less it costs. */
export function RemovedItems({ items }: { items: RemovedItem[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="removed-heading" className="mt-3 rounded-lg bg-amber-50 p-3 text-sm text-amber-950 ring-1 ring-amber-200">
      <h3 id="removed-heading" className="font-semibold">
        {t('orders.removedTitle')}
      </h3>
      <p className="mt-1">{t('orders.removedNote')}</p>
      <ul className="mt-2 space-y-2">
        {items.map((removed) => (
          <li key={`${removed.product_id}-${removed.at}`} className="flex justify-between gap-3">
            <span>
              {removed.product_name}{' '}
              <span className="text-amber-900">
                × {removed.quantity} · {formatSom(removed.unit_price)}
              </span>
              <span className="block text-amber-900">{t('orders.removedReason', { reason: removed.reason })}</span>
            </span>
            <span className="shrink-0 font-medium">−{formatSom(removed.amount)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
