import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';

import { dangerButtonClass, inputClass, linkClass, primaryButtonClass, secondaryButtonClass } from '@/components/buttonStyles';
import { QueryError } from '@/components/QueryError';
import { PageSkeleton } from '@/components/Skeleton';
import { LocationSharing } from '@/features/courier/components/LocationSharing';
import { PhotoProofForm } from '@/features/courier/components/PhotoProofForm';
import {
  failureReasons,
  useConfirmCash,
  useConfirmHandover,
  useDelivery,
  useFailDelivery,
  useUpdateStatus,
  type CourierDelivery,
  type FailureReason,
} from '@/features/courier/api/courier';
import { apiErrorMessage } from '@/lib/api';
import { formatSom } from '@/lib/money';

export function CourierDeliveryPage() {
  const { t } = useTranslation();
  const id = Number(useParams().id);
  const delivery = useDelivery(id);

  if (delivery.isPending) return <PageSkeleton />;
  if (delivery.isError) return <QueryError title={t('courier.loadError')} error={delivery.error} onRetry={() => void delivery.refetch()} />;
  return <DeliveryDetail delivery={delivery.data} />;
}

function DeliveryDetail({ delivery }: { delivery: CourierDelivery }) {
  const { t } = useTranslation();
  const updateStatus = useUpdateStatus(delivery.id);
  const mapQuery =
    delivery.latitude !== null && delivery.longitude !== null ? `${delivery.latitude},${delivery.longitude}` : delivery.address_text;
  const mapUrl = `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(mapQuery)}`;
  const statusSteps = (['picked_up', 'on_the_way'] as const).filter((status) => delivery.next_statuses.includes(status));
  // Cash orders: the cash is taken and recorded first, then the parcel is handed over.
  const cashDue = delivery.payment_method === 'cash' && !delivery.cash_received;

  return (
    <div className="space-y-4">
      <Link to="/courier" className={`${linkClass} text-sm`}>
        ← {t('courier.backToList')}
      </Link>
      <div>
        <h1 className="text-xl font-bold">{delivery.order_number}</h1>
        <p aria-live="polite" data-testid="delivery-status" className="font-medium text-brand-700">
          {t(`courier.status.${delivery.status}`)}
        </p>
      </div>
      <section className="space-y-2 rounded-lg border border-slate-200 p-3">
        <p>{delivery.address_text}</p>
        <p className="text-sm text-slate-600">{delivery.customer_first_name}</p>
        {delivery.customer_note && <p className="text-sm italic text-slate-600">{delivery.customer_note}</p>}
        <div className="flex flex-wrap gap-2">
          <a href={mapUrl} target="_blank" rel="noreferrer" className={secondaryButtonClass}>
            {t('courier.openMap')}
          </a>
          {delivery.customer_phone && (
            <a href={`tel:${delivery.customer_phone}`} className={secondaryButtonClass}>
              {t('courier.call')}
            </a>
          )}
        </div>
        <p className="font-semibold">
          {t('courier.cashToCollect')}: {formatSom(delivery.cash_to_collect)}
          {delivery.cash_received && <span className="ml-2 text-sm font-medium text-green-700">{t('courier.cashReceived')}</span>}
        </p>
      </section>
      <section aria-label={t('courier.items')}>
        <h2 className="font-semibold">{t('courier.items')}</h2>
        <ul className="list-disc pl-5 text-sm">
          {delivery.items.map((item) => (
            <li key={item.name}>
              {item.name} × {item.quantity}
            </li>
          ))}
        </ul>
      </section>
      {statusSteps.length > 0 && (
        <div className="flex flex-col gap-2">
          {statusSteps.map((status) => (
            <button
              key={status}
              type="button"
              className={`${primaryButtonClass} w-full py-3`}
              disabled={updateStatus.isPending}
              onClick={() => updateStatus.mutate(status)}
            >
              {t(`courier.mark.${status}`)}
            </button>
          ))}
        </div>
      )}
      <LocationSharing deliveryId={delivery.id} active={delivery.status === 'on_the_way'} />
      {cashDue && (delivery.status === 'on_the_way' || delivery.status === 'delivered') && <CashStep delivery={delivery} />}
      {delivery.status === 'on_the_way' && !cashDue && <HandoverForm delivery={delivery} />}
      {delivery.status === 'on_the_way' && !cashDue && <PhotoProofForm delivery={delivery} />}
      {delivery.next_statuses.includes('failed') && <FailForm delivery={delivery} />}
      {delivery.status === 'failed' && delivery.failure_reason && (
        <p className="text-sm text-red-700">{t(`courier.reasons.${delivery.failure_reason as FailureReason}`)}</p>
      )}
    </div>
  );
}

