import { useTranslation } from 'react-i18next';

import type { AdminDashboard } from '@/features/dashboard/api/dashboard';
import { formatCount, formatShare } from '@/features/dashboard/format';
import { formatSom } from '@/lib/money';

/** The period's headline figures, two columns on a phone, four on a wide screen. */
export function KpiCards({ kpis, stock }: Pick<AdminDashboard, 'kpis' | 'stock'>) {
  const { t } = useTranslation();
  const cards = [
    { key: 'revenue', value: formatSom(kpis.revenue_total) },
    { key: 'orders', value: formatCount(kpis.orders_total), hint: t('dashboard.kpi.paidOrders', { n: formatCount(kpis.paid_orders) }) },
    { key: 'averageBasket', value: formatSom(kpis.average_basket) },
    { key: 'newCustomers', value: formatCount(kpis.new_customers) },
    { key: 'cancellationRate', value: formatShare(kpis.cancellation_rate), hint: t('dashboard.kpi.cancellations', { n: formatCount(kpis.cancellations) }) },
    { key: 'refunds', value: formatCount(kpis.refunds), hint: formatSom(kpis.refunds_amount) },
    { key: 'rxShare', value: formatShare(kpis.rx_share) },
    {
      key: 'stock',
      value: formatCount(stock.low_stock_products),
      hint: t('dashboard.kpi.nearExpiry', { n: formatCount(stock.near_expiry_batches) }),
    },
  ] as const;
  return (
    <ul aria-label={t('dashboard.kpi.label')} className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      {cards.map((card) => (
        <li key={card.key} className="rounded-xl border border-slate-200 bg-white p-3 sm:p-4">
          <p className="text-sm text-slate-600">{t(`dashboard.kpi.${card.key}`)}</p>
          <p className="mt-1 text-lg font-bold break-words sm:text-2xl" data-testid={`kpi-${card.key}`}>
            {card.value}
          </p>
          {'hint' in card && <p className="mt-0.5 text-xs text-slate-500">{card.hint}</p>}
        </li>
      ))}
    </ul>
  );
}
