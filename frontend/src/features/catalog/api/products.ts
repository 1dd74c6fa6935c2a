import { useQuery } from '@tanstack/react-query';

import { api, type Paginated } from '@/lib/api';

/** The fields of a product in a catalog listing that the client relies on. */
export interface ProductSummary {
  id: number;
  name: string;
}

export const productKeys = {
  all: ['products'] as const,
  list: () => [...productKeys.all, 'list'] as const,
};

export function useProducts() {
  return useQuery({
    queryKey: productKeys.list(),
    queryFn: async ({ signal }) => {
      const { data } = await api.get<Paginated<ProductSummary>>('/products/', { signal });
      return data;
    },
  });
}