function CashStep({ delivery }: { delivery: CourierDelivery }) {
  const { t } = useTranslation();
  const confirm = useConfirmCash(delivery);
  return (
    <section aria-labelledby="cash-step" className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3">
      <h2 id="cash-step" className="font-semibold">
        {t('courier.cashStepTitle')}
      </h2>
      <p className="text-sm text-slate-700">{t('courier.cashStepHint', { amount: formatSom(delivery.cash_to_collect) })}</p>
      {confirm.isError && (
        <p role="alert" className="text-sm text-red-700">
          {apiErrorMessage(confirm.error)}
        </p>
      )}
      <button type="button" className={`${primaryButtonClass} w-full py-3`} disabled={confirm.isPending} onClick={() => confirm.mutate()}>
        {t('courier.cashConfirm', { amount: formatSom(delivery.cash_to_collect) })}
      </button>
    </section>
  );
}

function HandoverForm({ delivery }: { delivery: CourierDelivery }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const confirm = useConfirmHandover(delivery.id);
  const locked = delivery.handover.is_locked;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^\d{4}$/.test(code)) return;
    confirm.mutate(code, {
      onError: () => {
        setCode('');
        void confirm.refreshAfterError();
      },
    });
  }

  return (
    <form onSubmit={submit} className="space-y-2 rounded-lg border border-brand-700/30 p-3" noValidate>
      <label htmlFor="handover-code" className="block font-semibold">
        {t('courier.handoverCode')}
      </label>
      <input
        id="handover-code"
        className={`${inputClass} text-center text-2xl tracking-[0.5em]`}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={4}
        value={code}
        disabled={locked}
        aria-invalid={confirm.isError || undefined}
        aria-describedby={confirm.isError ? 'handover-error handover-help' : 'handover-help'}
        onChange={(event) => setCode(event.target.value.replace(/\D/g, '').slice(0, 4))}
      />
      <p id="handover-help" className="text-sm text-slate-600">
        {locked ? t('courier.handoverLocked') : t('courier.attemptsLeft', { n: delivery.handover.attempts_left })}
      </p>
      {confirm.isError && (
        <p id="handover-error" className="text-sm text-red-700">
          {apiErrorMessage(confirm.error)}
        </p>
      )}
      <button type="submit" className={`${primaryButtonClass} w-full py-3`} disabled={locked || code.length !== 4 || confirm.isPending}>
        {t('courier.confirmHandover')}
      </button>
    </form>
  );
}

function FailForm({ delivery }: { delivery: CourierDelivery }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<FailureReason | ''>('');
  const [note, setNote] = useState('');
  const fail = useFailDelivery(delivery.id);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason) return;
    fail.mutate({ reason, note });
  }

  return (
    <details className="rounded-lg border border-red-200 p-3">
      <summary className="cursor-pointer font-semibold text-red-700">{t('courier.reportFailure')}</summary>
      <form onSubmit={submit} className="mt-2 space-y-2">
        <label htmlFor="failure-reason" className="block text-sm font-medium">
          {t('courier.failureReason')}
        </label>
        <select
          id="failure-reason"
          className={inputClass}
          value={reason}
          required
          onChange={(event) => setReason(event.target.value as FailureReason)}
        >
          <option value="">—</option>
          {failureReasons.map((value) => (
            <option key={value} value={value}>
              {t(`courier.reasons.${value}`)}
            </option>
          ))}
        </select>
        <label htmlFor="failure-note" className="block text-sm font-medium">
          {t('courier.failureNote')}
        </label>
        <textarea id="failure-note" className={inputClass} maxLength={500} value={note} onChange={(event) => setNote(event.target.value)} />
        <button type="submit" className={`${dangerButtonClass} w-full`} disabled={!reason || fail.isPending}>
          {t('courier.markFailed')}
        </button>
      </form>
    </details>
  );
}
