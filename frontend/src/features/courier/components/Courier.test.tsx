import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';

import { useAuthStore } from '@/lib/auth';
import { courierDeliveryFixture } from '@/testing/fixtures';
import { apiError, meAs, paginated } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

const courierApi = [
  http.get('/api/v1/payments/cash/ledger/', () => HttpResponse.json([])),
  http.get('/api/v1/delivery/courier/shift/', () =>
    HttpResponse.json({ on_shift: true, started_at: '2026-01-15T05:00:00Z', active_deliveries: 1, max_active_deliveries: 3 }),
  ),
  http.get('/api/v1/delivery/courier/deliveries/', () =>
    HttpResponse.json(
      paginated([
        {
          id: 41,
          order_number: 'DX-7KQ3M9P2',
          status: 'assigned',
          attempt: 1,
          address_text: "Toshkent, Amir Temur ko'chasi, 15",
          customer_first_name: 'Nilufar',
          items_count: 1,
          eta_earliest: null,
          eta_latest: null,
          updated_at: '2026-01-15T07:30:00Z',
          payment_method: 'cash',
          cash_to_collect: '27500.00',
        },
      ]),
    ),
  ),
];

describe('courier screens', () => {
  beforeEach(() => {
    useAuthStore.setState({ accessToken: 'access', refreshToken: 'refresh' });
  });

  it.each(['customer', 'operator'])('shows the 403 page to a signed-in %s', async (role) => {
    server.use(meAs(role), ...courierApi);
    renderApp('/courier');
    expect(await screen.findByText('403')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Faol yetkazishlar' })).not.toBeInTheDocument();
  });

  it('sends a visitor who is not signed in to the sign-in page', async () => {
    useAuthStore.setState({ accessToken: null, refreshToken: null });
    renderApp('/courier');
    expect(await screen.findByLabelText('Parol')).toBeInTheDocument();
  });

  it('shows a courier the shift and the active deliveries with the cash to collect', async () => {
    server.use(meAs('courier'), ...courierApi);
    renderApp('/courier');
    const list = await screen.findByRole('list', { name: 'Faol yetkazishlar' });
    expect(screen.queryByTestId('cash-on-hand')).not.toBeInTheDocument();
    expect(within(list).getByText('DX-7KQ3M9P2')).toBeInTheDocument();
    expect(within(list).getByText(/27 500 so'm/)).toBeInTheDocument();
    expect(screen.getByText('Siz smenadasiz')).toBeInTheDocument();
    expect(screen.queryByText('403')).not.toBeInTheDocument();
  });

  it('reminds the courier of the cash collected and not yet handed in', async () => {
    server.use(
      meAs('courier'),
      // Before the others: the first handler for a path answers.
      http.get('/api/v1/payments/cash/ledger/', () =>
        HttpResponse.json([{ collector_id: 3, collector_name: 'Bekzod', amount_due: '85000.00', collections_count: 2, collections: [] }]),
      ),
      ...courierApi,
    );
    renderApp('/courier');
    expect(await screen.findByTestId('cash-on-hand')).toHaveTextContent(/Qo'lingizda 85.000.so.m naqd pul \(2 ta buyurtma\)/);
  });

  it('marks picked up and on the way, records the cash, then shows the API error on a wrong code and delivers with the right one', async () => {
    let delivery = courierDeliveryFixture();
    const sent: unknown[] = [];
    server.use(
      meAs('courier'),
      ...courierApi,
      http.get('/api/v1/delivery/courier/deliveries/41/', () => HttpResponse.json(delivery)),
      http.post('/api/v1/delivery/courier/deliveries/41/status/', async ({ request }) => {
        const body = (await request.json()) as { status: string };
        sent.push(body);
        delivery =
          body.status === 'picked_up'
            ? { ...delivery, status: 'picked_up', next_statuses: ['on_the_way', 'failed'] }
            : { ...delivery, status: 'on_the_way', next_statuses: ['delivered', 'failed'], handover: { ...delivery.handover, code_sent_at: '2026-01-15T08:00:00Z' } };
        return HttpResponse.json(delivery);
      }),
      http.post('/api/v1/payments/cash/confirm/', async ({ request }) => {
        sent.push({ cash: await request.json() });
        delivery = { ...delivery, cash_received: true };
        return HttpResponse.json({ payment_id: 9, status: 'paid' }, { status: 201 });
      }),
      http.post('/api/v1/delivery/courier/deliveries/41/confirm/', async ({ request }) => {
        const { code } = (await request.json()) as { code: string };
        sent.push({ code });
        if (code !== '4821') {
          delivery = { ...delivery, handover: { ...delivery.handover, attempts_left: 4 } };
          return HttpResponse.json(apiError('handover_code_invalid', "Kod noto'g'ri.", { attempts_left: 4 }), { status: 400 });
        }
        delivery = { ...delivery, status: 'delivered', next_statuses: [], customer_phone: null, delivered_at: '2026-01-15T08:10:00Z' };
        return HttpResponse.json(delivery);
      }),
    );
    const { user } = renderApp('/courier/deliveries/41');

    expect(await screen.findByRole('link', { name: "Qo'ng'iroq qilish" })).toHaveAttribute('href', 'tel:+998900000004');
    expect(screen.getByRole('link', { name: 'Xaritada ochish' }).getAttribute('href')).toContain('41.338500%2C69.285000');
    expect(screen.getByText(/27 500 so'm/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Dorixonadan oldim' }));
    await user.click(await screen.findByRole('button', { name: "Yo'lga chiqdim" }));
    // A cash order: the cash is taken and recorded before the parcel is handed over.
    const cash = await screen.findByRole('button', { name: /^27.500.so.m naqd oldim$/ });
    expect(screen.getByTestId('delivery-status')).toHaveTextContent("Yo'lda");
    expect(screen.queryByLabelText('Mijozning topshirish kodi (4 raqam)')).not.toBeInTheDocument();
    await user.click(cash);
    const code = await screen.findByLabelText('Mijozning topshirish kodi (4 raqam)');
    expect(screen.getByText('Qabul qilindi')).toBeInTheDocument();

    await user.type(code, '1111');
    await user.click(screen.getByRole('button', { name: 'Topshirishni tasdiqlash' }));
    // The API's own message, next to the field and in a toast; the attempts left are read again.
    await waitFor(() => expect(code).toHaveAccessibleDescription("Kod noto'g'ri. Qolgan urinishlar: 4"));
    expect(await screen.findByRole('alert')).toHaveTextContent("Kod noto'g'ri.");

    await user.type(code, '4821');
    await user.click(screen.getByRole('button', { name: 'Topshirishni tasdiqlash' }));
    await waitFor(() => expect(screen.getByTestId('delivery-status')).toHaveTextContent('Topshirildi'));
    expect(screen.queryByLabelText('Mijozning topshirish kodi (4 raqam)')).not.toBeInTheDocument();
    expect(sent).toEqual([
      { status: 'picked_up' },
      { status: 'on_the_way' },
      { cash: { order_id: 501, amount: '27500.00' } },
      { code: '1111' },
      { code: '4821' },
    ]);
  });

  it('disables the code entry once the code is locked', async () => {
    server.use(
      meAs('courier'),
      ...courierApi,
      http.get('/api/v1/delivery/courier/deliveries/41/', () =>
        HttpResponse.json(
          courierDeliveryFixture({
            status: 'on_the_way',
            next_statuses: ['delivered', 'failed'],
            cash_received: true,
            handover: { code_sent_at: null, attempts_left: 0, is_locked: true },
          }),
        ),
      ),
    );
    renderApp('/courier/deliveries/41');
    expect(await screen.findByLabelText('Mijozning topshirish kodi (4 raqam)')).toBeDisabled();
    expect(screen.getByText(/Kod bloklandi/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Topshirishni tasdiqlash' })).toBeDisabled();
  });

  it('reports a failure with a reason from the list', async () => {
    let failed: unknown;
    server.use(
      meAs('courier'),
      ...courierApi,
      http.get('/api/v1/delivery/courier/deliveries/41/', () => HttpResponse.json(courierDeliveryFixture({ status: 'picked_up', next_statuses: ['on_the_way', 'failed'] }))),
      http.post('/api/v1/delivery/courier/deliveries/41/fail/', async ({ request }) => {
        failed = await request.json();
        return HttpResponse.json(courierDeliveryFixture({ status: 'failed', next_statuses: [], failure_reason: 'customer_absent' }));
      }),
    );
    const { user } = renderApp('/courier/deliveries/41');
    await user.click(await screen.findByText("Yetkazib bo'lmadi"));
    await user.selectOptions(screen.getByLabelText('Sabab'), 'customer_absent');
    await user.click(screen.getByRole('button', { name: "Yetkazib bo'lmadi deb belgilash" }));
    await waitFor(() => expect(screen.getByTestId('delivery-status')).toHaveTextContent('Yetkazilmadi'));
    expect(failed).toEqual({ reason: 'customer_absent', note: '' });
    expect(screen.getByText("Manzilda hech kim yo'q")).toBeInTheDocument();
  });
});
