import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';

import { dangerButtonClass, inputClass, linkClass, primaryButtonClass } from '@/components/buttonStyles';
import { EmptyState } from '@/components/EmptyState';
import { QueryError } from '@/components/QueryError';
import { PageSkeleton, Skeleton } from '@/components/Skeleton';
import { toast } from '@/components/toastStore';
import {
  afterSuccess,
  rejectionReasons,
  useApprovePrescription,
  usePrescription,
  useRejectPrescription,
  useStaffOrder,
  type RejectionReason,
  type StaffOrder,
  type StaffOrderItem,
  type StaffPrescription,
} from '@/features/operator/api/operator';
import { ImageViewer } from '@/features/operator/components/ImageViewer';
import { formatDate, formatDateTime } from '@/lib/dates';

/** Default validity of an approval: a month from today, in the shop's time zone. */
const DEFAULT_VALIDITY_DAYS = 30;

function tashkentDate(daysFromToday: number): string {
  const at = new Date(Date.now() + daysFromToday * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tashkent' }).format(at);
}

/** A waiting order's prescription: the pages, the patient and doctor, the covered items, approve or reject. */
export function PrescriptionReviewPage() {
  const { t } = useTranslation();
  const number = useParams().number ?? '';
  const order = useStaffOrder(number);

  if (order.isPending) return <PageSkeleton />;
  if (order.isError) return <QueryError title={t('operator.loadError')} error={order.error} onRetry={() => void order.refetch()} />;
  return <OrderReview order={order.data} />;
}

function OrderReview({ order }: { order: StaffOrder }) {
  const { t } = useTranslation();
  const [selectedId, setSelectedId] = useState<number | undefined>(order.prescription_ids[0]);
  const rxItems = order.items.filter((item) => item.requires_prescription);

  return (
    <div className="space-y-4">
      <Link to="/operator" className={`${linkClass} text-sm`}>
        ← {t('operator.backToQueue')}
      </Link>
      <div>
        <h1 className="text-2xl font-bold">{t('operator.reviewTitle', { number: order.number })}</h1>
        <p className="text-slate-700" data-testid="order-status">
          {t(`orderStatus.${order.status}`)} · {order.customer.name || order.customer.phone_number} ·{' '}
          {t('operator.placedAt', { date: formatDateTime(order.created_at) })}
        </p>
      </div>
      {order.status !== 'awaiting_prescription' && (
        <p role="status" className="rounded-lg bg-emerald-50 p-3 text-emerald-900 ring-1 ring-emerald-200">
          {t('operator.notWaiting')}
        </p>
      )}
      {order.prescription_ids.length > 1 && (
        <div className="flex flex-wrap gap-2" role="group" aria-label={t('operator.attachedPrescriptions')}>
          {order.prescription_ids.map((id) => (
            <button
              key={id}
              type="button"
              aria-pressed={id === selectedId}
              className={`rounded-lg border px-3 py-1 text-sm font-medium ${id === selectedId ? 'border-brand-700 bg-brand-700 text-white' : 'border-slate-300 bg-white'}`}
              onClick={() => setSelectedId(id)}
            >
              {t('operator.prescriptionNumber', { id })}
            </button>
          ))}
        </div>
      )}
      {selectedId === undefined ? (
        <EmptyState title={t('operator.noPrescription')} description={t('operator.noPrescriptionHint')} />
      ) : (
        <PrescriptionPanel key={selectedId} id={selectedId} order={order} rxItems={rxItems} />
      )}
    </div>
  );
}

function PrescriptionPanel({ id, order, rxItems }: { id: number; order: StaffOrder; rxItems: StaffOrderItem[] }) {
  const { t } = useTranslation();
  const prescription = usePrescription(id);
  if (prescription.isPending) return <Skeleton className="h-96 w-full" />;
  if (prescription.isError) {
    return <QueryError title={t('operator.loadError')} error={prescription.error} onRetry={() => void prescription.refetch()} />;
  }
  const data = prescription.data;
  return (
    <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
      <ImageViewer images={data.images} />
      <div className="space-y-4">
        <PrescriptionFacts prescription={data} />
        {data.status === 'pending' ? (
          <>
            <ApproveForm prescription={data} order={order} rxItems={rxItems} />
            <RejectForm prescription={data} />
          </>
        ) : (
          <p role="status" className="rounded-lg bg-slate-100 p-3 font-medium">
            {t('operator.alreadyReviewed', { status: t(`prescriptions.status.${data.status}`) })}
          </p>
        )}
      </div>
    </div>
  );
}

function PrescriptionFacts({ prescription }: { prescription: StaffPrescription }) {
  const { t } = useTranslation();
  const none = t('operator.notGiven');
  const rows: [string, string][] = [
    [t('operator.facts.patient'), prescription.owner.full_name || none],
    [t('operator.facts.phone'), prescription.owner.phone_number ?? none],
    [t('operator.facts.doctor'), prescription.doctor_name || none],
    [t('operator.facts.clinic'), prescription.clinic_name || none],
    [t('operator.facts.issuedOn'), prescription.issued_on ? formatDate(prescription.issued_on) : none],
    [t('operator.facts.eNumber'), prescription.e_prescription_number || none],
    [t('operator.facts.uploadedAt'), formatDateTime(prescription.created_at)],
    [t('operator.facts.note'), prescription.customer_note || none],
  ];
  return (
    <section aria-labelledby="prescription-facts" className="rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="prescription-facts" className="mb-2 font-semibold">
        {t('operator.prescriptionNumber', { id: prescription.id })} · {t(`prescriptions.status.${prescription.status}`)}
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-600">{label}</dt>
            <dd className="font-medium">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function ApproveForm({ prescription, order, rxItems }: { prescription: StaffPrescription; order: StaffOrder; rxItems: StaffOrderItem[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const approve = useApprovePrescription(prescription.id);
  const [covered, setCovered] = useState<number[]>(rxItems.map((item) => item.product_id));
  const [validUntil, setValidUntil] = useState(tashkentDate(DEFAULT_VALIDITY_DAYS));
  const [note, setNote] = useState('');
  const [error, setError] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    const items = rxItems.filter((item) => covered.includes(item.product_id)).map((item) => ({ product: item.product_id, quantity: item.quantity }));
    if (items.length === 0) {
      setError(t('operator.tickOne'));
      return;
    }
    setError('');
    afterSuccess(approve.mutateAsync({ valid_until: validUntil, items, note: note.trim() }), () => {
      toast.success(t('operator.approved', { number: order.number }));
      void navigate('/operator');
    });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3 rounded-xl border border-emerald-200 bg-white p-4">
      <h2 className="font-semibold">{t('operator.approveTitle')}</h2>
      <fieldset aria-describedby={error ? 'covered-error' : undefined}>
        <legend className="mb-1 text-sm font-medium text-slate-700">{t('operator.coveredItems')}</legend>
        {rxItems.length === 0 ? (
          <p className="text-sm text-slate-600">{t('operator.noRxItems')}</p>
        ) : (
          <ul className="space-y-1">
            {rxItems.map((item) => (
              <li key={item.id}>
                <label className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    checked={covered.includes(item.product_id)}
                    onChange={(event) =>
                      setCovered(event.target.checked ? [...covered, item.product_id] : covered.filter((id) => id !== item.product_id))
                    }
                  />
                  <span>{t('operator.coveredItem', { name: item.product_name, n: item.quantity })}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
        {error && (
          <p id="covered-error" className="mt-1 text-sm text-red-700">
            {error}
          </p>
        )}
      </fieldset>
      <div>
        <label htmlFor="valid-until" className="block text-sm font-medium">
          {t('operator.validUntil')}
        </label>
        <input
          id="valid-until"
          type="date"
          className={inputClass}
          value={validUntil}
          min={tashkentDate(0)}
          required
          onChange={(event) => setValidUntil(event.target.value)}
        />
      </div>
      <div>
        <label htmlFor="approve-note" className="block text-sm font-medium">
          {t('operator.pharmacistNote')}
        </label>
        <textarea id="approve-note" className={inputClass} maxLength={1000} value={note} onChange={(event) => setNote(event.target.value)} />
      </div>
      <button type="submit" className={`${primaryButtonClass} w-full`} disabled={approve.isPending || !validUntil}>
        {t('operator.approve')}
      </button>
    </form>
  );
}

function RejectForm({ prescription }: { prescription: StaffPrescription }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const reject = useRejectPrescription(prescription.id);
  const [reason, setReason] = useState<RejectionReason | ''>('');
  const [note, setNote] = useState('');
  const noteMissing = reason === 'other' && note.trim() === '';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason || noteMissing) return;
    afterSuccess(reject.mutateAsync({ reason, note: note.trim() }), () => {
      toast.success(t('operator.rejected'));
      void navigate('/operator');
    });
  }

  return (
    <form onSubmit={submit} className="space-y-3 rounded-xl border border-red-200 bg-white p-4">
      <h2 className="font-semibold text-red-800">{t('operator.rejectTitle')}</h2>
      <div>
        <label htmlFor="reject-reason" className="block text-sm font-medium">
          {t('operator.rejectReason')}
        </label>
        <select id="reject-reason" className={inputClass} value={reason} required onChange={(event) => setReason(event.target.value as RejectionReason)}>
          <option value="">—</option>
          {rejectionReasons.map((value) => (
            <option key={value} value={value}>
              {t(`prescriptions.rejection.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="reject-note" className="block text-sm font-medium">
          {reason === 'other' ? t('operator.rejectNoteRequired') : t('operator.rejectNote')}
        </label>
        <textarea
          id="reject-note"
          className={inputClass}
          maxLength={1000}
          value={note}
          required={reason === 'other'}
          aria-invalid={noteMissing || undefined}
          onChange={(event) => setNote(event.target.value)}
        />
      </div>
      <button type="submit" className={`${dangerButtonClass} w-full`} disabled={!reason || noteMissing || reject.isPending}>
        {t('operator.reject')}
      </button>
    </form>
  );
}
