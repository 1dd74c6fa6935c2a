import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';

import { dangerButtonClass, inputClass, primaryButtonClass, secondaryButtonClass } from '@/components/buttonStyles';
import { PointMap } from '@/components/map/Maps';
import { NotFoundPage } from '@/components/NotFoundPage';
import { PageMeta } from '@/components/PageMeta';
import { QueryError } from '@/components/QueryError';
import { PageSkeleton } from '@/components/Skeleton';
import { toast } from '@/components/toastStore';
import {
  canCancel,
  useAttachPrescriptions,
  useCancelOrder,
  useOrder,
  usePrescriptionChoices,
  useReorder,
  type OrderDetail,
} from '@/features/orders/api/orders';
import { usePayOrder } from '@/features/orders/api/payments';
import { useTracking } from '@/features/orders/api/tracking';
import { OrderStatusBadge } from '@/features/orders/components/OrderStatusBadge';
import { OrderTimeline } from '@/features/orders/components/OrderTimeline';
import { RemovedItems } from '@/features/orders/components/RemovedItems';
import { formatDate, formatDateTime } from '@/lib/dates';
import { apiErrorCode } from '@/lib/fieldErrors';
import { formatSom } from '@/lib/money';

export function OrderPage() {
  const { t } = useTranslation();
  const { number = '' } = useParams();
  const order = useOrder(number);

  if (order.isPending) return <PageSkeleton />;
  if (order.isError) {
    if (apiErrorCode(order.error) === 'not_found') return <NotFoundPage />;
    return <QueryError title={t('orders.loadOneFailed')} error={order.error} onRetry={() => void order.refetch()} retrying={order.isFetching} />;
  }
  return <OrderView order={order.data} />;
}

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 className="mb-3 text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function OrderView({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const online = order.payment_method !== 'cash';
  const paymentState = order.payment.paid_at
    ? t('orders.paidAt', { date: formatDateTime(order.payment.paid_at) })
    : online
      ? order.status === 'cancelled' || order.status === 'refunded'
        ? t('orders.notPaid')
        : t('orders.awaitingPayment')
      : t('orders.cashOnDelivery');

  return (
    <>
      <PageMeta title={t('orders.number', { number: order.number })} />
      <Link to="/orders" className="text-sm text-brand-700 hover:underline">
        ← {t('orders.back')}
      </Link>
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">{t('orders.number', { number: order.number })}</h1>
        <OrderStatusBadge status={order.status} />
      </div>
      <p className="text-sm text-slate-600">{formatDateTime(order.created_at)}</p>

      {order.status === 'awaiting_prescription' && (
        <p className="mt-4 rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
          {t('orders.waitingPrescription')}
          {order.reservation_expires_at && <> {t('orders.holdUntil', { time: formatDateTime(order.reservation_expires_at) })}</>}
        </p>
      )}
      {order.status === 'awaiting_prescription' && <AttachPrescription order={order} />}

      <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="space-y-6">
          <Card title={t('orders.items')}>
            <ul className="divide-y divide-slate-100">
              {order.items.map((item) => (
                <li key={item.id} className="flex justify-between gap-3 py-2 text-sm">
                  <span>
                    <Link to={`/products/${item.product_id}`} className="hover:underline">
                      {item.product_name}
                    </Link>{' '}
                    <span className="text-slate-600">
                      × {item.quantity} · {formatSom(item.unit_price)}
                    </span>
                  </span>
                  <span className="shrink-0 font-medium">{formatSom(item.line_total)}</span>
                </li>
              ))}
            </ul>
            {order.removed_items.length > 0 && <RemovedItems items={order.removed_items} />}
            <dl className="mt-3 space-y-1 border-t border-slate-200 pt-3 text-sm">
              <div className="flex justify-between">
                <dt>{t('cart.itemsTotal')}</dt>
                <dd>{formatSom(order.items_total)}</dd>
              </div>
              <div className="flex justify-between">
                <dt>{t('cart.deliveryFee')}</dt>
                <dd>{formatSom(order.delivery_fee)}</dd>
              </div>
              <div className="flex justify-between text-base font-semibold">
                <dt>{t('checkout.total')}</dt>
                <dd>{formatSom(order.total)}</dd>
              </div>
            </dl>
          </Card>
          <Card title={t('orders.timeline')}>
            <OrderTimeline order={order} />
          </Card>
        </div>
        <div className="space-y-6">
          <Card title={t('orders.payment')}>
            <p className="text-sm">{t(`payment.${order.payment_method}`)}</p>
            <p className="text-sm text-slate-700">{paymentState}</p>
            {online && order.status === 'awaiting_payment' && <PayButton order={order} />}
          </Card>
          <Card title={t('orders.delivery')}>
            <p className="text-sm">{t(`checkout.${order.delivery_type}`)}</p>
            {order.delivery.address && <p className="text-sm text-slate-700">{order.delivery.address.text}</p>}
            {order.delivery_type === 'courier' && <TrackingInfo order={order} />}
          </Card>
          <Actions order={order} />
        </div>
      </div>
    </>
  );
}

