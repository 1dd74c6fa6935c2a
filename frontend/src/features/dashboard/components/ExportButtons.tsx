import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { secondaryButtonClass } from '@/components/buttonStyles';
import { toast } from '@/components/toastStore';
import { downloadExport, exportErrorMessage, exportTables, type DashboardRange, type ExportTable } from '@/features/dashboard/api/dashboard';

/** One CSV download per table of the period, with the signed-in admin's token. */
export function ExportButtons({ range }: { range: DashboardRange }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState<ExportTable | null>(null);

  async function download(table: ExportTable) {
    setPending(table);
    try {
      const filename = await downloadExport(table, range);
      toast.success(t('dashboard.export.done', { filename }));
    } catch (error) {
      toast.error(await exportErrorMessage(error));
    } finally {
      setPending(null);
    }
  }

  return (
    <section aria-labelledby="dashboard-export" className="rounded-xl border border-slate-200 bg-white p-3 sm:p-4">
      <h2 id="dashboard-export" className="font-semibold">
        {t('dashboard.export.title')}
      </h2>
      <p className="text-sm text-slate-600">{t('dashboard.export.hint')}</p>
      <div className="mt-2 flex flex-wrap gap-2">
        {exportTables.map((table) => (
          <button
            key={table}
            type="button"
            className={`${secondaryButtonClass} text-sm`}
            disabled={pending !== null}
            aria-busy={pending === table || undefined}
            onClick={() => void download(table)}
          >
            {t(`dashboard.export.tables.${table}`)}
          </button>
        ))}
      </div>
    </section>
  );
}
