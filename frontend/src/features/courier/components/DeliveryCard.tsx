import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import type { CourierDeliverySummary } from '@/features/courier/api/courier';
import { formatSom } from '@/lib/money';

export function DeliveryCard({ delivery }: { delivery: CourierDeliverySummary }) {
  const { t } = useTranslation();
  const mapUrl = `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(delivery.address_text)}`;
  return (
    <li className="rounded-lg border border-slate-200 p-3">
      <div className="flex items-center justify-between gap-2">
        <Link to={`/courier/deliveries/${delivery.id}`} className="font-semibold text-brand-700 hover:underline">
          {delivery.order_number}
        </Link>
        <span className="text-sm text-slate-600">{t(`courier.status.${delivery.status}`)}</span>
      </div>
      <p className="mt-1">{delivery.address_text}</p>
      <p className="text-sm text-slate-600">
        {delivery.customer_first_name} · {t('courier.itemsCount', { n: delivery.items_count })}
      </p>
      <p className="mt-1 font-medium">
        {t('courier.cashToCollect')}: {formatSom(delivery.cash_to_collect)}
      </p>
      <a href={mapUrl} target="_blank" rel="noreferrer" className="text-sm font-medium text-brand-700 underline">
        {t('courier.openMap')}
      </a>
    </li>
  );
}
