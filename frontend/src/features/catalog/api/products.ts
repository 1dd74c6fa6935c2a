import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { api, type Paginated } from '@/lib/api';
import i18n from '@/lib/i18n';

// Shapes of the catalog API (apps/products/api/serializers.py).

export type StockStatus = 'in_stock' | 'few_left' | 'out_of_stock';

export interface Manufacturer {
  id: number;
  name: string;
  country: string;
}

export interface ProductSummary {
  id: number;
  slug: string;
  name: string;
  strength: string;
  dosage_form: string;
  dosage_form_display: string;
  pack_size: number;
  price: string;
  requires_prescription: boolean;
  stock_status: StockStatus;
  thumbnail: string | null;
  manufacturer: Manufacturer | null;
  category_id: number;
}

export interface ProductDetail extends Omit<ProductSummary, 'thumbnail' | 'category_id'> {
  description: string;
  barcode: string | null;
  storage_conditions: string;
  leaflet: string;
  category: { id: number; slug: string; name: string; icon: string; parent_id: number | null };
  substances: { substance_id: number; inn: string; name: string; amount: string; unit: string }[];
  images: { id: number; url: string; thumbnail: string; width: number; height: number; position: number }[];
}

export interface CategoryNode {
  id: number;
  slug: string;
  name: string;
  icon: string;
  children: CategoryNode[];
}

export const orderings = ['-popularity', 'price', '-price', 'name', 'newest'] as const;
export type Ordering = (typeof orderings)[number];

/** The filters of the catalog screen, as they appear in its address (`/catalog?q=...`). */
export interface ProductFilters {
  q?: string;
  category?: string;
  requires_prescription?: boolean;
  in_stock?: boolean;
  dosage_form?: string;
  manufacturer?: number;
  price_min?: string;
  price_max?: string;
  ordering?: Ordering;
  page?: number;
}

export const catalogPageSize = 24;

// Catalog reads are localised by the API, so the language is part of every key.
export const productKeys = {
  all: ['products'] as const,
  list: (filters: ProductFilters, pageSize: number) =>
    [...productKeys.all, 'list', i18n.language, pageSize, filters] as const,
  detail: (key: string) => [...productKeys.all, 'detail', i18n.language, key] as const,
  alternatives: (key: string) => [...productKeys.all, 'alternatives', i18n.language, key] as const,
  categories: () => ['categories', i18n.language] as const,
  manufacturers: () => ['manufacturers', i18n.language] as const,
};

function listParams(filters: ProductFilters, pageSize: number) {
  const params: Record<string, string | number | boolean> = { page_size: pageSize };
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') params[key] = value as string | number | boolean;
  }
  return params;
}

export function useProducts(filters: ProductFilters = {}, { pageSize = catalogPageSize, enabled = true } = {}) {
  return useQuery({
    queryKey: productKeys.list(filters, pageSize),
    queryFn: async ({ signal }) => {
      const { data } = await api.get<Paginated<ProductSummary>>('/products/', {
        params: listParams(filters, pageSize),
        signal,
      });
      return data;
    },
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** The few best matches for what is being typed in the search box. */
export function useSearchSuggestions(query: string) {
  const q = query.trim();
  return useQuery({
    queryKey: productKeys.list({ q }, 6),
    queryFn: async ({ signal }) => {
      const { data } = await api.get<Paginated<ProductSummary>>('/products/', {
        params: { q, page_size: 6 },
        signal,
      });
      return data.results;
    },
    enabled: q.length >= 2,
    staleTime: 60_000,
  });
}

export function useProduct(key: string) {
  return useQuery({
    queryKey: productKeys.detail(key),
    queryFn: async ({ signal }) => {
      const { data } = await api.get<ProductDetail>(`/products/${encodeURIComponent(key)}/`, { signal });
      return data;
    },
  });
}

export function useAlternatives(key: string) {
  return useQuery({
    queryKey: productKeys.alternatives(key),
    queryFn: async ({ signal }) => {
      const { data } = await api.get<Paginated<ProductSummary>>(`/products/${encodeURIComponent(key)}/alternatives/`, {
        params: { page_size: 8 },
        signal,
      });
      return data.results;
    },
  });
}

export function useCategories() {
  return useQuery({
    queryKey: productKeys.categories(),
    queryFn: async ({ signal }) => {
      const { data } = await api.get<CategoryNode[]>('/products/categories/', { signal });
      return data;
    },
    staleTime: 10 * 60_000,
  });
}

export function useManufacturers() {
  return useQuery({
    queryKey: productKeys.manufacturers(),
    queryFn: async ({ signal }) => {
      const { data } = await api.get<Paginated<Manufacturer>>('/products/manufacturers/', {
        params: { page_size: 100 },
        signal,
      });
      return data.results;
    },
    staleTime: 10 * 60_000,
  });
}
