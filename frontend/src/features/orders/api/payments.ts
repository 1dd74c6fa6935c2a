import { useMutation } from '@tanstack/react-query';

import { api } from '@/lib/api';

// Payments app (issue 6, not on main yet): `POST /api/v1/payments/create/` `{order_id, provider}`
// → `{payment_id, checkout_url}`; the link goes to Payme or Click (or, in development, to the pay
// simulator), which sends the customer back to the order page.

export function usePayOrder() {
  return useMutation({
    mutationFn: async ({ orderId, provider }: { orderId: number; provider: 'payme' | 'click' }) =>
      (await api.post<{ payment_id: number; checkout_url: string }>('/payments/create/', { order_id: orderId, provider })).data,
    onSuccess: ({ checkout_url }) => window.location.assign(checkout_url),
  });
}
