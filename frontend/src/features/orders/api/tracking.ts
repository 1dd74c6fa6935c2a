import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api';

// Delivery tracking (apps/delivery/api/tracking.py): `GET /api/v1/delivery/{order_number}/track/`
// for the order's customer; 404 `not_found` while the order has no delivery yet (shown as nothing).
// `location` is the courier's last position, only while the parcel is on its way.

export type DeliveryStatus = 'ready' | 'assigned' | 'picked_up' | 'on_the_way' | 'delivered' | 'failed' | 'returned';

export interface Tracking {
  order_number: string;
  status: DeliveryStatus;
  attempt: number;
  courier_first_name: string | null;
  eta_earliest: string | null;
  eta_latest: string | null;
  location: { latitude: string; longitude: string; recorded_at: string } | null;
  delivered_at: string | null;
  proof_method: string;
  timeline: { status: DeliveryStatus; at: string }[];
}

/** Seconds between refreshes: often while the parcel moves, seldom while it waits for a courier. */
export const trackingRefreshSeconds = { moving: 15, waiting: 60 } as const;

/** How often to read the tracking again for a delivery in this state; false once it is over. */
export function trackingRefetchInterval(status: DeliveryStatus | undefined): number | false {
  if (status === 'on_the_way') return trackingRefreshSeconds.moving * 1000;
  if (status === undefined || status === 'ready' || status === 'assigned' || status === 'picked_up') return trackingRefreshSeconds.waiting * 1000;
  return false;
}

export function useTracking(orderNumber: string, enabled: boolean) {
  return useQuery({
    queryKey: ['tracking', orderNumber.toUpperCase()],
    queryFn: async ({ signal }) =>
      (await api.get<Tracking>(`/delivery/${encodeURIComponent(orderNumber)}/track/`, { signal })).data,
    enabled,
    retry: false,
    // In transit the courier's position moves on the map; delivered, failed or returned: nothing
    // changes any more. A failed read (no delivery yet, a lost connection) is tried again seldom.
    refetchInterval: (query) =>
      query.state.status === 'error' ? trackingRefreshSeconds.waiting * 1000 : trackingRefetchInterval(query.state.data?.status),
  });
}
