import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

import type { RemovedItem } from '@/features/orders/api/orders';
import { api, type Paginated } from '@/lib/api';

// The pharmacy operator's API: orders (apps/orders), prescriptions (apps/prescriptions),
// deliveries and couriers (apps/delivery) and stock lists (apps/products).

/** How often the live queue asks the server again while the screen is open. */
export const QUEUE_REFRESH_MS = 15_000;
const QUEUE_PAGE_SIZE = 50;

export type OrderStatus =
  | 'created'
  | 'awaiting_prescription'
  | 'awaiting_payment'
  | 'paid'
  | 'preparing'
  | 'ready_for_delivery'
  | 'on_the_way'
  | 'delivered'
  | 'cancelled'
  | 'refunded';

export interface StaffOrderSummary {
  id: number;
  number: string;
  status: OrderStatus;
  created_at: string;
  payment_method: 'payme' | 'click' | 'cash';
  delivery_type: 'courier' | 'pickup';
  paid_at: string | null;
  items_count: number;
  total: string;
  requires_prescription: boolean;
  customer: { id: number; phone_number: string; name: string };
}

export interface StaffOrderItem {
  id: number;
  product_id: number;
  product_name: string;
  unit_price: string;
  quantity: number;
  line_total: string;
  requires_prescription: boolean;
}

export interface StaffOrder extends StaffOrderSummary {
  items: StaffOrderItem[];
  removed_items: RemovedItem[];
  note: string;
  prescription_ids: number[];
  available_transitions: string[];
  /** Lines the pharmacy cannot supply may be taken off now (the server's rules and checks). */
  lines_removable: boolean;
}

export interface PrescriptionImage {
  id: number;
  url: string;
  width: number;
  height: number;
  original_name: string;
}

export type PrescriptionStatus = 'pending' | 'approved' | 'rejected' | 'expired';

export const rejectionReasons = [
  'unreadable',
  'incomplete',
  'expired_document',
  'not_a_prescription',
  'patient_mismatch',
  'suspected_forgery',
  'other',
] as const;
export type RejectionReason = (typeof rejectionReasons)[number];

export interface StaffPrescription {
  id: number;
  status: PrescriptionStatus;
  doctor_name: string;
  clinic_name: string;
  issued_on: string | null;
  valid_until: string | null;
  e_prescription_number: string;
  customer_note: string;
  created_at: string;
  images: PrescriptionImage[];
  owner: { id: number; full_name: string; phone_number: string | null };
  rejection_reason: string;
  rejection_note: string;
}

export interface QueueDelivery {
  id: number;
  order_number: string;
  status: 'ready' | 'assigned';
  courier: { id: number; first_name: string; phone_number: string | null } | null;
  zone: { id: number; name: string } | null;
  address_text: string;
  waiting_since: string;
  payment_method: string;
  total: string;
  customer_name: string;
}

export interface CourierOnShift {
  id: number;
  first_name: string;
  last_name: string;
  phone_number: string | null;
  shift_started_at: string;
  active_deliveries: number;
  max_active_deliveries: number;
}

export interface LowStockProduct {
  id: number;
  name: string;
  slug: string;
  sellable_quantity: number;
  low_stock_threshold: number;
}

export interface NearExpiryBatch {
  id: number;
  product_id: number;
  product_name: string;
  lot_number: string;
  expiry_date: string;
  quantity: number;
  reserved: number;
  days_left: number;
}

/** The order filters of each queue tab; orders are listed oldest first. */
export const orderQueues = {
  prescriptions: { status: ['awaiting_prescription'] },
  preparation: { status: ['created', 'paid', 'preparing'] },
  pickup: { status: ['ready_for_delivery'], delivery_type: 'pickup' },
} as const satisfies Record<string, { status: OrderStatus[]; delivery_type?: 'pickup' }>;
export type OrderQueue = keyof typeof orderQueues;

const keys = {
  all: ['operator'] as const,
  queue: (queue: OrderQueue) => ['operator', 'queue', queue] as const,
  deliveries: ['operator', 'queue', 'deliveries'] as const,
  couriers: ['operator', 'couriers'] as const,
  order: (number: string) => ['operator', 'order', number] as const,
  prescription: (id: number) => ['operator', 'prescription', id] as const,
  image: (url: string) => ['operator', 'image', url] as const,
  lowStock: (page: number) => ['operator', 'stock', 'low', page] as const,
  nearExpiry: (page: number) => ['operator', 'stock', 'near-expiry', page] as const,
};

export function useOrderQueue(queue: OrderQueue) {
  return useQuery({
    queryKey: keys.queue(queue),
    queryFn: async ({ signal }) =>
      (
        await api.get<Paginated<StaffOrderSummary>>('/orders/', {
          params: { ...orderQueues[queue], ordering: 'created_at', page_size: QUEUE_PAGE_SIZE },
          paramsSerializer: { indexes: null },
          signal,
        })
      ).data,
    refetchInterval: QUEUE_REFRESH_MS,
    staleTime: 0,
  });
}

