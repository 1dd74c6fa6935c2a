import { useTranslation } from 'react-i18next';

import type { AdminDashboard } from '@/features/dashboard/api/dashboard';
import { formatBytes, formatCount } from '@/features/dashboard/format';
import { formatDateTime } from '@/lib/dates';

/** The newest snapshot of the shop's plumbing; a figure that needs a look is shown in red. */
export function SystemHealthCard({ health }: { health: AdminDashboard['system_health'] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="system-health" className="rounded-xl border border-slate-200 bg-white p-3 sm:p-4">
      <h2 id="system-health" className="font-semibold">
        {t('dashboard.health.title')}
      </h2>
      {health === null ? (
        <p className="mt-2 text-sm text-slate-600">{t('dashboard.health.none')}</p>
      ) : (
        <>
          <p className="text-xs text-slate-500">{t('dashboard.health.at', { time: formatDateTime(health.created_at) })}</p>
          <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-600">{t('dashboard.health.queue')}</dt>
            <dd className="text-right font-medium tabular-nums">{formatCount(health.queue_length)}</dd>
            <dt className="text-slate-600">{t('dashboard.health.failedNotifications')}</dt>
            <dd className={`text-right font-medium tabular-nums ${health.failed_notifications > 0 ? 'text-red-700' : ''}`}>
              {formatCount(health.failed_notifications)}
            </dd>
            <dt className="text-slate-600">{t('dashboard.health.paymentErrors')}</dt>
            <dd className={`text-right font-medium tabular-nums ${(health.payment_errors ?? 0) > 0 ? 'text-red-700' : ''}`}>
              {health.payment_errors === null ? '—' : formatCount(health.payment_errors)}
            </dd>
            <dt className="text-slate-600">{t('dashboard.health.database')}</dt>
            <dd className="text-right font-medium tabular-nums">{health.database_bytes === null ? '—' : formatBytes(health.database_bytes)}</dd>
          </dl>
        </>
      )}
    </section>
  );
}
