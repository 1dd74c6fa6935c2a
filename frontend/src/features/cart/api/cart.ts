import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api';
import { useIsSignedIn } from '@/lib/auth';
import { fromTiyin, toTiyin } from '@/lib/money';
import { queryKeys } from '@/lib/queryKeys';

// The cart API of the orders app (`/api/v1/orders/cart/`, apps/orders/api/cart.py and
// `CartOutput` in apps/orders/api/outputs.py). Every cart endpoint answers with the whole cart,
// which replaces the cached one. Errors: 400 `product_unavailable`, `quantity_limit_exceeded`,
// `cart_full`; 409 `insufficient_stock`; 404 `not_found` for a line no longer in the cart.

export type StockWarning = 'out_of_stock' | 'insufficient_stock' | 'inactive';

export interface CartItem {
  id: number;
  product: {
    id: number;
    slug: string;
    name: string;
    is_active: boolean;
  };
  quantity: number;
  unit_price: string;
  line_total: string;
  /** Packs that can be bought now. */
  available_quantity: number;
  /** Set when the line cannot be bought as it stands. */
  stock_warning: StockWarning | null;
  requires_prescription: boolean;
}

export type PrescriptionPolicy = 'upload_review' | 'pickup_only';

export interface Cart {
  items: CartItem[];
  items_total: string;
  requires_prescription: boolean;
  /** False while the cart is empty or a line has a stock warning. */
  can_checkout: boolean;
  /** `pickup_only`: prescription medicines are collected at the pharmacy, not delivered. */
  prescription_policy: PrescriptionPolicy;
  max_quantity_per_product: number;
}

export function useCart() {
  const signedIn = useIsSignedIn();
  return useQuery({
    queryKey: queryKeys.cart,
    queryFn: async ({ signal }) => (await api.get<Cart>('/orders/cart/', { signal })).data,
    enabled: signedIn,
  });
}

/** The cart with one line changed (or removed, with `quantity` 0), totals recomputed exactly. */
export function withQuantity(cart: Cart, itemId: number, quantity: number): Cart {
  const items = cart.items
    .filter((item) => item.id !== itemId || quantity > 0)
    .map((item) =>
      item.id === itemId ? { ...item, quantity, line_total: fromTiyin(toTiyin(item.unit_price) * BigInt(quantity)) } : item,
    );
  const total = items.reduce((sum, item) => sum + toTiyin(item.line_total), 0n);
  return {
    ...cart,
    items,
    items_total: fromTiyin(total),
    requires_prescription: items.some((item) => item.requires_prescription),
    can_checkout: items.length > 0 && items.every((item) => item.stock_warning === null),
  };
}

/**
 * Changes show at once (optimistic): the cached cart is edited before the server answers, put back
 * if it refuses (the error toast tells why), and re-read from the server either way.
 */
function useOptimisticCartChange<Variables>(
  request: (variables: Variables) => Promise<Cart>,
  apply: (cart: Cart, variables: Variables) => Cart,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onMutate: async (variables) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.cart });
      const previous = queryClient.getQueryData<Cart>(queryKeys.cart);
      if (previous) queryClient.setQueryData<Cart>(queryKeys.cart, apply(previous, variables));
      return { previous };
    },
    // The server answers with the whole cart as it now is: show that at once.
    onSuccess: (cart) => queryClient.setQueryData<Cart>(queryKeys.cart, cart),
    onError: (_error, _variables, context) => {
      if (context?.previous) queryClient.setQueryData(queryKeys.cart, context.previous);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.cart }),
  });
}

export function useUpdateCartItem() {
  return useOptimisticCartChange(
    async ({ itemId, quantity }: { itemId: number; quantity: number }) =>
      (await api.patch<Cart>(`/orders/cart/update/${itemId}/`, { quantity })).data,
    (cart, { itemId, quantity }) => withQuantity(cart, itemId, quantity),
  );
}

export function useRemoveCartItem() {
  return useOptimisticCartChange(
    async (itemId: number) => (await api.delete<Cart>(`/orders/cart/remove/${itemId}/`)).data,
    (cart, itemId) => withQuantity(cart, itemId, 0),
  );
}

export function useClearCart() {
  return useOptimisticCartChange(
    async () => (await api.delete<Cart>('/orders/cart/clear/')).data,
    (cart) => ({ ...cart, items: [], items_total: '0.00', requires_prescription: false, can_checkout: false }),
  );
}
