import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, type Paginated } from '@/lib/api';
import { queryKeys } from '@/lib/queryKeys';

// The customer's orders (`/api/v1/orders/`, issue 5). Status values and the history rows follow
// apps/orders/models.py on the orders branch; the list/detail field names are assumed until the
// orders API lands on main.

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

export interface OrderSummary {
  id: number;
  number: string;
  status: OrderStatus;
  created_at: string;
  total: string;
  payment_method: 'cash' | 'payme' | 'click';
  delivery_type: 'courier' | 'pickup';
}

export interface OrderDetail extends OrderSummary {
  address_text: string;
  customer_note: string;
  items: {
    id: number;
    product_id: number;
    product_name: string;
    unit_price: string;
    quantity: number;
    line_total: string;
    requires_prescription: boolean;
  }[];
  items_total: string;
  delivery_fee: string;
  requires_prescription: boolean;
  paid_at: string | null;
  history: { from_status: OrderStatus | ''; to_status: OrderStatus; created_at: string; reason: string }[];
}

export interface ReorderResult {
  added: { product_id: number; name: string; quantity: number }[];
  skipped: { product_id: number; name: string; reason: 'inactive' | 'out_of_stock' | 'quantity_limit' | 'cart_full' }[];
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

export function useOrder(id: string) {
  return useQuery({
    queryKey: [...queryKeys.orders, 'detail', id],
    queryFn: async ({ signal }) => (await api.get<OrderDetail>(`/orders/${encodeURIComponent(id)}/`, { signal })).data,
    // While the order waits for something (payment coming back from Payme, a pharmacist), or is
    // on its way, look again now and then.
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status && (waitingStatuses.includes(status) || status === 'on_the_way') ? 15_000 : false;
    },
  });
}

export function canCancel(status: OrderStatus): boolean {
  return ['created', 'awaiting_prescription', 'awaiting_payment', 'paid'].includes(status);
}

export function useCancelOrder(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (reason: string) => (await api.post<OrderDetail>(`/orders/${id}/cancel/`, { reason })).data,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.orders }),
  });
}

export function useReorder(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => (await api.post<ReorderResult>(`/orders/${id}/reorder/`)).data,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.cart }),
  });
}
