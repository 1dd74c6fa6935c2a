import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';

import { dangerButtonClass, inputClass, linkClass, secondaryButtonClass } from '@/components/buttonStyles';
import { QueryError } from '@/components/QueryError';
import { PageSkeleton } from '@/components/Skeleton';
import { toast } from '@/components/toastStore';
import {
  afterSuccess,
  useRemoveOrderLine,
  useStaffOrder,
  type StaffOrder,
  type StaffOrderItem,
} from '@/features/operator/api/operator';
import { RemovedItems } from '@/features/orders/components/RemovedItems';
import { formatDateTime } from '@/lib/dates';
import { formatSom } from '@/lib/money';

/** An order's lines as the operator prepares it: packs the pharmacy cannot supply are taken off here. */
export function OrderLinesPage() {
  const { t } = useTranslation();
  const number = useParams().number ?? '';
  const order = useStaffOrder(number);

  if (order.isPending) return <PageSkeleton />;
  if (order.isError) return <QueryError title={t('operator.loadError')} error={order.error} onRetry={() => void order.refetch()} />;
  return <OrderLines order={order.data} />;
}

function OrderLines({ order }: { order: StaffOrder }) {
  const { t } = useTranslation();
  const changeable = order.lines_removable;

  return (
    <div className="space-y-4">
      <Link to="/operator?tab=preparation" className={`${linkClass} text-sm`}>
        ← {t('operator.backToQueue')}
      </Link>
      <div>
        <h1 className="text-2xl font-bold">{t('orders.number', { number: order.number })}</h1>
        <p className="text-slate-700" data-testid="order-status">
          {t(`orderStatus.${order.status}`)} · {order.customer.name || order.customer.phone_number} ·{' '}
          {t('operator.placedAt', { date: formatDateTime(order.created_at) })} · {t(`operator.payment.${order.payment_method}`)} ·{' '}
          {t(`operator.deliveryType.${order.delivery_type}`)}
        </p>
      </div>
      {order.note && <p className="rounded-lg bg-slate-100 p-3 text-sm italic text-slate-700">{order.note}</p>}
      <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="lines-heading">
        <h2 id="lines-heading" className="mb-2 text-lg font-semibold">
          {t('operator.linesTitle')}
        </h2>
        {!changeable && <p className="mb-2 text-sm text-slate-600">{t('operator.linesLocked')}</p>}
        <ul className="divide-y divide-slate-100">
          {order.items.map((item) => (
            <li key={item.id} className="py-3">
              <OrderLine number={order.number} item={item} changeable={changeable} />
            </li>
          ))}
        </ul>
        {order.removed_items.length > 0 && <RemovedItems items={order.removed_items} />}
        <p className="mt-3 flex justify-between border-t border-slate-200 pt-3 font-semibold">
          <span>{t('checkout.total')}</span>
          <span data-testid="order-total">{formatSom(order.total)}</span>
        </p>
      </section>
    </div>
  );
}

function OrderLine({ number, item, changeable }: { number: string; item: StaffOrderItem; changeable: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <span className="text-sm">
          <span className="font-medium">{item.product_name}</span>{' '}
          {item.requires_prescription && (
            <span className="rounded bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-800">{t('operator.rx')}</span>
          )}
          <span className="block text-slate-600">
            × {item.quantity} · {formatSom(item.unit_price)} = {formatSom(item.line_total)}
          </span>
        </span>
        {changeable && !open && (
          <button
            type="button"
            className={secondaryButtonClass}
            aria-label={t('operator.removeLineAria', { name: item.product_name })}
            onClick={() => setOpen(true)}
          >
            {t('operator.removeLine')}
          </button>
        )}
      </div>
      {open && <RemoveLineForm number={number} item={item} onDone={() => setOpen(false)} />}
    </div>
  );
}

function RemoveLineForm({ number, item, onDone }: { number: string; item: StaffOrderItem; onDone: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [keep, setKeep] = useState(0);
  const [reason, setReason] = useState('');
  const [missingReason, setMissingReason] = useState(false);
  const remove = useRemoveOrderLine(number);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setMissingReason(true);
      return;
    }
    afterSuccess(remove.mutateAsync({ itemId: item.id, keep, reason: reason.trim() }), () => {
      toast.success(t('operator.lineRemoved', { name: item.product_name }));
      onDone();
    });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-2 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
      <label htmlFor={`${id}-keep`} className="block text-sm font-medium">
        {t('operator.keepLabel')}
      </label>
      <input
        id={`${id}-keep`}
        type="number"
        inputMode="numeric"
        min={0}
        max={item.quantity - 1}
        className={`${inputClass} w-28`}
        aria-describedby={`${id}-keep-hint`}
        value={keep}
        onChange={(event) => setKeep(Math.min(item.quantity - 1, Math.max(0, Math.trunc(Number(event.target.value) || 0))))}
      />
      <p id={`${id}-keep-hint`} className="text-xs text-slate-600">
        {t('operator.keepHint', { n: item.quantity })}
      </p>
      <label htmlFor={`${id}-reason`} className="block text-sm font-medium">
        {t('operator.removalReason')}
      </label>
      <textarea
        id={`${id}-reason`}
        className={inputClass}
        maxLength={400}
        value={reason}
        aria-invalid={missingReason || undefined}
        aria-describedby={missingReason ? `${id}-reason-error` : undefined}
        onChange={(event) => {
          setReason(event.target.value);
          setMissingReason(false);
        }}
      />
      {missingReason && (
        <p id={`${id}-reason-error`} className="text-sm text-red-700">
          {t('operator.reasonRequired')}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={dangerButtonClass} disabled={remove.isPending}>
          {t('operator.confirmRemoval', { count: item.quantity - keep })}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
