import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { AdminDashboard } from '@/features/dashboard/api/dashboard';
import { formatCount, formatShare } from '@/features/dashboard/format';
import { formatSom } from '@/lib/money';

interface Column<Row> {
  key: string;
  label: string;
  numeric?: boolean;
  cell: (row: Row) => ReactNode;
}

function RankingTable<Row>({ title, rows, columns, rowKey }: { title: string; rows: Row[]; columns: Column<Row>[]; rowKey: (row: Row) => number }) {
  const { t } = useTranslation();
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-3 sm:p-4">
      <h2 className="mb-2 font-semibold">{title}</h2>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">{t('dashboard.noRows')}</p>
      ) : (
        // Wide tables scroll sideways on a phone instead of squeezing the columns.
        <div className="-mx-3 overflow-x-auto px-3 sm:mx-0 sm:px-0">
          <table className="w-full min-w-[22rem] text-sm">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr className="border-b border-slate-200 text-left text-slate-600">
                {columns.map((column) => (
                  <th key={column.key} scope="col" className={`py-1.5 pr-3 font-medium ${column.numeric ? 'text-right' : ''}`}>
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={rowKey(row)} className="border-b border-slate-100 last:border-0">
                  {columns.map((column) => (
                    <td key={column.key} className={`py-1.5 pr-3 ${column.numeric ? 'text-right tabular-nums whitespace-nowrap' : ''}`}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function TopProducts({ rows }: { rows: AdminDashboard['top_products'] }) {
  const { t } = useTranslation();
  return (
    <RankingTable
      title={t('dashboard.tables.topProducts')}
      rows={rows}
      rowKey={(row) => row.product_id}
      columns={[
        { key: 'name', label: t('dashboard.columns.product'), cell: (row) => row.name },
        { key: 'units', label: t('dashboard.columns.units'), numeric: true, cell: (row) => formatCount(row.units) },
        { key: 'revenue', label: t('dashboard.columns.revenue'), numeric: true, cell: (row) => formatSom(row.revenue) },
        { key: 'returns', label: t('dashboard.columns.returns'), numeric: true, cell: (row) => formatCount(row.returns) },
      ]}
    />
  );
}

export function TopSubstances({ rows }: { rows: AdminDashboard['top_substances'] }) {
  const { t } = useTranslation();
  return (
    <RankingTable
      title={t('dashboard.tables.topSubstances')}
      rows={rows}
      rowKey={(row) => row.substance_id}
      columns={[
        { key: 'inn', label: t('dashboard.columns.substance'), cell: (row) => row.inn },
        { key: 'units', label: t('dashboard.columns.units'), numeric: true, cell: (row) => formatCount(row.units) },
        { key: 'revenue', label: t('dashboard.columns.revenue'), numeric: true, cell: (row) => formatSom(row.revenue) },
      ]}
    />
  );
}

export function CourierLeague({ rows }: { rows: AdminDashboard['courier_league'] }) {
  const { t } = useTranslation();
  return (
    <RankingTable
      title={t('dashboard.tables.courierLeague')}
      rows={rows}
      rowKey={(row) => row.courier_id}
      columns={[
        { key: 'name', label: t('dashboard.columns.courier'), cell: (row) => row.name },
        { key: 'deliveries', label: t('dashboard.columns.deliveries'), numeric: true, cell: (row) => formatCount(row.deliveries) },
        { key: 'onTime', label: t('dashboard.columns.onTime'), numeric: true, cell: (row) => formatShare(row.on_time_share) },
        { key: 'failed', label: t('dashboard.columns.failed'), numeric: true, cell: (row) => formatCount(row.failed) },
        { key: 'cash', label: t('dashboard.columns.cash'), numeric: true, cell: (row) => formatSom(row.cash_collected) },
      ]}
    />
  );
}
