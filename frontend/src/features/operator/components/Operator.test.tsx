import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { QUEUE_REFRESH_MS, type StaffOrder, type StaffPrescription } from '@/features/operator/api/operator';
import { useAuthStore } from '@/lib/auth';
import { orderFixture, userFixture } from '@/testing/fixtures';
import { apiError, paginated } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

const me = (role: string) => http.get('/api/v1/users/me/', () => HttpResponse.json(userFixture({ id: 2, role })));

function summary(number: string, overrides: Record<string, unknown> = {}) {
  const { items: _items, timeline: _timeline, payment: _payment, delivery: _delivery, ...rest } = orderFixture({ number, ...overrides });
  return rest;
}

const rxOrder = (overrides: Partial<StaffOrder> = {}) =>
  orderFixture({
    number: 'DX-RX000001',
    status: 'awaiting_prescription',
    requires_prescription: true,
    prescription_ids: [31],
    items: [
      { id: 1, product_id: 11, product_name: 'Amoksitsillin 500 mg', unit_price: '30000.00', quantity: 2, line_total: '60000.00', requires_prescription: true, batches: [] },
      { id: 2, product_id: 12, product_name: 'Paratsetamol 500 mg', unit_price: '5000.00', quantity: 1, line_total: '5000.00', requires_prescription: false, batches: [] },
    ],
    ...overrides,
  });

function prescriptionFixture(overrides: Partial<StaffPrescription> = {}): StaffPrescription {
  return {
    id: 31,
    status: 'pending',
    doctor_name: 'Karimov A.',
    clinic_name: '12-oilaviy poliklinika',
    issued_on: '2026-01-14',
    valid_until: null,
    e_prescription_number: '',
    customer_note: '',
    created_at: '2026-01-15T07:00:00Z',
    images: [{ id: 5, url: 'http://localhost:3000/api/v1/prescriptions/31/images/5/', width: 800, height: 1200, original_name: 'r.jpg' }],
    owner: { id: 7, full_name: 'Nilufar Yusupova', phone_number: '+998901234567' },
    rejection_reason: '',
    rejection_note: '',
    ...overrides,
  };
}

/** The four queues: each tab's list with its own count; `requests` records the order query strings. */
function queueApi(requests: string[] = []) {
  return [
    http.get('/api/v1/orders/', ({ request }) => {
      const url = new URL(request.url);
      requests.push(url.search);
      const statuses = url.searchParams.getAll('status');
      if (statuses.includes('awaiting_prescription')) {
        return HttpResponse.json(paginated([summary('DX-RX000001', { status: 'awaiting_prescription', requires_prescription: true })], 3));
      }
      if (statuses.includes('ready_for_delivery')) {
        return HttpResponse.json(
          paginated([
            summary('DX-PICKUP01', { status: 'ready_for_delivery', delivery_type: 'pickup', delivery_fee: '0.00', total: '45000.00' }),
            summary('DX-PICKUP02', { status: 'ready_for_delivery', delivery_type: 'pickup', payment_method: 'click', paid_at: '2026-01-15T07:31:00Z' }),
          ]),
        );
      }
      return HttpResponse.json(
        paginated([summary('DX-CASH0001', { status: 'created' }), summary('DX-PREP0001', { status: 'preparing', created_at: '2026-01-15T08:00:00Z' })]),
      );
    }),
    http.get('/api/v1/delivery/queue/', () =>
      HttpResponse.json(
        paginated([
          {
            id: 77,
            order_number: 'DX-READY001',
            status: 'ready',
            attempt: 1,
            courier: null,
            zone: { id: 1, name: 'Markaz' },
            address_text: "Toshkent, Amir Temur ko'chasi, 108",
            eta_earliest: null,
            eta_latest: null,
            assigned_at: null,
            waiting_since: '2026-01-15T09:00:00Z',
            order_created_at: '2026-01-15T07:00:00Z',
            payment_method: 'cash',
            total: '45000.00',
            customer_name: 'Nilufar Yusupova',
          },
        ]),
      ),
    ),
  ];
}