function PayButton({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const pay = usePayOrder();
  const provider = order.payment_method === 'click' ? 'click' : 'payme';
  return (
    <button type="button" className={`${primaryButtonClass} mt-3 w-full`} disabled={pay.isPending} onClick={() => pay.mutate({ orderId: order.id, provider })}>
      {t('orders.payWith', { provider: t(`payment.${provider}`) })}
    </button>
  );
}

function TrackingInfo({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  // A delivery exists once the order is ready for a courier; before that there is nothing to track.
  const tracked = order.status === 'ready_for_delivery' || order.status === 'on_the_way';
  const tracking = useTracking(order.number, tracked);
  if (!tracked || !tracking.data) return null;
  const { location, courier_first_name: courier, eta_latest: eta } = tracking.data;
  return (
    <div className="mt-3 space-y-1 text-sm">
      {courier && <p>{t('orders.courier', { name: courier })}</p>}
      {eta && <p>{t('orders.eta', { time: formatDateTime(eta) })}</p>}
      {location && (
        <figure className="space-y-2 pt-2" aria-label={t('orders.courierMap')}>
          <PointMap point={location} label={t('orders.courierHere')} />
          <figcaption>
            {t('orders.lastLocation', { time: formatDateTime(location.recorded_at) })}{' '}
            <a
              className="font-medium text-brand-700 underline"
              target="_blank"
              rel="noreferrer"
              href={`https://www.openstreetmap.org/?mlat=${location.latitude}&mlon=${location.longitude}#map=16/${location.latitude}/${location.longitude}`}
            >
              {t('orders.openMap')}
            </a>
          </figcaption>
        </figure>
      )}
    </div>
  );
}

function Actions({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const cancel = useCancelOrder(order.number);
  const reorder = useReorder(order.number);
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');

  return (
    <div className="space-y-3">
      <button
        type="button"
        className={`${secondaryButtonClass} w-full`}
        disabled={reorder.isPending}
        onClick={() =>
          reorder.mutate(undefined, {
            onSuccess: (result) => {
              if (result.added.length) toast.success(t('orders.reordered', { count: result.added.length }));
              for (const skipped of result.skipped) toast.info(t(`orders.skipped.${skipped.reason}`, { name: skipped.name }));
              if (result.added.length) navigate('/cart');
            },
          })
        }
      >
        {t('orders.reorder')}
      </button>
      {canCancel(order) &&
        (confirming ? (
          <div className="space-y-2 rounded-xl bg-white p-4 ring-1 ring-red-200">
            <label htmlFor="cancel-reason" className="block text-sm font-medium">
              {t('orders.cancelReason')}
            </label>
            <textarea id="cancel-reason" rows={2} maxLength={500} className={inputClass} value={reason} onChange={(event) => setReason(event.target.value)} />
            {order.payment.is_paid && <p className="text-xs text-slate-700">{t('orders.refundNotice')}</p>}
            <div className="flex gap-2">
              <button
                type="button"
                className={dangerButtonClass}
                disabled={cancel.isPending}
                onClick={() =>
                  cancel.mutate(reason.trim(), {
                    onSuccess: () => {
                      setConfirming(false);
                      toast.success(t('orders.cancelled'));
                    },
                  })
                }
              >
                {t('orders.confirmCancel')}
              </button>
              <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(false)}>
                {t('common.back')}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className={`${secondaryButtonClass} w-full text-red-700`} onClick={() => setConfirming(true)}>
            {t('orders.cancel')}
          </button>
        ))}
    </div>
  );
}

/** For an order awaiting a prescription: choose uploaded prescriptions to attach, or upload one. */
function AttachPrescription({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const choices = usePrescriptionChoices(true);
  const attach = useAttachPrescriptions(order.number);
  const [selected, setSelected] = useState<number[]>([]);
  const attached = new Set(order.prescription_ids);

  return (
    <section aria-labelledby="attach-heading" className="mt-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 id="attach-heading" className="text-lg font-semibold">
        {t('orders.attachTitle')}
      </h2>
      <p className="mt-1 text-sm text-slate-700">{t('orders.attachHint')}</p>
      {choices.isPending ? (
        <p className="mt-3 text-sm text-slate-600">{t('common.loading')}</p>
      ) : choices.isError ? (
        <QueryError title={t('prescriptions.loadFailed')} error={choices.error} onRetry={() => void choices.refetch()} retrying={choices.isFetching} />
      ) : choices.data.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600">{t('orders.noPrescriptions')}</p>
      ) : (
        <ul className="mt-3 space-y-2">
          {choices.data.map((prescription) => (
            <li key={prescription.id}>
              <label className="flex items-center gap-3 rounded-lg p-3 ring-1 ring-slate-200">
                <input
                  type="checkbox"
                  className="size-4 accent-brand-700"
                  disabled={attached.has(prescription.id)}
                  checked={attached.has(prescription.id) || selected.includes(prescription.id)}
                  onChange={(event) =>
                    setSelected(event.target.checked ? [...selected, prescription.id] : selected.filter((id) => id !== prescription.id))
                  }
                />
                <span className="text-sm">
                  {t('prescriptions.item', { id: prescription.id, date: formatDate(prescription.created_at) })} ·{' '}
                  {t(`prescriptions.status.${prescription.status}`)}
                  {attached.has(prescription.id) && <> · {t('orders.attachedAlready')}</>}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        {selected.length > 0 && (
          <button
            type="button"
            className={primaryButtonClass}
            disabled={attach.isPending}
            onClick={() =>
              attach.mutate([...selected].sort((a, b) => a - b), {
                onSuccess: () => {
                  setSelected([]);
                  toast.success(t('orders.attached'));
                },
              })
            }
          >
            {attach.isPending ? t('orders.attaching') : t('orders.attach')}
          </button>
        )}
        <Link to="/prescriptions/new" className={secondaryButtonClass}>
          {t('prescriptions.uploadNew')}
        </Link>
      </div>
    </section>
  );
}
