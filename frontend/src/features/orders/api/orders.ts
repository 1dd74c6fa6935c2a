import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, type Paginated } from '@/lib/api';
import { queryKeys } from '@/lib/queryKeys';

// The customer's orders (`/api/v1/orders/`, apps/orders/api/orders.py and outputs.py). Orders are
// addressed by their public number (`DX-7K3M9Q2P`), never by id. Every error is
// `{error: {code, message, details}}`; the codes this screen branches on: 404 `not_found`,
// 409 `invalid_transition` (the order moved on meanwhile), 403 `transition_not_allowed`,
// 400 `invalid_prescription`, 409 `order_not_awaiting_prescription`.

export const orderStatuses = [
  'created',
  'awaiting_prescription',
  'awaiting_payment',
  'paid',
  'preparing',
  'ready_for_delivery',
  'on_the_way',
  'delivered',
  'cancelled',
  'refunded',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export type PaymentMethod = 'cash' | 'payme' | 'click';
export type DeliveryType = 'courier' | 'pickup';

export interface OrderSummary {
  id: number;
  number: string;
  status: OrderStatus;
  /** The status in the request's language. */
  status_display: string;
  created_at: string;
  payment_method: PaymentMethod;
  delivery_type: DeliveryType;
  /** When the money was received (online, or cash at handover). */
  paid_at: string | null;
  items_count: number;
  items_total: string;
  delivery_fee: string;
  total: string;
  requires_prescription: boolean;
  /** Until when stock is held for an order awaiting payment or a prescription. */
  reservation_expires_at: string | null;
  customer: { id: number; phone_number: string; name: string };
}

export interface OrderItem {
  id: number;
  product_id: number;
  product_name: string;
  unit_price: string;
  quantity: number;
  line_total: string;
  requires_prescription: boolean;
  batches: { lot_number: string; expiry_date: string; quantity: number }[];
}

export interface TimelineEntry {
  from_status: OrderStatus | '';
  to_status: OrderStatus;
  at: string;
  actor_role: string;
  reason: string;
}

/** Packs staff took off the order because the pharmacy could not supply them. */
export interface RemovedItem {
  product_id: number;
  product_name: string;
  unit_price: string;
  quantity: number;
  /** What the order total went down by (the packs and any lower delivery fee). */
  amount: string;
  reason: string;
  at: string;
}

export interface OrderDetail extends OrderSummary {
  items: OrderItem[];
  note: string;
  prescription_ids: number[];
  prescription_claimed: boolean;
  payment: {
    method: PaymentMethod;
    is_paid: boolean;
    paid_at: string | null;
    amount_due: string;
    /** Where to pay online now (Payme/Click, or the development simulator); null when nothing is due. */
    checkout_url: string | null;
  };
  delivery: {
    type: DeliveryType;
    address: { text: string; latitude: string | null; longitude: string | null } | null;
    fee: string;
    delivered_at: string | null;
  };
  timeline: TimelineEntry[];
  removed_items: RemovedItem[];
  /** Statuses the signed-in user may move the order to now (for a customer: `cancelled` or none). */
  available_transitions: OrderStatus[];
  /** Staff may take lines off the order now; always false for customers. */
  lines_removable: boolean;
}

export interface ReorderResult {
  added: { product_id: number; name: string; quantity: number }[];
  skipped: { product_id: number; name: string; reason: 'inactive' | 'out_of_stock' | 'quantity_limit' | 'cart_full' }[];
  cart: unknown;
}

export interface PrescriptionChoice {
  id: number;
  status: 'pending' | 'approved' | 'rejected' | 'expired';
  created_at: string;
  doctor_name: string;
}

/** `/orders/DX-…/` for an order number. */
export function orderPath(number: string, action = ''): string {
  return `/orders/${encodeURIComponent(number)}/${action ? `${action}/` : ''}`;
}

export function useOrders(status: string, page: number) {
  return useQuery({
    queryKey: [...queryKeys.orders, 'list', status, page],
    queryFn: async ({ signal }) =>
      (
        await api.get<Paginated<OrderSummary>>('/orders/', {
          params: { status: status || undefined, page: page > 1 ? page : undefined },
          signal,
        })
      ).data,
    placeholderData: keepPreviousData,
  });
}

const waitingStatuses: OrderStatus[] = ['created', 'awaiting_prescription', 'awaiting_payment'];

function detailKey(number: string) {
  return [...queryKeys.orders, 'detail', number.toUpperCase()];
}

export function useOrder(number: string) {
  return useQuery({
    queryKey: detailKey(number),
    queryFn: async ({ signal }) => (await api.get<OrderDetail>(orderPath(number), { signal })).data,
    // While the order waits for something (payment coming back from Payme, a pharmacist), or is
    // on its way, look again now and then.
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status && (waitingStatuses.includes(status) || status === 'on_the_way') ? 15_000 : false;
    },
  });
}

/** Whether the signed-in user may cancel the order now, as the server says. */
export function canCancel(order: Pick<OrderDetail, 'available_transitions'>): boolean {
  return order.available_transitions.includes('cancelled');
}

/** A change that answers with the order as it now is: that replaces the cached one. */
function useOrderChange<Variables>(number: string, request: (variables: Variables) => Promise<OrderDetail>, alsoStale: readonly unknown[][] = []) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (order) => queryClient.setQueryData(detailKey(number), order),
    // Refused because the order moved on meanwhile (or anything else): show it as it is now.
    onSettled: async () => {
      await Promise.all([queryKeys.orders, ...alsoStale].map((queryKey) => queryClient.invalidateQueries({ queryKey: [...queryKey] })));
    },
  });
}

export function useCancelOrder(number: string) {
  return useOrderChange(number, async (reason: string) => (await api.post<OrderDetail>(orderPath(number, 'cancel'), { reason })).data);
}

/** Attach prescriptions to an order awaiting one; the server releases it once they cover it. */
export function useAttachPrescriptions(number: string) {
  return useOrderChange(
    number,
    async (prescriptionIds: number[]) =>
      (await api.post<OrderDetail>(orderPath(number, 'prescriptions'), { prescription_ids: prescriptionIds })).data,
    [[...queryKeys.prescriptions]],
  );
}

/** The customer's prescriptions that can still cover an order: pending review or approved. */
export function usePrescriptionChoices(enabled: boolean) {
  return useQuery({
    queryKey: [...queryKeys.prescriptions, 'choices'],
    queryFn: async ({ signal }) => {
      const { data } = await api.get<PrescriptionChoice[] | Paginated<PrescriptionChoice>>('/prescriptions/', {
        params: { page_size: 50 },
        signal,
      });
      const list = Array.isArray(data) ? data : data.results;
      return list.filter((prescription) => prescription.status === 'pending' || prescription.status === 'approved');
    },
    enabled,
  });
}

export function useReorder(number: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => (await api.post<ReorderResult>(orderPath(number, 'reorder'))).data,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.cart }),
  });
}
