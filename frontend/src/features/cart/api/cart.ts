import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api';
import { useIsSignedIn } from '@/lib/auth';
import { fromTiyin, toTiyin } from '@/lib/money';
import { queryKeys } from '@/lib/queryKeys';

// The cart API of the orders app (`/api/v1/orders/cart/`). The read shape below is assumed from
// issue 5 ("items with current price, line totals, stock warnings, Rx flags, cart total") until the
// orders API lands on main; adjust here only.

export type StockWarning = 'out_of_stock' | 'insufficient_stock' | 'inactive';

export interface CartItem {
  id: number;
  product: {
    id: number;
    slug: string;
    name: string;
    thumbnail: string | null;
    requires_prescription: boolean;
  };
  quantity: number;
  unit_price: string;
  line_total: string;
  /** Packs that can be bought now. */
  available_quantity: number;
  stock_warning: StockWarning | null;
}

export interface Cart {
  items: CartItem[];
  items_total: string;
  requires_prescription: boolean;
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
    requires_prescription: items.some((item) => item.product.requires_prescription),
  };
}

/**
 * Changes show at once (optimistic): the cached cart is edited before the server answers, put back
 * if it refuses (the error toast tells why), and re-read from the server either way.
 */
function useOptimisticCartChange<Variables>(
  request: (variables: Variables) => Promise<unknown>,
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
    onError: (_error, _variables, context) => {
      if (context?.previous) queryClient.setQueryData(queryKeys.cart, context.previous);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.cart }),
  });
}

export function useUpdateCartItem() {
  return useOptimisticCartChange(
    ({ itemId, quantity }: { itemId: number; quantity: number }) => api.patch(`/orders/cart/update/${itemId}/`, { quantity }),
    (cart, { itemId, quantity }) => withQuantity(cart, itemId, quantity),
  );
}

export function useRemoveCartItem() {
  return useOptimisticCartChange(
    (itemId: number) => api.delete(`/orders/cart/remove/${itemId}/`),
    (cart, itemId) => withQuantity(cart, itemId, 0),
  );
}

export function useClearCart() {
  return useOptimisticCartChange(
    () => api.delete('/orders/cart/clear/'),
    (cart) => ({ ...cart, items: [], items_total: '0.00', requires_prescription: false }),
  );
}
