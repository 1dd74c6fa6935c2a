import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { toast } from '@/components/toastStore';
import { api } from '@/lib/api';
import { queryKeys } from '@/lib/queryKeys';

/** Puts packs of a product into the signed-in customer's cart (`orders/cart/add/`). */
export function useAddToCart() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ productId, quantity }: { productId: number; quantity: number }) => {
      await api.post('/orders/cart/add/', { product_id: productId, quantity });
    },
    onSuccess: () => toast.success(t('product.added')),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.cart }),
  });
}
