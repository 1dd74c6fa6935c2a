import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api';

// Delivery app (issue 8, not on main yet): `GET /api/v1/delivery/{order_id}/track/` — status,
// courier first name, last known location while on the way, ETA. Shape assumed.

export interface Tracking {
  status: string;
  courier_first_name: string | null;
  location: { latitude: string; longitude: string; recorded_at: string } | null;
  eta: string | null;
}

export function useTracking(orderId: number, enabled: boolean) {
  return useQuery({
    queryKey: ['tracking', orderId],
    queryFn: async ({ signal }) => (await api.get<Tracking>(`/delivery/${orderId}/track/`, { signal })).data,
    enabled,
    retry: false,
    refetchInterval: 20_000,
  });
}
