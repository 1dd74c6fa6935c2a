import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, type Paginated } from '@/lib/api';
import { apiErrorCode } from '@/lib/fieldErrors';
import { queryKeys } from '@/lib/queryKeys';

// What checkout reads and writes. Cart and addresses are the orders and accounts APIs (the same
// query keys as the cart and account screens use, so the cache is shared); checkout itself is
// `POST /api/v1/orders/checkout/` with an Idempotency-Key header (apps/orders/api/checkout.py):
// `{payment_method, delivery_type, address_id | address: {text, latitude?, longitude?}, note,
// prescription_ids}` → 201 the order (200 for a repeat of the same request with the same key).
// Refusals this screen branches on: 409 `insufficient_stock` (the cart is re-read), 409
// `idempotency_key_reused` (the next attempt gets a new key), 400 `address_not_found` (the saved
// addresses are re-read), 400 `address_outside_zones` / `outside_delivery_hours` /
// `below_minimum_order` / `address_location_required` (the delivery quote is re-read).

export type PaymentMethod = 'cash' | 'payme' | 'click';
export type DeliveryType = 'courier' | 'pickup';

export interface CheckoutCart {
  items: { id: number; product: { name: string }; quantity: number; line_total: string; requires_prescription: boolean }[];
  items_total: string;
  requires_prescription: boolean;
  can_checkout: boolean;
  /** `pickup_only`: prescription medicines can only be collected at the pharmacy. */
  prescription_policy: 'upload_review' | 'pickup_only';
}

export interface SavedAddress {
  id: number;
  label: string;
  region: string;
  city: string;
  street: string;
  house: string;
  apartment: string;
  latitude: string | null;
  longitude: string | null;
  is_default: boolean;
}

export interface PrescriptionChoice {
  id: number;
  status: 'pending' | 'approved' | 'rejected' | 'expired';
  created_at: string;
  valid_until: string | null;
  doctor_name: string;
}

export interface CheckoutInput {
  payment_method: PaymentMethod;
  delivery_type: DeliveryType;
  address_id?: number;
  address?: { text: string; latitude?: string; longitude?: string };
  note: string;
  prescription_ids: number[];
}

/** The part of the order (`OrderDetailOutput`) that checkout reads. */
export interface CheckoutOrder {
  id: number;
  number: string;
  status: string;
  total: string;
  payment: { method: PaymentMethod; is_paid: boolean; amount_due: string; checkout_url: string | null };
}

function listOf<T>(data: T[] | Paginated<T>): T[] {
  return Array.isArray(data) ? data : data.results;
}

export function useCheckoutCart() {
  return useQuery({
    queryKey: queryKeys.cart,
    queryFn: async ({ signal }) => (await api.get<CheckoutCart>('/orders/cart/', { signal })).data,
  });
}

export function useAddresses() {
  return useQuery({
    queryKey: queryKeys.addresses,
    queryFn: async ({ signal }) => listOf((await api.get<SavedAddress[] | Paginated<SavedAddress>>('/users/me/addresses/', { signal })).data),
  });
}

/** Prescriptions that can still cover an order: approved ones, and those waiting for review. */
export function usePrescriptionChoices(enabled: boolean) {
  return useQuery({
    queryKey: [...queryKeys.prescriptions, 'choices'],
    queryFn: async ({ signal }) => {
      const { data } = await api.get<PrescriptionChoice[] | Paginated<PrescriptionChoice>>('/prescriptions/', {
        params: { page_size: 50 },
        signal,
      });
      return listOf(data).filter((prescription) => prescription.status === 'pending' || prescription.status === 'approved');
    },
    enabled,
  });
}

export function useUploadPrescription() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (images: File[]) => {
      const form = new FormData();
      for (const image of images) form.append('images', image);
      return (await api.post<PrescriptionChoice>('/prescriptions/', form)).data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.prescriptions }),
  });
}

export function useSaveAddress() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (address: Record<string, string | boolean>) => (await api.post<SavedAddress>('/users/me/addresses/', address)).data,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.addresses }),
  });
}

export function useCheckout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ input, idempotencyKey }: { input: CheckoutInput; idempotencyKey: string }) =>
      (await api.post<CheckoutOrder>('/orders/checkout/', input, { headers: { 'Idempotency-Key': idempotencyKey } })).data,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.cart });
      void queryClient.invalidateQueries({ queryKey: queryKeys.orders });
    },
    onError: (error) => {
      const code = apiErrorCode(error);
      // The cart changed under the customer (stock ran out, a product left the catalog): show it
      // as it is now, with its warnings.
      if (code === 'insufficient_stock' || code === 'product_unavailable' || code === 'cart_empty')
        void queryClient.invalidateQueries({ queryKey: queryKeys.cart });
      if (code === 'address_not_found') void queryClient.invalidateQueries({ queryKey: queryKeys.addresses });
      // Delivery refused for this address now (zone, hours, minimum, no pin): show the fresh quote.
      if ((deliveryRefusalCodes as readonly (string | null)[]).includes(code)) void queryClient.invalidateQueries({ queryKey: ['delivery-quote'] });
    },
  });
}

/**
 * Payments (apps/payments/api.py): `POST /api/v1/payments/create/` `{order_id, provider}` with the
 * order's database id → `{payment_id, checkout_url}` (201, or 200 for the open attempt).
 */
export async function startPayment(orderId: number, provider: 'payme' | 'click'): Promise<string> {
  const { data } = await api.post<{ payment_id: number; checkout_url: string }>('/payments/create/', {
    order_id: orderId,
    provider,
  });
  return data.checkout_url;
}

/** `DeliveryQuoteOutput` (apps/delivery/api/zones.py); a refusal has `is_deliverable: false`. */
export interface DeliveryQuote {
  is_deliverable: boolean;
  reason: 'address_outside_zones' | 'outside_delivery_hours' | 'below_minimum_order' | '';
  /** Why not, in the request's language (empty when deliverable). */
  message: string;
  fee: string | null;
  eta_min_minutes: number | null;
  eta_max_minutes: number | null;
}

/** Refusals checkout answers with (400) when the delivery cannot be priced: the quote is re-read. */
export const deliveryRefusalCodes = [
  'address_outside_zones',
  'outside_delivery_hours',
  'below_minimum_order',
  'address_location_required',
] as const;

/**
 * `POST /api/v1/delivery/quote/` `{address_id | latitude + longitude, cart_total}` for a saved
 * address or a map point; a new address typed without a pin is priced at checkout (null here).
 */
export function useDeliveryQuote(request: { address_id: number } | { latitude: string; longitude: string } | null, cartTotal: string) {
  return useQuery({
    queryKey: ['delivery-quote', request, cartTotal],
    queryFn: async ({ signal }) => (await api.post<DeliveryQuote>('/delivery/quote/', { ...request, cart_total: cartTotal }, { signal })).data,
    enabled: request !== null,
    retry: false,
  });
}
