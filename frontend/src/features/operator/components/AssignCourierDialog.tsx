import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { primaryButtonClass, secondaryButtonClass } from '@/components/buttonStyles';
import { EmptyState } from '@/components/EmptyState';
import { QueryError } from '@/components/QueryError';
import { Skeleton } from '@/components/Skeleton';
import { toast } from '@/components/toastStore';
import { afterSuccess, useAssignCourier, useCouriersOnShift, type QueueDelivery } from '@/features/operator/api/operator';

/** Choose a courier on shift (with their load) for a delivery waiting at the pharmacy. Escape closes it. */
export function AssignCourierDialog({ delivery, onClose }: { delivery: QueueDelivery; onClose: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const couriers = useCouriersOnShift();
  const assign = useAssignCourier();
  const [courierId, setCourierId] = useState<number | null>(null);
  const dialog = useRef<HTMLDivElement>(null);

  useEffect(() => {
    dialog.current?.focus();
  }, []);

  // Tab and Shift+Tab cycle through the dialog's own controls while it is open.
  function keepFocusInside(event: KeyboardEvent) {
    const focusable = dialog.current?.querySelectorAll<HTMLElement>('input:not([disabled]), button:not([disabled])');
    if (!focusable || focusable.length === 0) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && (document.activeElement === first || document.activeElement === dialog.current)) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (courierId === null) return;
    const courier = couriers.data?.find((candidate) => candidate.id === courierId);
    afterSuccess(assign.mutateAsync({ delivery_id: delivery.id, courier_id: courierId }), () => {
      toast.success(t('operator.assigned', { number: delivery.order_number, name: courier?.first_name ?? '' }));
      onClose();
    });
  }

  return (
    <div className="fixed inset-0 z-40 grid place-items-center bg-slate-900/40 p-4">
      <div
        ref={dialog}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
          if (event.key === 'Tab') keepFocusInside(event);
        }}
        className="w-full max-w-md space-y-4 rounded-xl bg-white p-5 shadow-xl focus:outline-none"
      >
        <h2 id={titleId} className="text-lg font-bold">
          {t('operator.assignTitle', { number: delivery.order_number })}
        </h2>
        {couriers.isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : couriers.isError ? (
          <QueryError title={t('operator.loadError')} error={couriers.error} onRetry={() => void couriers.refetch()} />
        ) : couriers.data.length === 0 ? (
          <EmptyState title={t('operator.noCouriers')} />
        ) : (
          <form onSubmit={submit} className="space-y-4">
            <fieldset className="space-y-2">
              <legend className="mb-1 text-sm font-medium text-slate-700">{t('operator.couriersOnShift')}</legend>
              {couriers.data.map((courier) => {
                const full = courier.active_deliveries >= courier.max_active_deliveries;
                const name = `${courier.first_name} ${courier.last_name}`.trim();
                return (
                  <label
                    key={courier.id}
                    className={`flex items-center gap-3 rounded-lg border p-3 ${full ? 'border-slate-200 text-slate-400' : 'border-slate-300 hover:bg-slate-50'}`}
                  >
                    <input
                      type="radio"
                      name="courier"
                      value={courier.id}
                      disabled={full}
                      checked={courierId === courier.id}
                      onChange={() => setCourierId(courier.id)}
                    />
                    <span className="flex-1">
                      <span className="block font-medium">{name}</span>
                      <span className="block text-sm">
                        {t('operator.courierLoad', { active: courier.active_deliveries, max: courier.max_active_deliveries })}
                        {full && <> · {t('operator.courierFull')}</>}
                      </span>
                    </span>
                  </label>
                );
              })}
            </fieldset>
            <div className="flex justify-end gap-2">
              <button type="button" className={secondaryButtonClass} onClick={onClose}>
                {t('common.cancel')}
              </button>
              <button type="submit" className={primaryButtonClass} disabled={courierId === null || assign.isPending}>
                {t('operator.assignConfirm')}
              </button>
            </div>
          </form>
        )}
        {couriers.data?.length === 0 && (
          <div className="flex justify-end">
            <button type="button" className={secondaryButtonClass} onClick={onClose}>
              {t('common.cancel')}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
