import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

import type { AdminDashboard } from '@/features/dashboard/api/dashboard';
import { formatCompact, formatCount, formatDay, formatDayShort, formatShare } from '@/features/dashboard/format';
import { formatSom } from '@/lib/money';

// recharts stays in the dashboard's lazy chunk: only this feature imports it.

const providerColours: Record<string, string> = { payme: '#0f766e', click: '#2563eb', cash: '#d97706' };
const chartHeight = 260;
// A size to draw at before the container has been measured (and in tests, where nothing is).
const initialDimension = { width: 640, height: chartHeight };

function ChartFigure({ title, summary, testId, children }: { title: string; summary: string; testId: string; children: ReactElement }) {
  return (
    <figure className="rounded-xl border border-slate-200 bg-white p-3 sm:p-4" data-testid={testId}>
      <figcaption className="mb-2 font-semibold">{title}</figcaption>
      <div role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height={chartHeight} initialDimension={initialDimension}>
          {children}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export function RevenueChart({ series, total }: { series: AdminDashboard['series']; total: string }) {
  const { t } = useTranslation();
  const data = series.map((row) => ({
    day: row.day,
    payme: Number(row.revenue_payme),
    click: Number(row.revenue_click),
    cash: Number(row.revenue_cash),
  }));
  return (
    <ChartFigure title={t('dashboard.charts.revenue')} summary={t('dashboard.charts.revenueSummary', { total: formatSom(total) })} testId="chart-revenue">
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="day" tickFormatter={formatDayShort} fontSize={12} minTickGap={12} />
        <YAxis tickFormatter={formatCompact} fontSize={12} width={48} />
        <Tooltip labelFormatter={(day) => formatDay(String(day))} formatter={(value) => formatSom(Number(value))} />
        <Legend />
        {(['payme', 'click', 'cash'] as const).map((method) => (
          <Bar
            key={method}
            dataKey={method}
            name={t(`dashboard.providers.${method}`)}
            stackId="revenue"
            fill={providerColours[method]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </ChartFigure>
  );
}

export function OrdersChart({ series, total }: { series: AdminDashboard['series']; total: number }) {
  const { t } = useTranslation();
  const data = series.map((row) => ({ day: row.day, paid: row.paid_orders, cancelled: row.cancellations, other: row.orders_total - row.paid_orders - row.cancellations }));
  return (
    <ChartFigure title={t('dashboard.charts.orders')} summary={t('dashboard.charts.ordersSummary', { n: formatCount(total) })} testId="chart-orders">
      <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
        <XAxis dataKey="day" tickFormatter={formatDayShort} fontSize={12} minTickGap={12} />
        <YAxis allowDecimals={false} fontSize={12} width={32} />
        <Tooltip labelFormatter={(day) => formatDay(String(day))} />
        <Legend />
        <Bar dataKey="paid" name={t('dashboard.charts.paid')} stackId="orders" fill="#0f766e" isAnimationActive={false} />
        <Bar dataKey="other" name={t('dashboard.charts.open')} stackId="orders" fill="#94a3b8" isAnimationActive={false} />
        <Bar dataKey="cancelled" name={t('dashboard.charts.cancelled')} stackId="orders" fill="#dc2626" isAnimationActive={false} />
      </BarChart>
    </ChartFigure>
  );
}

export function ProviderSplitChart({ split }: { split: AdminDashboard['payment_split'] }) {
  const { t } = useTranslation();
  const data = split.map((row) => ({ method: row.payment_method, name: t(`dashboard.providers.${row.payment_method}`, { defaultValue: row.payment_method }), revenue: Number(row.revenue), share: row.share }));
  const summary = data.map((row) => `${row.name}: ${formatShare(row.share)}`).join(', ');
  return (
    <ChartFigure title={t('dashboard.charts.providers')} summary={summary} testId="chart-providers">
      <PieChart>
        <Pie data={data} dataKey="revenue" nameKey="name" innerRadius="45%" outerRadius="75%" paddingAngle={2} isAnimationActive={false}>
          {data.map((row) => (
            <Cell key={row.method} fill={providerColours[row.method] ?? '#64748b'} />
          ))}
        </Pie>
        <Tooltip formatter={(value) => formatSom(Number(value))} />
        <Legend />
      </PieChart>
    </ChartFigure>
  );
}

export function DashboardCharts({ data }: { data: AdminDashboard }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <RevenueChart series={data.series} total={data.kpis.revenue_total} />
      <OrdersChart series={data.series} total={data.kpis.orders_total} />
      <ProviderSplitChart split={data.payment_split} />
    </div>
  );
}
