import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, type Paginated } from '@/lib/api';

// The courier's API (`/api/v1/delivery/courier/...`, apps/delivery/api/courier.py).

export type DeliveryStatus = 'ready' | 'assigned' | 'picked_up' | 'on_the_way' | 'delivered' | 'failed' | 'returned';

/** The reasons a courier may report (REPORTED_FAILURE_REASONS in apps/delivery/models.py). */
export const failureReasons = [
  'customer_unreachable',
  'customer_absent',
  'wrong_address',
  'customer_refused',
  'parcel_damaged',
  'other',
] as const;
export type FailureReason = (typeof failureReasons)[number];

export interface CourierShift {
  on_shift: boolean;
  started_at: string | null;
  active_deliveries: number;
  max_active_deliveries: number;
}

export interface CourierDeliverySummary {
  id: number;
  order_number: string;
  status: DeliveryStatus;
  attempt: number;
  address_text: string;
  customer_first_name: string;
  items_count: number;
  eta_earliest: string | null;
  eta_latest: string | null;
  updated_at: string;
  /** The order's id, for recording the cash (`POST /payments/cash/confirm/`). */
  order_id: number;
  payment_method: string;
  cash_to_collect: string;
  /** A cash order whose cash is recorded as received (false for orders paid online). */
  cash_received: boolean;
}

export interface CourierDelivery extends Omit<CourierDeliverySummary, 'items_count' | 'updated_at'> {
  next_statuses: string[];
  latitude: string | null;
  longitude: string | null;
  customer_phone: string | null;
  customer_note: string;
  items: { name: string; quantity: number }[];
  assigned_at: string | null;
  picked_up_at: string | null;
  on_the_way_at: string | null;
  delivered_at: string | null;
  failed_at: string | null;
  failure_reason: string;
  proof_method: string;
  handover: { code_sent_at: string | null; attempts_left: number; is_locked: boolean };
}

const base = '/delivery/courier';
const keys = {
  shift: ['courier', 'shift'] as const,
  deliveries: (state: 'active' | 'done') => ['courier', 'deliveries', state] as const,
  delivery: (id: number) => ['courier', 'delivery', id] as const,
  cash: ['courier', 'cash'] as const,
};

export function useShift() {
  return useQuery({ queryKey: keys.shift, queryFn: async ({ signal }) => (await api.get<CourierShift>(`${base}/shift/`, { signal })).data });
}

export function useSetShift() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (onShift: boolean) => (await api.post<CourierShift>(`${base}/shift/`, { on_shift: onShift })).data,
    onSuccess: (shift) => queryClient.setQueryData(keys.shift, shift),
  });
}

export function useDeliveries(state: 'active' | 'done') {
  return useQuery({
    queryKey: keys.deliveries(state),
    queryFn: async ({ signal }) => {
      const { data } = await api.get<CourierDeliverySummary[] | Paginated<CourierDeliverySummary>>(`${base}/deliveries/`, {
        params: { state },
        signal,
      });
      return Array.isArray(data) ? data : data.results;
    },
    refetchInterval: state === 'active' ? 30_000 : false,
  });
}

export function useDelivery(id: number) {
  return useQuery({
    queryKey: keys.delivery(id),
    queryFn: async ({ signal }) => (await api.get<CourierDelivery>(`${base}/deliveries/${id}/`, { signal })).data,
  });
}

/** Every change answers with the delivery as it is now; the lists are refetched. */
function useDeliveryChange<Input>(id: number, send: (input: Input) => Promise<CourierDelivery>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: (delivery) => {
      queryClient.setQueryData(keys.delivery(id), delivery);
      void queryClient.invalidateQueries({ queryKey: ['courier', 'deliveries'] });
      void queryClient.invalidateQueries({ queryKey: keys.shift });
    },
  });
}

export function useUpdateStatus(id: number) {
  return useDeliveryChange(id, async (status: 'picked_up' | 'on_the_way') =>
    (await api.post<CourierDelivery>(`${base}/deliveries/${id}/status/`, { status })).data,
  );
}

export function useFailDelivery(id: number) {
  return useDeliveryChange(id, async (input: { reason: FailureReason; note?: string }) =>
    (await api.post<CourierDelivery>(`${base}/deliveries/${id}/fail/`, input)).data,
  );
}

export function useConfirmHandover(id: number) {
  const queryClient = useQueryClient();
  const change = useDeliveryChange(id, async (code: string) =>
    (await api.post<CourierDelivery>(`${base}/deliveries/${id}/confirm/`, { code })).data,
  );
  return {
    ...change,
    /** A wrong code changes the attempts left: read them again. */
    refreshAfterError: () => queryClient.invalidateQueries({ queryKey: keys.delivery(id) }),
  };
}

/** The handover without a code: a photo of the parcel handed over and a note on why (multipart). */
export function useConfirmWithPhoto(id: number) {
  return useDeliveryChange(id, async ({ photo, note }: { photo: File; note: string }) => {
    const form = new FormData();
    form.append('photo', photo);
    form.append('note', note);
    return (await api.post<CourierDelivery>(`${base}/deliveries/${id}/confirm/`, form)).data;
  });
}

/** The courier records the cash taken from the customer: the exact amount to collect. Repeating it
 * is harmless (the server answers with the same payment). */
export function useConfirmCash(delivery: CourierDelivery) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await api.post('/payments/cash/confirm/', { order_id: delivery.order_id, amount: delivery.cash_to_collect });
    },
    onSuccess: () => {
      queryClient.setQueryData<CourierDelivery>(keys.delivery(delivery.id), (current) => current && { ...current, cash_received: true });
      void queryClient.invalidateQueries({ queryKey: ['courier', 'deliveries'] });
      void queryClient.invalidateQueries({ queryKey: keys.cash });
    },
  });
}

/** The courier's row of the cash ledger: cash collected and not yet handed in to the pharmacy. */
export interface CashOnHand {
  amount_due: string;
  collections_count: number;
}

export function useCashOnHand() {
  return useQuery({
    queryKey: keys.cash,
    queryFn: async ({ signal }): Promise<CashOnHand> => {
      // A courier sees only their own row; none at all when nothing is owed.
      const { data } = await api.get<CashOnHand[]>('/payments/cash/ledger/', { signal });
      return data[0] ?? { amount_due: '0.00', collections_count: 0 };
    },
  });
}
