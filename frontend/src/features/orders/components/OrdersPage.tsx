import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';

import { inputClass, primaryButtonClass } from '@/components/buttonStyles';
import { EmptyState } from '@/components/EmptyState';
import { PageMeta } from '@/components/PageMeta';
import { Pagination } from '@/components/Pagination';
import { QueryError } from '@/components/QueryError';
import { Skeleton } from '@/components/Skeleton';
import { orderStatuses, useOrders } from '@/features/orders/api/orders';
import { OrderStatusBadge } from '@/features/orders/components/OrderStatusBadge';
import { formatDateTime } from '@/lib/dates';
import { formatSom } from '@/lib/money';

const pageSize = 20;

export function OrdersPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const orders = useOrders(status, page);

  return (
    <>
      <PageMeta title={t('orders.title')} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t('orders.title')}</h1>
        <label className="flex items-center gap-2 text-sm">
          {t('orders.filterStatus')}
          <select className={`${inputClass} w-auto py-1.5`} value={status} onChange={(event) => setParams(event.target.value ? { status: event.target.value } : {})}>
            <option value="">{t('orders.allStatuses')}</option>
            {orderStatuses.map((value) => (
              <option key={value} value={value}>
                {t(`orderStatus.${value}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="mt-4">
        {orders.isPending ? (
          <div role="status" aria-busy="true" className="space-y-3">
            <span className="sr-only">{t('common.loading')}</span>
            {[0, 1, 2].map((index) => (
              <Skeleton key={index} className="h-20 w-full" />
            ))}
          </div>
        ) : orders.isError ? (
          <QueryError title={t('orders.loadFailed')} error={orders.error} onRetry={() => void orders.refetch()} retrying={orders.isFetching} />
        ) : orders.data.results.length === 0 ? (
          <EmptyState
            title={status ? t('orders.emptyFiltered') : t('orders.emptyTitle')}
            description={t('orders.emptyDescription')}
            action={
              <Link to="/catalog" className={primaryButtonClass}>
                {t('cart.toCatalog')}
              </Link>
            }
          />
        ) : (
          <>
            <ul className="space-y-3">
              {orders.data.results.map((order) => (
                <li key={order.id}>
                  <Link
                    to={`/orders/${order.number}`}
                    className="flex flex-wrap items-center justify-between gap-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 hover:ring-brand-700"
                  >
                    <span>
                      <span className="block font-semibold">{t('orders.number', { number: order.number })}</span>
                      <span className="text-sm text-slate-600">{formatDateTime(order.created_at)}</span>
                    </span>
                    <span className="flex items-center gap-3">
                      <OrderStatusBadge status={order.status} />
                      <span className="font-semibold">{formatSom(order.total)}</span>
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
            <Pagination
              page={page}
              pageCount={Math.ceil(orders.data.count / pageSize)}
              onChange={(next) => setParams({ ...(status ? { status } : {}), page: String(next) })}
            />
          </>
        )}
      </div>
    </>
  );
}
