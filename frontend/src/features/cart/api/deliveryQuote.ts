import { useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api';
import { queryKeys } from '@/lib/queryKeys';

// Saved addresses (accounts app) and the delivery quote (apps/delivery/api/zones.py):
// `POST /api/v1/delivery/quote/` `{address_id | latitude + longitude, cart_total}` →
// `DeliveryQuoteOutput`. A refusal is a 200 with `is_deliverable: false`, `reason`
// (`address_outside_zones`, `outside_delivery_hours`, `below_minimum_order`) and `message` in the
// request's language; a saved address without a map pin is a 400 `address_location_required`
// (and a deleted one `address_not_found`), which the cart shows as "priced at checkout".

export interface SavedAddress {
  id: number;
  label: string;
  city: string;
  street: string;
  house: string;
  apartment: string;
  is_default: boolean;
}

export type QuoteRefusal = 'address_outside_zones' | 'outside_delivery_hours' | 'below_minimum_order';

export interface DeliveryQuote {
  is_deliverable: boolean;
  reason: QuoteRefusal | '';
  message: string;
  zone: { id: number; name: string } | null;
  fee: string | null;
  eta_min_minutes: number | null;
  eta_max_minutes: number | null;
  free_delivery_from: string | null;
  min_order_total: string | null;
  opens_at: string | null;
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

export function useDeliveryQuote(addressId: number | null, cartTotal: string) {
  return useQuery({
    queryKey: ['delivery-quote', addressId, cartTotal],
    queryFn: async ({ signal }) =>
      (await api.post<DeliveryQuote>('/delivery/quote/', { address_id: addressId, cart_total: cartTotal }, { signal })).data,
    enabled: addressId !== null,
    retry: false,
  });
}