export function useDeliveryQueue() {
  return useQuery({
    queryKey: keys.deliveries,
    queryFn: async ({ signal }) =>
      (await api.get<Paginated<QueueDelivery>>('/delivery/queue/', { params: { page_size: QUEUE_PAGE_SIZE }, signal })).data,
    refetchInterval: QUEUE_REFRESH_MS,
    staleTime: 0,
  });
}

export function useCouriersOnShift(enabled = true) {
  return useQuery({
    queryKey: keys.couriers,
    queryFn: async ({ signal }) =>
      (await api.get<Paginated<CourierOnShift>>('/delivery/couriers/', { params: { page_size: 100 }, signal })).data.results,
    enabled,
    refetchInterval: QUEUE_REFRESH_MS,
    staleTime: 0,
  });
}

export function useStaffOrder(number: string) {
  return useQuery({
    queryKey: keys.order(number),
    queryFn: async ({ signal }) => (await api.get<StaffOrder>(`/orders/${number}/`, { signal })).data,
  });
}

export function usePrescription(id: number) {
  return useQuery({
    queryKey: keys.prescription(id),
    queryFn: async ({ signal }) => (await api.get<StaffPrescription>(`/prescriptions/${id}/`, { signal })).data,
  });
}

/**
 * A prescription page as a local object URL: the file is served only with the Authorization
 * header, which an <img src> cannot send. The URL lives as long as the component using it.
 */
export function usePrescriptionImage(url: string) {
  const file = useQuery({
    queryKey: keys.image(url),
    queryFn: async ({ signal }) => (await api.get<Blob>(url, { responseType: 'blob', signal })).data,
    staleTime: Infinity,
    gcTime: 60_000,
  });
  const [objectUrl, setObjectUrl] = useState<string>();
  useEffect(() => {
    if (!file.data) return;
    const created = URL.createObjectURL(file.data);
    setObjectUrl(created);
    return () => {
      URL.revokeObjectURL(created);
      setObjectUrl(undefined);
    };
  }, [file.data]);
  return { ...file, objectUrl };
}

/**
 * A change that moves work between queues: every operator list is read again afterwards. The
 * screen that made the change may unmount on that refetch (a reviewed prescription loses its
 * forms, a prepared order leaves its tab), so callers follow up with `mutateAsync`, whose promise
 * settles whether or not they are still mounted, rather than with `mutate`'s callbacks.
 */
function useQueueChange<Input, Output>(send: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.all });
    },
  });
}

/** Runs `then` once the change succeeded; a failure is already shown by the app's error toast. */
export function afterSuccess<Output>(change: Promise<Output>, then: (output: Output) => void) {
  change.then(then, () => undefined);
}

export function useApprovePrescription(id: number) {
  return useQueueChange(
    async (input: { valid_until: string; items: { product: number; quantity: number }[]; note: string }) =>
      (await api.post<StaffPrescription>(`/prescriptions/${id}/approve/`, input)).data,
  );
}

export function useRejectPrescription(id: number) {
  return useQueueChange(
    async (input: { reason: RejectionReason; note: string }) => (await api.post<StaffPrescription>(`/prescriptions/${id}/reject/`, input)).data,
  );
}

export function useChangeOrderStatus() {
  return useQueueChange(
    async ({ number, status }: { number: string; status: 'preparing' | 'ready_for_delivery' }) =>
      (await api.post<StaffOrder>(`/orders/${number}/status/`, { status })).data,
  );
}

/** Hands a pickup order over at the counter: a cash order's cash is recorded first (the exact
 * total; repeating it is harmless), then the order is marked delivered. */
export function useHandOverPickup() {
  return useQueueChange(async (order: StaffOrderSummary) => {
    if (order.payment_method === 'cash' && order.paid_at === null) {
      await api.post('/payments/cash/confirm/', { order_id: order.id, amount: order.total });
    }
    return (await api.post<StaffOrder>(`/orders/${order.number}/status/`, { status: 'delivered' })).data;
  });
}

/** Takes packs of one line off an order (`keep` of them stay; 0 removes the line), with the reason
 * the customer is told. Answers with the order as it now is. */
export function useRemoveOrderLine(number: string) {
  return useQueueChange(
    async ({ itemId, keep, reason }: { itemId: number; keep: number; reason: string }) =>
      (await api.post<StaffOrder>(`/orders/${number}/items/${itemId}/remove/`, { keep, reason })).data,
  );
}

export function useAssignCourier() {
  return useQueueChange(
    async (input: { delivery_id: number; courier_id: number }) => (await api.post<{ id: number }>('/delivery/assign-courier/', input)).data,
  );
}

export function useLowStock(page: number) {
  return useQuery({
    queryKey: keys.lowStock(page),
    queryFn: async ({ signal }) =>
      (await api.get<Paginated<LowStockProduct>>('/products/stock/low/', { params: { page: page > 1 ? page : undefined }, signal })).data,
    placeholderData: keepPreviousData,
  });
}

export function useNearExpiry(page: number) {
  return useQuery({
    queryKey: keys.nearExpiry(page),
    queryFn: async ({ signal }) =>
      (await api.get<Paginated<NearExpiryBatch>>('/products/stock/near-expiry/', { params: { page: page > 1 ? page : undefined }, signal }))
        .data,
    placeholderData: keepPreviousData,
  });
}
