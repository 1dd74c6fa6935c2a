import { useTranslation } from 'react-i18next';

import type { OrderStatus } from '@/features/orders/api/orders';

const styles: Partial<Record<OrderStatus, string>> = {
  awaiting_prescription: 'bg-amber-50 text-amber-900 ring-amber-200',
  awaiting_payment: 'bg-amber-50 text-amber-900 ring-amber-200',
  delivered: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  cancelled: 'bg-slate-100 text-slate-700 ring-slate-300',
  refunded: 'bg-slate-100 text-slate-700 ring-slate-300',
};

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`inline-flex rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ${styles[status] ?? 'bg-sky-50 text-sky-900 ring-sky-200'}`}>
      {t(`orderStatus.${status}`)}
    </span>
  );
}
