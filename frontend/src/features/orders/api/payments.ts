import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api';
import { apiErrorCode } from '@/lib/fieldErrors';
import { leaveTo } from '@/lib/navigation';
import { queryKeys } from '@/lib/queryKeys';

// Payments (apps/payments/api.py): `POST /api/v1/payments/create/` `{order_id, provider}` (the
// order's database id, not its number) → 201 (or 200 for the open attempt) `{payment_id,
// checkout_url}`. The link goes to Payme or Click (in development, to the pay simulator), which
// sends the customer back to the order page. Refusals: 400 `provider_not_available`, 409
// `order_already_paid` / `order_not_payable` (the order is re-read: it moved on meanwhile).

export type OnlineProvider = 'payme' | 'click';

export interface PaymentStart {
  payment_id: number;
  checkout_url: string;
}

export function usePayOrder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ orderId, provider }: { orderId: number; provider: OnlineProvider }) =>
      (await api.post<PaymentStart>('/payments/create/', { order_id: orderId, provider })).data,
    onSuccess: ({ checkout_url }) => leaveTo(checkout_url),
    onError: (error) => {
      const code = apiErrorCode(error);
      if (code === 'order_already_paid' || code === 'order_not_payable') void queryClient.invalidateQueries({ queryKey: queryKeys.orders });
    },
  });
}