describe('operator screens', () => {
  beforeEach(() => {
    useAuthStore.setState({ accessToken: 'access', refreshToken: 'refresh' });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(['courier', 'customer'])('shows the 403 page to a signed-in %s', async (role) => {
    server.use(me(role), ...queueApi());
    renderApp('/operator');
    expect(await screen.findByRole('heading', { name: 'Kirish taqiqlangan' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Ish navbati' })).not.toBeInTheDocument();
  });

  it('shows the 403 page to a courier on every operator address', async () => {
    server.use(me('courier'));
    renderApp('/operator/stock');
    expect(await screen.findByRole('heading', { name: 'Kirish taqiqlangan' })).toBeInTheDocument();
  });

  it('sends a visitor who is not signed in to the sign-in page', async () => {
    useAuthStore.setState({ accessToken: null, refreshToken: null });
    renderApp('/operator');
    expect(await screen.findByLabelText('Parol')).toBeInTheDocument();
  });

  it.each(['operator', 'admin'])('shows the %s the live queue with a count per tab, oldest first', async (role) => {
    const requests: string[] = [];
    server.use(me(role), ...queueApi(requests));
    const { user, queryClient } = renderApp('/operator');

    const tab = await screen.findByRole('tab', { name: /Retsept tekshiruvi/ });
    expect(tab).toHaveAttribute('aria-selected', 'true');
    await waitFor(() => expect(screen.getByTestId('queue-count-prescriptions')).toHaveTextContent('3'));
    expect(screen.getByTestId('queue-count-preparation')).toHaveTextContent('2');
    expect(screen.getByTestId('queue-count-courier')).toHaveTextContent('1');
    expect(screen.getByTestId('queue-count-pickup')).toHaveTextContent('2');
    expect(screen.getByRole('link', { name: "DX-RX000001 buyurtmasining retseptini ko'rib chiqish" })).toHaveAttribute(
      'href',
      '/operator/orders/DX-RX000001/review',
    );
    // Oldest first, by the statuses of each queue.
    expect(requests).toContain('?status=awaiting_prescription&ordering=created_at&page_size=50');
    expect(requests).toContain('?status=created&status=paid&status=preparing&ordering=created_at&page_size=50');
    expect(requests).toContain('?status=ready_for_delivery&delivery_type=pickup&ordering=created_at&page_size=50');
    // The queues refresh themselves while the screen is open.
    const queues = queryClient.getQueryCache().findAll({ queryKey: ['operator', 'queue'] });
    expect(queues).toHaveLength(4);
    for (const query of queues) expect((query.options as { refetchInterval?: unknown }).refetchInterval).toBe(QUEUE_REFRESH_MS);

    // Arrow keys move between the tabs.
    tab.focus();
    await user.keyboard('{ArrowRight}');
    const preparation = screen.getByRole('tab', { name: /Yig'ish/ });
    expect(preparation).toHaveAttribute('aria-selected', 'true');
    expect(preparation).toHaveFocus();
    expect(within(screen.getByRole('tabpanel')).getByText('DX-CASH0001')).toBeInTheDocument();
  });

  it('moves orders to preparing and to ready from the preparation tab', async () => {
    const sent: unknown[] = [];
    server.use(
      me('operator'),
      ...queueApi(),
      http.post('/api/v1/orders/:number/status/', async ({ request, params }) => {
        sent.push({ number: params.number, ...((await request.json()) as object) });
        return HttpResponse.json(orderFixture({ number: params.number as string }));
      }),
    );
    const { user } = renderApp('/operator?tab=preparation');
    await user.click(await screen.findByRole('button', { name: "DX-CASH0001: yig'ishni boshlash" }));
    await user.click(screen.getByRole('button', { name: 'DX-PREP0001: tayyor deb belgilash' }));
    await waitFor(() =>
      expect(sent).toEqual([
        { number: 'DX-CASH0001', status: 'preparing' },
        { number: 'DX-PREP0001', status: 'ready_for_delivery' },
      ]),
    );
    expect(await screen.findByText('DX-PREP0001 tayyor')).toBeInTheDocument();
  });

  it('hands pickup orders over at the counter, recording the cash of an unpaid cash order first', async () => {
    const sent: unknown[] = [];
    server.use(
      me('operator'),
      ...queueApi(),
      http.post('/api/v1/payments/cash/confirm/', async ({ request }) => {
        sent.push({ cash: await request.json() });
        return HttpResponse.json({ payment_id: 3, status: 'paid' }, { status: 201 });
      }),
      http.post('/api/v1/orders/:number/status/', async ({ request, params }) => {
        sent.push({ number: params.number, ...((await request.json()) as object) });
        return HttpResponse.json(orderFixture({ number: params.number as string, status: 'delivered' }));
      }),
    );
    const { user } = renderApp('/operator?tab=pickup');

    const cash = await screen.findByRole('button', { name: 'DX-PICKUP01: mijozga topshirish' });
    expect(cash).toHaveTextContent(/^45.000.so.m naqd olindi, topshirish$/);
    await user.click(cash);
    await waitFor(() =>
      expect(sent).toEqual([
        { cash: { order_id: 501, amount: '45000.00' } },
        { number: 'DX-PICKUP01', status: 'delivered' },
      ]),
    );
    expect(await screen.findByText('DX-PICKUP01 mijozga topshirildi')).toBeInTheDocument();

    // Paid online: nothing to take, only the handover.
    const paid = screen.getByRole('button', { name: 'DX-PICKUP02: mijozga topshirish' });
    expect(paid).toHaveTextContent('Topshirish');
    await user.click(paid);
    await waitFor(() => expect(sent).toHaveLength(3));
    expect(sent[2]).toEqual({ number: 'DX-PICKUP02', status: 'delivered' });
  });

  it('assigns a courier on shift, showing each one’s load and refusing a full one', async () => {
    let assigned: unknown;
    server.use(
      me('operator'),
      ...queueApi(),
      http.get('/api/v1/delivery/couriers/', () =>
        HttpResponse.json(
          paginated([
            { id: 3, first_name: 'Bekzod', last_name: 'Tursunov', phone_number: '+998900000003', shift_started_at: '2026-01-15T05:00:00Z', active_deliveries: 1, max_active_deliveries: 3 },
            { id: 9, first_name: 'Jasur', last_name: 'Aliyev', phone_number: '+998900000009', shift_started_at: '2026-01-15T05:00:00Z', active_deliveries: 3, max_active_deliveries: 3 },
          ]),
        ),
      ),
      http.post('/api/v1/delivery/assign-courier/', async ({ request }) => {
        assigned = await request.json();
        return HttpResponse.json({ id: 77 });
      }),
    );
    const { user } = renderApp('/operator?tab=courier');
    expect(await screen.findByTestId('courier-of-DX-READY001')).toHaveTextContent('Kuryer tayinlanmagan');
    await user.click(screen.getByRole('button', { name: 'DX-READY001 uchun kuryer tayinlash' }));

    const dialog = await screen.findByRole('dialog', { name: 'DX-READY001 uchun kuryer' });
    const full = await within(dialog).findByRole('radio', { name: /Jasur Aliyev/ });
    expect(full).toBeDisabled();
    expect(within(dialog).getByText(/Yetkazishlar: 3 \/ 3 · band/)).toBeInTheDocument();
    // Focus stays inside the dialog.
    await user.keyboard('{Shift>}{Tab}{/Shift}');
    expect(within(dialog).getByRole('button', { name: 'Bekor qilish' })).toHaveFocus();
    await user.tab();
    expect(within(dialog).getByRole('radio', { name: /Bekzod Tursunov/ })).toHaveFocus();
    await user.click(within(dialog).getByRole('radio', { name: /Bekzod Tursunov.*Yetkazishlar: 1 \/ 3/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Tayinlash' }));

    await waitFor(() => expect(assigned).toEqual({ delivery_id: 77, courier_id: 3 }));
    expect(await screen.findByText('DX-READY001 kuryer Bekzodga berildi')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('closes the courier dialog with Escape', async () => {
    server.use(me('operator'), ...queueApi(), http.get('/api/v1/delivery/couriers/', () => HttpResponse.json(paginated([]))));
    const { user } = renderApp('/operator?tab=courier');
    await user.click(await screen.findByRole('button', { name: 'DX-READY001 uchun kuryer tayinlash' }));
    expect(await screen.findByText("Hozir smenada kuryer yo'q")).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'DX-READY001 uchun kuryer tayinlash' })).toHaveFocus();
  });
});

describe('order lines', () => {
  beforeEach(() => {
    useAuthStore.setState({ accessToken: 'access', refreshToken: 'refresh' });
  });

  const preparing = () =>
    orderFixture({
      number: 'DX-PREP0001',
      status: 'preparing',
      lines_removable: true,
      items: [
        { id: 1, product_id: 11, product_name: 'Ibuprofen 200 mg', unit_price: '8000.00', quantity: 3, line_total: '24000.00', requires_prescription: false, batches: [] },
        { id: 2, product_id: 12, product_name: 'Paratsetamol 500 mg', unit_price: '5000.00', quantity: 1, line_total: '5000.00', requires_prescription: false, batches: [] },
      ],
      items_total: '29000.00',
      total: '44000.00',
    });

  it('takes packs the pharmacy cannot supply off a line, with the reason the customer is told', async () => {
    const sent: unknown[] = [];
    let order = preparing();
    server.use(
      me('operator'),
      ...queueApi(),
      http.get('/api/v1/orders/DX-PREP0001/', () => HttpResponse.json(order)),
      http.post('/api/v1/orders/DX-PREP0001/items/:itemId/remove/', async ({ request, params }) => {
        sent.push({ item: Number(params.itemId), ...((await request.json()) as object) });
        order = orderFixture({
          ...preparing(),
          items: [{ ...preparing().items[0], quantity: 1, line_total: '8000.00' }, preparing().items[1]],
          total: '28000.00',
          removed_items: [
            { product_id: 11, product_name: 'Ibuprofen 200 mg', unit_price: '8000.00', quantity: 2, amount: '16000.00', reason: 'Qadoqlari shikastlangan', at: '2026-01-15T08:00:00Z' },
          ],
        });
        return HttpResponse.json(order);
      }),
    );
    const { user } = renderApp('/operator?tab=preparation');
    await user.click(await screen.findByRole('link', { name: 'DX-PREP0001 buyurtmasining tarkibini ochish' }));

    expect(await screen.findByRole('heading', { level: 1, name: /DX-PREP0001/ })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Olib tashlash: Ibuprofen 200 mg' }));
    const keep = screen.getByLabelText('Nechta qadoq qoladi');
    await user.clear(keep);
    await user.type(keep, '1');
    await user.click(screen.getByRole('button', { name: '2 ta qadoqni olib tashlash' }));
    expect(await screen.findByText('Sababni yozing.')).toBeInTheDocument();
    expect(sent).toEqual([]);

    await user.type(screen.getByLabelText("Sabab (mijozga ko'rsatiladi)"), 'Qadoqlari shikastlangan');
    await user.click(screen.getByRole('button', { name: '2 ta qadoqni olib tashlash' }));

    await waitFor(() => expect(sent).toEqual([{ item: 1, keep: 1, reason: 'Qadoqlari shikastlangan' }]));
    expect(await screen.findByText('Ibuprofen 200 mg buyurtmadan olib tashlandi')).toBeInTheDocument();
    const removed = await screen.findByRole('region', { name: 'Buyurtmadan olib tashlandi' });
    expect(within(removed).getByText('Sabab: Qadoqlari shikastlangan')).toBeInTheDocument();
    expect(screen.getByTestId('order-total')).toHaveTextContent(/28.000.so.m/);
  });

  it('offers no removal once the order is handed over', async () => {
    server.use(me('operator'), http.get('/api/v1/orders/DX-PREP0001/', () => HttpResponse.json({ ...preparing(), status: 'delivered', lines_removable: false })));
    renderApp('/operator/orders/DX-PREP0001');

    expect(await screen.findByText(/tarkibini o'zgartirib bo'lmaydi/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Olib tashlash/ })).not.toBeInTheDocument();
  });
});

describe('prescription review', () => {
  beforeEach(() => {
    useAuthStore.setState({ accessToken: 'access', refreshToken: 'refresh' });
    // jsdom has no object URLs.
    URL.createObjectURL = vi.fn(() => 'blob:prescription-page');
    URL.revokeObjectURL = vi.fn();
  });

  function reviewApi(prescription = prescriptionFixture()) {
    const imageRequests: (string | null)[] = [];
    const handlers = [
      me('operator'),
      ...queueApi(),
      http.get('/api/v1/orders/DX-RX000001/', () => HttpResponse.json(rxOrder())),
      http.get('/api/v1/prescriptions/31/', () => HttpResponse.json(prescription)),
      http.get('http://localhost:3000/api/v1/prescriptions/31/images/5/', ({ request }) => {
        imageRequests.push(request.headers.get('Authorization'));
        return new HttpResponse(new Blob(['jpeg'], { type: 'image/jpeg' }), { headers: { 'Content-Type': 'image/jpeg' } });
      }),
    ];
    return { handlers, imageRequests };
  }

  it('shows the page with the token, the patient and doctor, and zooms and rotates from the keyboard', async () => {
    const { handlers, imageRequests } = reviewApi();
    server.use(...handlers);
    const { user } = renderApp('/operator/orders/DX-RX000001/review');

    const image = await screen.findByRole('img', { name: 'Retsept rasmi, 1-sahifa' });
    expect(image).toHaveAttribute('src', 'blob:prescription-page');
    expect(imageRequests).toEqual(['Bearer access']);
    expect(screen.getByText('Nilufar Yusupova')).toBeInTheDocument();
    expect(screen.getByText('Karimov A.')).toBeInTheDocument();
    expect(screen.getByText('12-oilaviy poliklinika')).toBeInTheDocument();

    const canvas = screen.getByRole('group', { name: 'Retsept, 1-sahifa' });
    canvas.focus();
    await user.keyboard('++r');
    expect(screen.getByTestId('viewer-state')).toHaveTextContent('Masshtab: 150%, burilish: 90°');
    expect(image).toHaveStyle({ transform: 'rotate(90deg)' });
    expect(image.parentElement).toHaveStyle({ width: '150%' });
    fireEvent.keyDown(canvas, { key: 'l' });
    fireEvent.keyDown(canvas, { key: 'l' });
    fireEvent.keyDown(canvas, { key: '-' });
    expect(screen.getByTestId('viewer-state')).toHaveTextContent('Masshtab: 125%, burilish: 270°');
    await user.keyboard('0');
    expect(screen.getByTestId('viewer-state')).toHaveTextContent('Masshtab: 100%, burilish: 0°');
    // The same with the buttons.
    await user.click(screen.getByRole('button', { name: "O'ngga burish" }));
    await user.click(screen.getByRole('button', { name: 'Kattalashtirish' }));
    expect(screen.getByTestId('viewer-state')).toHaveTextContent('Masshtab: 125%, burilish: 90°');
  });

  it('approves for the ticked prescription items of the waiting order and goes back to the queue', async () => {
    let approval: { valid_until: string; items: unknown[]; note: string } | undefined;
    // Read again after the approval, the prescription is approved and its forms go away: the
    // screen still goes back to the queue with its message.
    let current = prescriptionFixture();
    const { handlers } = reviewApi();
    server.use(
      ...handlers,
      http.get('/api/v1/prescriptions/31/', () => HttpResponse.json(current)),
      http.post('/api/v1/prescriptions/31/approve/', async ({ request }) => {
        approval = (await request.json()) as typeof approval;
        current = prescriptionFixture({ status: 'approved' });
        return HttpResponse.json(current);
      }),
    );
    const { user } = renderApp('/operator/orders/DX-RX000001/review');

    const covered = await screen.findByRole('group', { name: 'Retsept qamrab oladigan dorilar' });
    expect(within(covered).getByRole('checkbox', { name: 'Amoksitsillin 500 mg × 2' })).toBeChecked();
    // Only prescription lines are offered.
    expect(within(covered).queryByText(/Paratsetamol/)).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('Farmatsevt izohi (ixtiyoriy)'), 'Asl nusxa');
    await user.click(screen.getByRole('button', { name: 'Retseptni tasdiqlash' }));

    await waitFor(() => expect(approval?.items).toEqual([{ product: 11, quantity: 2 }]));
    expect(approval?.note).toBe('Asl nusxa');
    expect(approval?.valid_until).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await screen.findByRole('heading', { name: 'Ish navbati' })).toBeInTheDocument();
    expect(screen.getByText('Retsept tasdiqlandi: DX-RX000001 davom etadi')).toBeInTheDocument();
  });

  it('refuses to approve with nothing ticked, without asking the server', async () => {
    const { handlers } = reviewApi();
    server.use(...handlers);
    const { user } = renderApp('/operator/orders/DX-RX000001/review');
    await user.click(await screen.findByRole('checkbox', { name: 'Amoksitsillin 500 mg × 2' }));
    await user.click(screen.getByRole('button', { name: 'Retseptni tasdiqlash' }));
    expect(await screen.findByText('Kamida bitta dorini belgilang.')).toBeInTheDocument();
  });

  it('rejects with a reason, asking for a note when the reason is "other", and shows the API error', async () => {
    const rejections: unknown[] = [];
    const { handlers } = reviewApi();
    server.use(
      ...handlers,
      http.post('/api/v1/prescriptions/31/reject/', async ({ request }) => {
        rejections.push(await request.json());
        if (rejections.length === 1) return HttpResponse.json(apiError('prescription_not_pending', 'Retsept allaqachon ko‘rib chiqilgan.'), { status: 409 });
        return HttpResponse.json(prescriptionFixture({ status: 'rejected' }));
      }),
    );
    const { user } = renderApp('/operator/orders/DX-RX000001/review');
    const reject = await screen.findByRole('button', { name: 'Retseptni rad etish' });
    expect(reject).toBeDisabled();
    await user.selectOptions(screen.getByLabelText('Sabab'), 'other');
    expect(reject).toBeDisabled();
    await user.type(screen.getByLabelText('Mijozga izoh (majburiy)'), 'Muhr yo‘q');
    await user.click(reject);
    expect(await screen.findByRole('alert')).toHaveTextContent('Retsept allaqachon ko‘rib chiqilgan.');

    await user.selectOptions(screen.getByLabelText('Sabab'), 'unreadable');
    await user.click(reject);
    expect(await screen.findByRole('heading', { name: 'Ish navbati' })).toBeInTheDocument();
    expect(rejections).toEqual([
      { reason: 'other', note: 'Muhr yo‘q' },
      { reason: 'unreadable', note: 'Muhr yo‘q' },
    ]);
  });

  it('says so when the customer has not attached a prescription', async () => {
    server.use(me('operator'), http.get('/api/v1/orders/DX-RX000001/', () => HttpResponse.json(rxOrder({ prescription_ids: [] }))));
    renderApp('/operator/orders/DX-RX000001/review');
    expect(await screen.findByText('Mijoz hali retsept biriktirmagan')).toBeInTheDocument();
  });
});

describe('stock lists', () => {
  beforeEach(() => {
    useAuthStore.setState({ accessToken: 'access', refreshToken: 'refresh' });
  });

  it('shows low stock and near-expiry batches', async () => {
    server.use(
      me('operator'),
      http.get('/api/v1/products/stock/low/', () =>
        HttpResponse.json(paginated([{ id: 1, name: 'Amoksitsillin 500 mg', slug: 'amoksitsillin', sellable_quantity: 0, low_stock_threshold: 10 }])),
      ),
      http.get('/api/v1/products/stock/near-expiry/', () =>
        HttpResponse.json(
          paginated([
            { id: 4, product_id: 2, product_name: 'Ibuprofen 200 mg', lot_number: 'L-77', expiry_date: '2026-02-01', quantity: 12, reserved: 0, available: 12, is_sellable: false, received_at: '2025-02-01T00:00:00Z', cost: null, days_left: 5 },
            { id: 5, product_id: 3, product_name: 'Sitramon', lot_number: 'L-78', expiry_date: '2026-01-10', quantity: 3, reserved: 0, available: 3, is_sellable: false, received_at: '2025-01-01T00:00:00Z', cost: null, days_left: -2 },
          ]),
        ),
      ),
    );
    renderApp('/operator/stock');
    const low = await screen.findByRole('table', { name: 'Kam qolgan dorilar' });
    expect(within(low).getByRole('rowheader', { name: 'Amoksitsillin 500 mg' })).toBeInTheDocument();
    const near = await screen.findByRole('table', { name: 'Muddati tugayotgan partiyalar' });
    expect(within(near).getByText(/5 kun qoldi/)).toBeInTheDocument();
    expect(within(near).getByText(/muddati o'tgan/)).toBeInTheDocument();
    expect(within(near).getByText('L-77')).toBeInTheDocument();
  });
});
