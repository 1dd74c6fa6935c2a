import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';

import { linkClass, primaryButtonClass } from '@/components/buttonStyles';
import { EmptyState } from '@/components/EmptyState';
import { PageMeta } from '@/components/PageMeta';
import { Pagination } from '@/components/Pagination';
import { QueryError } from '@/components/QueryError';
import { Skeleton } from '@/components/Skeleton';
import { useDeletePrescription, usePrescriptions, type Prescription, type PrescriptionStatus } from '@/features/prescriptions/api/prescriptions';
import { formatDate, formatDateTime } from '@/lib/dates';

const statusStyles: Record<PrescriptionStatus, string> = {
  pending: 'bg-amber-50 text-amber-900 ring-amber-200',
  approved: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  rejected: 'bg-red-50 text-red-800 ring-red-200',
  expired: 'bg-slate-100 text-slate-700 ring-slate-300',
};

const rejectionReasons = ['unreadable', 'incomplete', 'expired_document', 'not_a_prescription', 'patient_mismatch', 'suspected_forgery', 'other'] as const;
type RejectionReason = (typeof rejectionReasons)[number];

function isRejectionReason(value: string): value is RejectionReason {
  return (rejectionReasons as readonly string[]).includes(value);
}

export function PrescriptionsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const prescriptions = usePrescriptions(page);
  const upload = (
    <Link to="/prescriptions/new" className={primaryButtonClass}>
      {t('prescriptions.uploadNew')}
    </Link>
  );

  return (
    <>
      <PageMeta title={t('prescriptions.title')} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t('prescriptions.title')}</h1>
        {upload}
      </div>
      <p className="mt-1 text-sm text-slate-600">{t('prescriptions.privacy')}</p>
      <div className="mt-4">
        {prescriptions.isPending ? (
          <div role="status" aria-busy="true" className="space-y-3">
            <span className="sr-only">{t('common.loading')}</span>
            <Skeleton className="h-20 w-full" />
            <Skeleton className="h-20 w-full" />
          </div>
        ) : prescriptions.isError ? (
          <QueryError title={t('prescriptions.loadFailed')} error={prescriptions.error} onRetry={() => void prescriptions.refetch()} />
        ) : prescriptions.data.results.length === 0 ? (
          <EmptyState title={t('prescriptions.emptyTitle')} description={t('prescriptions.emptyDescription')} action={upload} />
        ) : (
          <>
            <ul className="space-y-3">
              {prescriptions.data.results.map((prescription) => (
                <PrescriptionRow key={prescription.id} prescription={prescription} />
              ))}
            </ul>
            <Pagination page={page} pageCount={Math.ceil(prescriptions.data.count / 20)} onChange={(next) => setParams({ page: String(next) })} />
          </>
        )}
      </div>
    </>
  );
}

function PrescriptionRow({ prescription }: { prescription: Prescription }) {
  const { t } = useTranslation();
  const remove = useDeletePrescription();
  const code = prescription.rejection_reason;
  const reason = prescription.rejection_reason_display || (isRejectionReason(code) ? t(`prescriptions.rejection.${code}`) : '');
  return (
    <li className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-semibold">{t('prescriptions.item', { id: prescription.id, date: formatDateTime(prescription.created_at) })}</p>
        <span className={`rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ${statusStyles[prescription.status]}`}>
          {t(`prescriptions.status.${prescription.status}`)}
        </span>
      </div>
      {(prescription.doctor_name || prescription.clinic_name) && (
        <p className="mt-1 text-sm text-slate-700">{[prescription.doctor_name, prescription.clinic_name].filter(Boolean).join(', ')}</p>
      )}
      {prescription.status === 'approved' && prescription.valid_until && (
        <p className="mt-1 text-sm text-emerald-800">{t('prescriptions.validUntil', { date: formatDate(prescription.valid_until) })}</p>
      )}
      {prescription.status === 'rejected' && (
        <div className="mt-2 rounded-lg bg-red-50 p-3 text-sm text-red-900">
          <p className="font-medium">{t('prescriptions.rejectedBecause')}</p>
          {reason && <p>{reason}</p>}
          {prescription.rejection_note && <p>{prescription.rejection_note}</p>}
          <p className="mt-1">{t('prescriptions.rejectedNext')}</p>
        </div>
      )}
      {prescription.status === 'pending' && (
        <button type="button" className={`${linkClass} mt-2 text-sm text-red-700`} disabled={remove.isPending} onClick={() => remove.mutate(prescription.id)}>
          {t('prescriptions.delete')}
        </button>
      )}
    </li>
  );
}
