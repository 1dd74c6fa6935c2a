import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';

import { primaryButtonClass, secondaryButtonClass } from '@/components/buttonStyles';
import { EmptyState } from '@/components/EmptyState';
import { QueryError } from '@/components/QueryError';
import { Skeleton } from '@/components/Skeleton';
import { toast } from '@/components/toastStore';
import {
  afterSuccess,
  useChangeOrderStatus,
  useDeliveryQueue,
  useHandOverPickup,
  useOrderQueue,
  type QueueDelivery,
  type StaffOrderSummary,
} from '@/features/operator/api/operator';
import { AssignCourierDialog } from '@/features/operator/components/AssignCourierDialog';
import { formatDateTime } from '@/lib/dates';
import { formatSom } from '@/lib/money';

const tabs = ['prescriptions', 'preparation', 'courier', 'pickup'] as const;
type Tab = (typeof tabs)[number];
type OrderTab = Exclude<Tab, 'courier'>;

/** The live work queue: orders waiting for a prescription review, for preparation, for a courier and
 * for the customer at the counter, oldest first. */
export function QueuePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const current: Tab = tabs.find((tab) => tab === params.get('tab')) ?? 'prescriptions';
  const prescriptions = useOrderQueue('prescriptions');
  const preparation = useOrderQueue('preparation');
  const pickup = useOrderQueue('pickup');
  const deliveries = useDeliveryQueue();
  const orderQueries = { prescriptions, preparation, pickup };
  const counts: Record<Tab, number | undefined> = {
    prescriptions: prescriptions.data?.count,
    preparation: preparation.data?.count,
    courier: deliveries.data?.count,
    pickup: pickup.data?.count,
  };
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ prescriptions: null, preparation: null, courier: null, pickup: null });

  function select(tab: Tab, focus = false) {
    setParams(tab === 'prescriptions' ? {} : { tab }, { replace: true });
    if (focus) tabRefs.current[tab]?.focus();
  }

  // Arrow keys move between tabs, Home and End jump to the ends (the WAI-ARIA tabs pattern).
  function onKeyDown(event: KeyboardEvent) {
    const index = tabs.indexOf(current);
    const next =
      event.key === 'ArrowRight'
        ? tabs[(index + 1) % tabs.length]
        : event.key === 'ArrowLeft'
          ? tabs[(index + tabs.length - 1) % tabs.length]
          : event.key === 'Home'
            ? tabs[0]
            : event.key === 'End'
              ? tabs[tabs.length - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    select(next, true);
  }

  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t('operator.queueTitle')}</h1>
      <p className="text-sm text-slate-600">{t('operator.queueHint')}</p>
      <div role="tablist" aria-label={t('operator.queueTitle')} className="flex flex-wrap gap-2 border-b border-slate-200" onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab}
            ref={(element) => {
              tabRefs.current[tab] = element;
            }}
            type="button"
            role="tab"
            id={`queue-tab-${tab}`}
            aria-controls={`queue-panel-${tab}`}
            aria-selected={tab === current}
            tabIndex={tab === current ? 0 : -1}
            onClick={() => select(tab)}
            className={`-mb-px rounded-t-lg border-b-2 px-3 py-2 font-medium focus-visible:outline-2 focus-visible:outline-brand-700 ${
              tab === current ? 'border-brand-700 text-brand-700' : 'border-transparent text-slate-600 hover:text-slate-900'
            }`}
          >
            {t(`operator.tabs.${tab}`)}{' '}
            <span data-testid={`queue-count-${tab}`} className="ml-1 rounded-full bg-slate-100 px-2 py-0.5 text-sm text-slate-800">
              {counts[tab] ?? '…'}
            </span>
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`queue-panel-${current}`} aria-labelledby={`queue-tab-${current}`} tabIndex={0}>
        {current === 'courier' ? (
          <DeliveryList query={deliveries} />
        ) : (
          <OrderList queue={current} query={orderQueries[current]} />
        )}
      </div>
    </div>
  );
}

type OrderQueueQuery = ReturnType<typeof useOrderQueue>;

function OrderList({ queue, query }: { queue: OrderTab; query: OrderQueueQuery }) {
  const { t } = useTranslation();
  if (query.isPending) return <Skeleton className="h-32 w-full" />;
  if (query.isError) return <QueryError title={t('operator.loadError')} error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.results.length === 0) return <EmptyState title={t(`operator.empty.${queue}`)} />;
  return (
    <ul className="space-y-3" aria-label={t(`operator.tabs.${queue}`)}>
      {query.data.results.map((order) => (
        <li key={order.number} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <OrderRow order={order} queue={queue} />
        </li>
      ))}
    </ul>
  );
}

