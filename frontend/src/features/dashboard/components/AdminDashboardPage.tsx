import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { EmptyState } from '@/components/EmptyState';
import { PageMeta } from '@/components/PageMeta';
import { QueryError } from '@/components/QueryError';
import { Skeleton } from '@/components/Skeleton';
import { toast } from '@/components/toastStore';
import { useAdminDashboard, type AdminDashboard } from '@/features/dashboard/api/dashboard';
import { DashboardCharts } from '@/features/dashboard/components/DashboardCharts';
import { DateRangePicker } from '@/features/dashboard/components/DateRangePicker';
import { ExportButtons } from '@/features/dashboard/components/ExportButtons';
import { KpiCards } from '@/features/dashboard/components/KpiCards';
import { CourierLeague, TopProducts, TopSubstances } from '@/features/dashboard/components/RankingTables';
import { SystemHealthCard } from '@/features/dashboard/components/SystemHealthCard';
import { formatDay } from '@/features/dashboard/format';
import { useDashboardRange } from '@/features/dashboard/hooks/useDashboardRange';
import { apiErrorMessage } from '@/lib/api';

/** The admin's view of the shop over a period: figures, charts, rankings, health and CSV exports. */
export function AdminDashboardPage() {
  const { t } = useTranslation();
  const [range, setRange] = useDashboardRange();
  const dashboard = useAdminDashboard(range);

  // A failed load (another period, a refresh) is also announced, whatever stays on screen.
  useEffect(() => {
    if (dashboard.error) toast.error(apiErrorMessage(dashboard.error));
  }, [dashboard.error]);

  return (
    <div className="space-y-5">
      <PageMeta title={t('dashboard.title')} />
      <div className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h1 className="text-2xl font-bold">{t('dashboard.title')}</h1>
          {dashboard.data && (
            <p className="text-sm text-slate-600" data-testid="dashboard-period">
              {t('dashboard.period', { from: formatDay(dashboard.data.period.from), to: formatDay(dashboard.data.period.to) })}
            </p>
          )}
        </div>
        <DateRangePicker key={JSON.stringify(range)} value={range} onChange={setRange} />
      </div>
      {dashboard.isPending ? (
        <DashboardSkeleton />
      ) : dashboard.isError && !dashboard.data ? (
        <QueryError title={t('dashboard.loadError')} error={dashboard.error} onRetry={() => void dashboard.refetch()} retrying={dashboard.isFetching} />
      ) : (
        <div aria-busy={dashboard.isFetching} className={`space-y-5 transition-opacity ${dashboard.isPlaceholderData ? 'opacity-60' : ''}`}>
          <DashboardBody data={dashboard.data} />
          <ExportButtons range={range} />
        </div>
      )}
    </div>
  );
}

function DashboardBody({ data }: { data: AdminDashboard }) {
  const { t } = useTranslation();
  const empty = data.kpis.orders_total === 0;
  return (
    <>
      <KpiCards kpis={data.kpis} stock={data.stock} />
      {empty ? (
        <EmptyState title={t('dashboard.empty.title')} description={t('dashboard.empty.description')} />
      ) : (
        <>
          <DashboardCharts data={data} />
          <div className="grid gap-4 lg:grid-cols-2">
            <TopProducts rows={data.top_products} />
            <TopSubstances rows={data.top_substances} />
            <CourierLeague rows={data.courier_league} />
          </div>
        </>
      )}
      <SystemHealthCard health={data.system_health} />
    </>
  );
}

function DashboardSkeleton() {
  const { t } = useTranslation();
  return (
    <div role="status" aria-busy="true" className="space-y-4">
      <span className="sr-only">{t('common.loading')}</span>
      <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {Array.from({ length: 8 }, (_, index) => (
          <Skeleton key={index} className="h-20" />
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Skeleton className="h-72" />
        <Skeleton className="h-72" />
      </div>
      <Skeleton className="h-40" />
    </div>
  );
}
