import { useTranslation } from 'react-i18next';

import type { StockStatus } from '@/features/catalog/api/products';

const stockStyles: Record<StockStatus, string> = {
  in_stock: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  few_left: 'bg-amber-50 text-amber-900 ring-amber-200',
  out_of_stock: 'bg-slate-100 text-slate-700 ring-slate-200',
};

export function StockBadge({ status }: { status: StockStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${stockStyles[status]}`}>
      {t(`stock.${status}`)}
    </span>
  );
}

export function RxBadge() {
  const { t } = useTranslation();
  return (
    <span
      title={t('rx.title')}
      className="inline-flex items-center rounded-full bg-red-50 px-2 py-0.5 text-xs font-semibold text-red-800 ring-1 ring-red-200"
    >
      {t('rx.badge')}
    </span>
  );
}
