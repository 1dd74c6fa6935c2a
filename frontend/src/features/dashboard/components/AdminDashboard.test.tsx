import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { AdminDashboard } from '@/features/dashboard/api/dashboard';
import { tashkentToday } from '@/features/dashboard/dateRange';
import { useAuthStore } from '@/lib/auth';
import { apiError, meAs } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

function day(series: Partial<AdminDashboard['series'][number]> & { day: string }): AdminDashboard['series'][number] {
  return {
    orders_total: 0,
    paid_orders: 0,
    revenue_total: '0.00',
    revenue_payme: '0.00',
    revenue_click: '0.00',
    revenue_cash: '0.00',
    average_basket: '0.00',
    new_customers: 0,
    cancellations: 0,
    refunds: 0,
    refunds_amount: '0.00',
    rx_orders: 0,
    ...series,
  };
}

function dashboardFixture(overrides: Partial<AdminDashboard> = {}): AdminDashboard {
  return {
    period: { from: '2026-11-21', to: '2026-11-23' },
    kpis: {
      orders_total: 5,
      paid_orders: 4,
      revenue_total: '412500.00',
      revenue_payme: '200000.00',
      revenue_click: '112500.00',
      revenue_cash: '100000.00',
      average_basket: '103125.00',
      new_customers: 2,
      cancellations: 1,
      refunds: 0,
      refunds_amount: '0.00',
      rx_orders: 1,
      rx_share: '0.2000',
      cancellation_rate: '0.2000',
    },
    series: [
      day({ day: '2026-11-21', orders_total: 2, paid_orders: 2, revenue_total: '200000.00', revenue_payme: '200000.00' }),
      day({ day: '2026-11-22', orders_total: 1, paid_orders: 1, revenue_total: '112500.00', revenue_click: '112500.00' }),
      day({ day: '2026-11-23', orders_total: 2, paid_orders: 1, cancellations: 1, revenue_total: '100000.00', revenue_cash: '100000.00' }),
    ],
    payment_split: [
      { payment_method: 'payme', revenue: '200000.00', share: '0.4848' },
      { payment_method: 'click', revenue: '112500.00', share: '0.2727' },
      { payment_method: 'cash', revenue: '100000.00', share: '0.2424' },
    ],
    top_products: [{ product_id: 3, name: 'Paratsetamol 500 mg', units: 12, revenue: '30000.00', returns: 0 }],
    top_substances: [{ substance_id: 1, inn: 'Paracetamol', units: 12, revenue: '30000.00' }],
    courier_league: [
      { courier_id: 3, name: 'Bekzod Tursunov', deliveries: 4, on_time: 3, on_time_share: '0.7500', failed: 1, cash_collected: '100000.00' },
    ],
    stock: { low_stock_products: 2, near_expiry_batches: 1 },
    system_health: { created_at: '2026-11-23T09:00:00Z', queue_length: 0, failed_notifications: 3, payment_errors: 0, database_bytes: 52_428_800 },
    ...overrides,
  };
}

// recharts measures its container; jsdom has no layout, so every observed box is 640 × 260.
class ResizeObserverStub {
  private readonly callback: ResizeObserverCallback;
  constructor(callback: ResizeObserverCallback) {
    this.callback = callback;
  }
  observe(target: Element) {
    this.callback([{ target, contentRect: { width: 640, height: 260 } } as unknown as ResizeObserverEntry], this as unknown as ResizeObserver);
  }
  unobserve() {}
  disconnect() {}
}

