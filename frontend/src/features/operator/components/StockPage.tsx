import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UseQueryResult } from '@tanstack/react-query';

import { EmptyState } from '@/components/EmptyState';
import { Pagination } from '@/components/Pagination';
import { QueryError } from '@/components/QueryError';
import { Skeleton } from '@/components/Skeleton';
import { useLowStock, useNearExpiry } from '@/features/operator/api/operator';
import { formatDate } from '@/lib/dates';

const PAGE_SIZE = 20;

/** What needs ordering (low stock) and what must be sold or taken off the shelf soon (near expiry). */
export function StockPage() {
  const { t } = useTranslation();
  return (
    <div className="space-y-8">
      <h1 className="text-2xl font-bold">{t('operator.stockTitle')}</h1>
      <LowStock />
      <NearExpiry />
    </div>
  );
}

function LowStock() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  return (
    <StockTable
      id="low-stock-title"
      title={t('operator.lowStock.title')}
      empty={t('operator.lowStock.empty')}
      query={useLowStock(page)}
      page={page}
      onPage={setPage}
      columns={[
        { label: t('operator.lowStock.product') },
        { label: t('operator.lowStock.sellable'), numeric: true },
        { label: t('operator.lowStock.threshold'), numeric: true },
      ]}
      row={(product) => (
        <tr key={product.id} className="border-t border-slate-100">
          <th scope="row" className="px-3 py-2 font-medium">{product.name}</th>
          <td className={`px-3 py-2 text-right ${product.sellable_quantity === 0 ? 'font-semibold text-red-700' : ''}`}>
            {product.sellable_quantity}
          </td>
          <td className="px-3 py-2 text-right">{product.low_stock_threshold}</td>
        </tr>
      )}
    />
  );
}

function NearExpiry() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  return (
    <StockTable
      id="near-expiry-title"
      title={t('operator.nearExpiry.title')}
      empty={t('operator.nearExpiry.empty')}
      query={useNearExpiry(page)}
      page={page}
      onPage={setPage}
      columns={[
        { label: t('operator.nearExpiry.product') },
        { label: t('operator.nearExpiry.lot') },
        { label: t('operator.nearExpiry.expires') },
        { label: t('operator.nearExpiry.quantity'), numeric: true },
      ]}
      row={(batch) => (
        <tr key={batch.id} className="border-t border-slate-100">
          <th scope="row" className="px-3 py-2 font-medium">{batch.product_name}</th>
          <td className="px-3 py-2">{batch.lot_number}</td>
          <td className={`px-3 py-2 ${batch.days_left < 0 ? 'font-semibold text-red-700' : ''}`}>
            {formatDate(batch.expiry_date)} ·{' '}
            {batch.days_left < 0 ? t('operator.nearExpiry.expired') : t('operator.nearExpiry.daysLeft', { count: batch.days_left })}
          </td>
          <td className="px-3 py-2 text-right">{batch.quantity}</td>
        </tr>
      )}
    />
  );
}

interface StockTableProps<Row> {
  id: string;
  title: string;
  empty: string;
  query: UseQueryResult<{ count: number; results: Row[] }>;
  page: number;
  onPage: (page: number) => void;
  columns: { label: string; numeric?: boolean }[];
  row: (row: Row) => ReactNode;
}

/** One paginated list with its count, skeleton, error with retry and empty state. */
function StockTable<Row>({ id, title, empty, query, page, onPage, columns, row }: StockTableProps<Row>) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-xl font-semibold">
        {title} {query.data && <span className="text-slate-500">({query.data.count})</span>}
      </h2>
      {query.isPending ? (
        <Skeleton className="h-32 w-full" />
      ) : query.isError ? (
        <QueryError title={t('operator.loadError')} error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.results.length === 0 ? (
        <EmptyState title={empty} />
      ) : (
        <>
          <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{title}</caption>
              <thead className="bg-slate-50 text-slate-600">
                <tr>
                  {columns.map((column) => (
                    <th key={column.label} scope="col" className={`px-3 py-2 ${column.numeric ? 'text-right' : ''}`}>
                      {column.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>{query.data.results.map(row)}</tbody>
            </table>
          </div>
          <Pagination page={page} pageCount={Math.ceil(query.data.count / PAGE_SIZE)} onChange={onPage} />
        </>
      )}
    </section>
  );
}
