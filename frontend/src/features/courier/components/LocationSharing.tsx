import { useTranslation } from 'react-i18next';

import { useLocationSharing, type LocationState } from '@/features/courier/hooks/useLocationSharing';

const tone: Record<LocationState, string> = {
  off: 'border-slate-200 bg-white text-slate-700',
  unsupported: 'border-amber-300 bg-amber-50 text-amber-900',
  prompt: 'border-amber-300 bg-amber-50 text-amber-900',
  locating: 'border-slate-200 bg-white text-slate-700',
  sharing: 'border-brand-700/30 bg-emerald-50 text-brand-800',
  denied: 'border-red-300 bg-red-50 text-red-900',
  unavailable: 'border-amber-300 bg-amber-50 text-amber-900',
};

/** `20:14` in Tashkent: the courier only needs to see that the last ping is recent. */
function formatClock(moment: Date): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Tashkent' }).format(moment);
}

/** While the parcel is on the way: the courier's position goes to the customer's tracking map. */
export function LocationSharing({ deliveryId, active }: { deliveryId: number; active: boolean }) {
  const { t } = useTranslation();
  const { state, lastSentAt, sendError } = useLocationSharing(deliveryId, active);
  if (state === 'off') return null;
  return (
    <section aria-labelledby="location-sharing" data-testid="location-sharing" data-state={state} className={`rounded-lg border p-3 text-sm ${tone[state]}`}>
      <h2 id="location-sharing" className="font-semibold">
        <span aria-hidden="true" className={`mr-2 inline-block size-2.5 rounded-full ${state === 'sharing' ? 'animate-pulse bg-brand-700' : 'bg-current opacity-60'}`} />
        {t('courierLive.location.title')}
      </h2>
      <p role="status" className="mt-1">
        {state === 'sharing' && t('courierLive.location.sharing')}
        {state === 'locating' && t('courierLive.location.locating')}
        {state === 'prompt' && t('courierLive.location.prompt')}
        {state === 'denied' && t('courierLive.location.denied')}
        {state === 'unsupported' && t('courierLive.location.unsupported')}
        {state === 'unavailable' && t('courierLive.location.unavailable')}
      </p>
      {lastSentAt && (
        <p className="mt-1 text-xs opacity-80" data-testid="location-last-sent">
          {t('courierLive.location.lastSent', { time: formatClock(lastSentAt) })}
        </p>
      )}
      {sendError && <p className="mt-1 text-xs text-red-700">{t('courierLive.location.sendFailed', { message: sendError })}</p>}
    </section>
  );
}
