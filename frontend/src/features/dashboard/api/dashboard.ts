import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { isAxiosError } from 'axios';

import { api, apiErrorMessage, type ApiErrorBody } from '@/lib/api';

// The admin dashboard API (`/api/v1/dashboard/admin/`, apps/dashboard/api.py). Money is a decimal
// string of so'm, shares are decimal strings between 0 and 1.

export const presets = ['today', 'yesterday', 'last_7_days', 'last_30_days', 'this_month'] as const;
export type Preset = (typeof presets)[number];

/** A period as the API takes it: a preset, or two days (`YYYY-MM-DD`, Tashkent, both included). */
export type DashboardRange = { preset: Preset } | { from: string; to: string };

export const exportTables = ['series', 'payment_split', 'top_products', 'top_substances', 'courier_league'] as const;
export type ExportTable = (typeof exportTables)[number];

export interface DaySeries {
  day: string;
  orders_total: number;
  paid_orders: number;
  revenue_total: string;
  revenue_payme: string;
  revenue_click: string;
  revenue_cash: string;
  average_basket: string;
  new_customers: number;
  cancellations: number;
  refunds: number;
  refunds_amount: string;
  rx_orders: number;
}

export interface Kpis extends Omit<DaySeries, 'day'> {
  rx_share: string;
  cancellation_rate: string;
}

export interface AdminDashboard {
  period: { from: string; to: string };
  kpis: Kpis;
  series: DaySeries[];
  payment_split: { payment_method: string; revenue: string; share: string }[];
  top_products: { product_id: number; name: string; units: number; revenue: string; returns: number }[];
  top_substances: { substance_id: number; inn: string; units: number; revenue: string }[];
  courier_league: {
    courier_id: number;
    name: string;
    deliveries: number;
    on_time: number;
    on_time_share: string;
    failed: number;
    cash_collected: string;
  }[];
  stock: { low_stock_products: number; near_expiry_batches: number };
  system_health: {
    created_at: string;
    queue_length: number;
    failed_notifications: number;
    payment_errors: number | null;
    database_bytes: number | null;
  } | null;
}

export function rangeParams(range: DashboardRange): Record<string, string> {
  return 'preset' in range ? { preset: range.preset } : { from: range.from, to: range.to };
}

export function useAdminDashboard(range: DashboardRange) {
  const params = rangeParams(range);
  return useQuery({
    queryKey: ['dashboard', 'admin', params],
    queryFn: async ({ signal }) => (await api.get<AdminDashboard>('/dashboard/admin/', { params, signal })).data,
    // Another period keeps the figures on screen (dimmed) until the new ones arrive.
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

function filenameOf(disposition: unknown, fallback: string): string {
  const match = typeof disposition === 'string' ? /filename="?([^";]+)"?/.exec(disposition) : null;
  return match?.[1] ?? fallback;
}

/**
 * Downloads one table as CSV with the signed-in user's token (a plain link would carry none): the
 * file arrives as a blob and is saved through a temporary object URL.
 */
export async function downloadExport(table: ExportTable, range: DashboardRange): Promise<string> {
  const response = await api.get<Blob>(`/dashboard/admin/export/${table}.csv`, { params: rangeParams(range), responseType: 'blob' });
  const filename = filenameOf(response.headers['content-disposition'], `dorixona-${table}.csv`);
  const url = URL.createObjectURL(response.data);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // Revoked after the click has been handled: the browser has started the download by then.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
  return filename;
}

function blobText(blob: Blob): Promise<string> {
  // FileReader rather than Blob.text(), which older WebViews (and jsdom) lack.
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsText(blob);
  });
}

/** The message of a failed download: with `responseType: 'blob'` the API's JSON error arrives as a blob. */
export async function exportErrorMessage(error: unknown): Promise<string> {
  if (isAxiosError(error) && error.response?.data instanceof Blob) {
    try {
      const body = JSON.parse(await blobText(error.response.data)) as Partial<ApiErrorBody>;
      if (body.error?.message) return body.error.message;
    } catch {
      // Not JSON: fall through to the generic message.
    }
  }
  return apiErrorMessage(error);
}