function OrderSummary({ order }: { order: StaffOrderSummary }) {
  const { t } = useTranslation();
  return (
    <div className="min-w-0 space-y-1">
      <p className="font-semibold">
        <Link to={`/operator/orders/${order.number}`} className="hover:underline" aria-label={t('operator.openOrder', { number: order.number })}>
          {order.number}
        </Link>{' '}
        <span className="ml-1 rounded bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700">{t(`orderStatus.${order.status}`)}</span>
        {order.requires_prescription && (
          <span className="ml-1 rounded bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-800">{t('operator.rx')}</span>
        )}
      </p>
      <p className="text-sm text-slate-700">
        {order.customer.name || order.customer.phone_number} · {order.customer.phone_number}
      </p>
      <p className="text-sm text-slate-600">
        {t('operator.placedAt', { date: formatDateTime(order.created_at) })} · {t('operator.itemsCount', { n: order.items_count })} ·{' '}
        {formatSom(order.total)} · {t(`operator.payment.${order.payment_method}`)} · {t(`operator.deliveryType.${order.delivery_type}`)}
      </p>
    </div>
  );
}

function OrderRow({ order, queue }: { order: StaffOrderSummary; queue: OrderTab }) {
  if (queue === 'pickup') return <PickupRow order={order} />;
  return <WorkRow order={order} queue={queue} />;
}

function PickupRow({ order }: { order: StaffOrderSummary }) {
  const { t } = useTranslation();
  const handOver = useHandOverPickup();
  const cashDue = order.payment_method === 'cash' && order.paid_at === null;
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <OrderSummary order={order} />
      <button
        type="button"
        className={primaryButtonClass}
        disabled={handOver.isPending}
        aria-label={t('operator.handOverAria', { number: order.number })}
        onClick={() => afterSuccess(handOver.mutateAsync(order), () => toast.success(t('operator.handedOver', { number: order.number })))}
      >
        {cashDue ? t('operator.handOverCash', { amount: formatSom(order.total) }) : t('operator.handOver')}
      </button>
    </div>
  );
}

function WorkRow({ order, queue }: { order: StaffOrderSummary; queue: 'prescriptions' | 'preparation' }) {
  const { t } = useTranslation();
  const change = useChangeOrderStatus();
  const next = order.status === 'preparing' ? 'ready_for_delivery' : 'preparing';

  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <OrderSummary order={order} />
      {queue === 'prescriptions' ? (
        <Link to={`/operator/orders/${order.number}/review`} className={primaryButtonClass} aria-label={t('operator.reviewOrder', { number: order.number })}>
          {t('operator.review')}
        </Link>
      ) : (
        <button
          type="button"
          className={primaryButtonClass}
          disabled={change.isPending}
          aria-label={t(`operator.markAria.${next}`, { number: order.number })}
          onClick={() =>
            afterSuccess(change.mutateAsync({ number: order.number, status: next }), () =>
              toast.success(t(`operator.marked.${next}`, { number: order.number })),
            )
          }
        >
          {t(`operator.mark.${next}`)}
        </button>
      )}
    </div>
  );
}

function DeliveryList({ query }: { query: ReturnType<typeof useDeliveryQueue> }) {
  const { t } = useTranslation();
  if (query.isPending) return <Skeleton className="h-32 w-full" />;
  if (query.isError) return <QueryError title={t('operator.loadError')} error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.results.length === 0) return <EmptyState title={t('operator.empty.courier')} />;
  return (
    <ul className="space-y-3" aria-label={t('operator.tabs.courier')}>
      {query.data.results.map((delivery) => (
        <li key={delivery.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
          <DeliveryRow delivery={delivery} />
        </li>
      ))}
    </ul>
  );
}

function DeliveryRow({ delivery }: { delivery: QueueDelivery }) {
  const { t } = useTranslation();
  const [assigning, setAssigning] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <div className="min-w-0 space-y-1">
        <p className="font-semibold">{delivery.order_number}</p>
        <p className="text-sm text-slate-700">
          {delivery.customer_name} · {delivery.address_text}
          {delivery.zone && <> · {delivery.zone.name}</>}
        </p>
        <p className="text-sm text-slate-600">
          {t('operator.readySince', { date: formatDateTime(delivery.waiting_since) })} · {formatSom(delivery.total)}
        </p>
        <p className="text-sm font-medium" data-testid={`courier-of-${delivery.order_number}`}>
          {delivery.courier ? t('operator.assignedTo', { name: delivery.courier.first_name }) : t('operator.noCourier')}
        </p>
      </div>
      <button
        ref={trigger}
        type="button"
        className={delivery.courier ? secondaryButtonClass : primaryButtonClass}
        aria-label={t('operator.assignAria', { number: delivery.order_number })}
        onClick={() => setAssigning(true)}
      >
        {delivery.courier ? t('operator.reassign') : t('operator.assign')}
      </button>
      {assigning && (
        <AssignCourierDialog
          delivery={delivery}
          onClose={() => {
            setAssigning(false);
            trigger.current?.focus();
          }}
        />
      )}
    </div>
  );
}
