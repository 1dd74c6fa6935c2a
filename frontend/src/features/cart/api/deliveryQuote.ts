import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api';
import { queryKeys } from '@/lib/queryKeys';

// Saved addresses (accounts app) and the delivery quote (delivery app, issue 8:
// `POST /api/v1/delivery/quote/` `{address or lat/lng, cart total}` → fee, ETA or the reason it
// cannot be delivered). The quote's shape is assumed until the delivery API lands on main.

export interface SavedAddress {
  id: number;
  label: string;
  city: string;
  street: string;
  house: string;
  apartment: string;
  is_default: boolean;
}

export interface DeliveryQuote {
  deliverable: boolean;
  fee: string | null;
  eta_minutes: number | null;
  reason: string;
}

export function useSavedAddresses(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.addresses,
    queryFn: async ({ signal }) => {
      const { data } = await api.get<SavedAddress[] | { results: SavedAddress[] }>('/users/me/addresses/', { signal });
      return Array.isArray(data) ? data : data.results;
    },
    enabled,
  });
}

export function useDeliveryQuote(addressId: number | null, itemsTotal: string) {
  return useQuery({
    queryKey: ['delivery-quote', addressId, itemsTotal],
    queryFn: async ({ signal }) =>
      (await api.post<DeliveryQuote>('/delivery/quote/', { address_id: addressId, items_total: itemsTotal }, { signal })).data,
    enabled: addressId !== null,
    retry: false,
  });
}