describe('admin dashboard', () => {
  beforeEach(() => {
    useAuthStore.setState({ accessToken: 'access', refreshToken: 'refresh' });
    vi.stubGlobal('ResizeObserver', ResizeObserverStub);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it.each(['customer', 'operator', 'courier'])('shows the 403 page to a signed-in %s without asking for the figures', async (role) => {
    let asked = false;
    server.use(
      meAs(role),
      http.get('/api/v1/dashboard/admin/', () => {
        asked = true;
        return HttpResponse.json(dashboardFixture());
      }),
    );
    renderApp('/dashboard');
    // The first render of the file loads the route's code: allow for a busy test machine.
    expect(await screen.findByText('403', {}, { timeout: 15_000 })).toBeInTheDocument();
    expect(asked).toBe(false);
  });

  it('shows the figures, the charts, the rankings and the health of the period', async () => {
    const asked: string[] = [];
    server.use(
      meAs('admin'),
      http.get('/api/v1/dashboard/admin/', ({ request }) => {
        asked.push(new URL(request.url).search);
        return HttpResponse.json(dashboardFixture());
      }),
    );
    renderApp('/dashboard');

    expect(await screen.findByTestId('kpi-revenue')).toHaveTextContent("412 500 so'm");
    expect(screen.getByTestId('kpi-orders')).toHaveTextContent('5');
    expect(screen.getByText('4 tasi to\'langan')).toBeInTheDocument();
    expect(screen.getByTestId('kpi-cancellationRate')).toHaveTextContent('20');
    expect(asked).toEqual(['?preset=last_30_days']);

    for (const chart of ['chart-revenue', 'chart-orders', 'chart-providers']) {
      await waitFor(() => expect(screen.getByTestId(chart).querySelector('svg path')).not.toBeNull());
    }
    expect(screen.getByRole('img', { name: /jami 412\s500\sso'm/ })).toBeInTheDocument();

    const products = screen.getByRole('table', { name: "Eng ko'p sotilgan dorilar" });
    expect(within(products).getByText('Paratsetamol 500 mg')).toBeInTheDocument();
    const league = screen.getByRole('table', { name: 'Kuryerlar reytingi' });
    expect(within(league).getByText('Bekzod Tursunov')).toBeInTheDocument();
    expect(within(league).getByText(/75/)).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Tizim holati' })).toBeInTheDocument();
    expect(screen.getByText('50 MB')).toBeInTheDocument();
  });

  it('asks for another preset, and checks a custom period before asking for it', async () => {
    const asked: string[] = [];
    server.use(
      meAs('admin'),
      http.get('/api/v1/dashboard/admin/', ({ request }) => {
        asked.push(new URL(request.url).search);
        return HttpResponse.json(dashboardFixture());
      }),
    );
    const { user } = renderApp('/dashboard');
    await screen.findByTestId('kpi-revenue');

    await user.click(screen.getByRole('button', { name: "So'nggi 7 kun" }));
    await waitFor(() => expect(asked).toContain('?preset=last_7_days'));
    expect(screen.getByRole('button', { name: "So'nggi 7 kun" })).toHaveAttribute('aria-pressed', 'true');

    await user.click(screen.getByRole('button', { name: 'Boshqa davr' }));
    await user.type(screen.getByLabelText('Boshlanish sanasi'), '2026-11-10');
    await user.type(screen.getByLabelText('Tugash sanasi'), '2026-11-01');
    await user.click(screen.getByRole('button', { name: "Ko'rsatish" }));
    expect(await screen.findByRole('alert')).toHaveTextContent("Boshlanish sanasi tugash sanasidan keyin bo'lmasligi kerak.");
    expect(screen.getByLabelText('Boshlanish sanasi')).toHaveAttribute('aria-invalid', 'true');
    const before = asked.length;

    await user.clear(screen.getByLabelText('Tugash sanasi'));
    await user.type(screen.getByLabelText('Tugash sanasi'), '2026-11-12');
    await user.click(screen.getByRole('button', { name: "Ko'rsatish" }));
    await waitFor(() => expect(asked.at(-1)).toBe('?from=2026-11-10&to=2026-11-12'));
    expect(asked.length).toBe(before + 1);
  });

  it('refuses a custom period that ends in the future', async () => {
    server.use(meAs('admin'), http.get('/api/v1/dashboard/admin/', () => HttpResponse.json(dashboardFixture())));
    const { user } = renderApp('/dashboard');
    await screen.findByTestId('kpi-revenue');
    await user.click(screen.getByRole('button', { name: 'Boshqa davr' }));
    await user.type(screen.getByLabelText('Boshlanish sanasi'), tashkentToday());
    await user.type(screen.getByLabelText('Tugash sanasi'), '2100-01-01');
    await user.click(screen.getByRole('button', { name: "Ko'rsatish" }));
    expect(await screen.findByRole('alert')).toHaveTextContent("Kelajakdagi sanani tanlab bo'lmaydi.");
  });

  it('says so when the period has no orders', async () => {
    const empty = dashboardFixture({
      kpis: { ...dashboardFixture().kpis, orders_total: 0, paid_orders: 0, revenue_total: '0.00', cancellations: 0 },
      series: [day({ day: '2026-11-23' })],
      top_products: [],
      top_substances: [],
      courier_league: [],
    });
    server.use(meAs('admin'), http.get('/api/v1/dashboard/admin/', () => HttpResponse.json(empty)));
    renderApp('/dashboard');
    expect(await screen.findByText("Bu davrda buyurtmalar yo'q")).toBeInTheDocument();
    expect(screen.queryByTestId('chart-revenue')).not.toBeInTheDocument();
  });

  it('shows loading skeletons, then the API error inline and in a toast', async () => {
    server.use(
      meAs('admin'),
      http.get('/api/v1/dashboard/admin/', () => HttpResponse.json(apiError('invalid_period', "Davr noto'g'ri."), { status: 400 })),
    );
    renderApp('/dashboard');
    expect(await screen.findByText("Boshqaruv panelini yuklab bo'lmadi")).toBeInTheDocument();
    const toasts = screen.getByRole('region', { name: 'Bildirishnomalar' });
    await waitFor(() => expect(within(toasts).getByText("Davr noto'g'ri.")).toBeInTheDocument());
  });

  it('downloads a table as CSV with the admin token', async () => {
    let authorization: string | null = null;
    let url = '';
    server.use(
      meAs('admin'),
      http.get('/api/v1/dashboard/admin/', () => HttpResponse.json(dashboardFixture())),
      http.get('/api/v1/dashboard/admin/export/:table', ({ request }) => {
        authorization = request.headers.get('Authorization');
        url = request.url;
        return new HttpResponse('day,orders_total\n2026-11-23,2\n', {
          headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="dorixona-series-2026-10-25-2026-11-23.csv"' },
        });
      }),
    );
    const createObjectURL = vi.fn(() => 'blob:csv');
    const revokeObjectURL = vi.fn();
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});

    const { user } = renderApp('/dashboard');
    await user.click(await screen.findByRole('button', { name: "Kunlar bo'yicha" }));

    const toasts = screen.getByRole('region', { name: 'Bildirishnomalar' });
    await waitFor(() => expect(within(toasts).getByText('dorixona-series-2026-10-25-2026-11-23.csv yuklab olindi')).toBeInTheDocument());
    expect(authorization).toBe('Bearer access');
    expect(new URL(url).pathname).toBe('/api/v1/dashboard/admin/export/series.csv');
    expect(new URL(url).search).toBe('?preset=last_30_days');
    expect(createObjectURL).toHaveBeenCalledOnce();
    expect(click).toHaveBeenCalledOnce();
    const link = click.mock.contexts[0] as HTMLAnchorElement;
    expect(link.download).toBe('dorixona-series-2026-10-25-2026-11-23.csv');
    click.mockRestore();
  });

  it("shows the API's message when a download is refused", async () => {
    server.use(
      meAs('admin'),
      http.get('/api/v1/dashboard/admin/', () => HttpResponse.json(dashboardFixture())),
      http.get('/api/v1/dashboard/admin/export/:table', () => HttpResponse.json(apiError('unknown_table', "Bunday jadval yo'q."), { status: 404 })),
    );
    const { user } = renderApp('/dashboard');
    await user.click(await screen.findByRole('button', { name: 'Kuryerlar' }));
    const toasts = screen.getByRole('region', { name: 'Bildirishnomalar' });
    await waitFor(() => expect(within(toasts).getByText("Bunday jadval yo'q.")).toBeInTheDocument());
  });
});
