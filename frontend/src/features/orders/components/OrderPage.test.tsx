import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { useAuthStore } from '@/lib/auth';
import { leaveTo } from '@/lib/navigation';
import { cartFixture, orderFixture, trackingFixture } from '@/testing/fixtures';
import { apiError, paginated } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

vi.mock('@/lib/navigation', () => ({ leaveTo: vi.fn() }));

describe('OrderPage', () => {
  beforeEach(() => {
    useAuthStore.setState({ accessToken: 'access', refreshToken: 'refresh' });
  });

  it('shows what happened and what is still to come, for a courier order paid with Payme', async () => {
    server.use(
      http.get('/api/v1/orders/DX-7KQ3M9P2/', () =>
        HttpResponse.json(
          orderFixture({
            status: 'paid',
            payment_method: 'payme',
            payment: { method: 'payme', is_paid: true, paid_at: '2026-01-15T07:35:00Z', amount_due: '0.00', checkout_url: null },
            timeline: [
              { from_status: '', to_status: 'created', at: '2026-01-15T07:30:00Z', actor_role: 'customer', reason: '' },
              { from_status: 'created', to_status: 'awaiting_payment', at: '2026-01-15T07:30:01Z', actor_role: 'system', reason: '' },
              { from_status: 'awaiting_payment', to_status: 'paid', at: '2026-01-15T07:35:00Z', actor_role: 'system', reason: '' },
            ],
          }),
        ),
      ),
    );
    renderApp('/orders/DX-7KQ3M9P2');

    const timeline = await screen.findByRole('list', { name: 'Buyurtma holati' });
    const steps = within(timeline).getAllByRole('listitem').map((step) => step.firstElementChild?.nextSibling?.textContent);
    expect(steps).toEqual(['Qabul qilindi', "To'lov kutilmoqda", "To'landi", "Yig'ilmoqda", 'Tayyor', "Yo'lda", 'Topshirildi']);
    expect(within(timeline).getByText("To'landi").closest('li')).toHaveAttribute('aria-current', 'step');
    // 07:35 UTC is 12:35 in Tashkent.
    expect(screen.getByText(/To'langan: .*12:35/)).toBeInTheDocument();
  });

  it('shows the packs the pharmacy could not supply, why, and how much less the order costs', async () => {
    server.use(
      http.get('/api/v1/orders/DX-7KQ3M9P2/', () =>
        HttpResponse.json(
          orderFixture({
            removed_items: [
              {
                product_id: 9,
                product_name: 'Ibuprofen 200 mg',
                unit_price: '8000.00',
                quantity: 2,
                amount: '16000.00',
                reason: 'Qadoqlari shikastlangan',
                at: '2026-01-15T08:00:00Z',
              },
            ],
          }),
        ),
      ),
    );
    renderApp('/orders/DX-7KQ3M9P2');

    const removed = await screen.findByRole('region', { name: 'Buyurtmadan olib tashlandi' });
    expect(within(removed).getByText('Ibuprofen 200 mg')).toBeInTheDocument();
    expect(within(removed).getByText('Sabab: Qadoqlari shikastlangan')).toBeInTheDocument();
    expect(within(removed).getByText(/−16 000 so'm/)).toBeInTheDocument();
  });

  it('shows no removed section when every line was supplied', async () => {
    server.use(http.get('/api/v1/orders/DX-7KQ3M9P2/', () => HttpResponse.json(orderFixture())));
    renderApp('/orders/DX-7KQ3M9P2');

    expect(await screen.findByRole('heading', { level: 1, name: /DX-7KQ3M9P2/ })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Buyurtmadan olib tashlandi' })).not.toBeInTheDocument();
  });

  it('pays an order awaiting payment: starts the payment for the order id and leaves for the pay page', async () => {
    vi.mocked(leaveTo).mockClear();
    const starts: unknown[] = [];
    server.use(
      http.get('/api/v1/orders/DX-7KQ3M9P2/', () =>
        HttpResponse.json(
          orderFixture({
            status: 'awaiting_payment',
            payment_method: 'click',
            payment: { method: 'click', is_paid: false, paid_at: null, amount_due: '35000.00', checkout_url: 'http://shop.test/pay' },
          }),
        ),
      ),
      http.post('/api/v1/payments/create/', async ({ request }) => {
        starts.push(await request.json());
        return HttpResponse.json({ payment_id: 12, checkout_url: 'http://shop.test/api/v1/payments/simulator/click/DX-7KQ3M9P2/' });
      }),
    );
    const { user } = renderApp('/orders/DX-7KQ3M9P2');

    await user.click(await screen.findByRole('button', { name: "Click orqali to'lash" }));

    await waitFor(() => expect(leaveTo).toHaveBeenCalledWith('http://shop.test/api/v1/payments/simulator/click/DX-7KQ3M9P2/'));
    expect(starts).toEqual([{ order_id: 501, provider: 'click' }]);
  });

  it('re-reads the order when the payments API says it is already paid', async () => {
    vi.mocked(leaveTo).mockClear();
    let reads = 0;
    server.use(
      http.get('/api/v1/orders/DX-7KQ3M9P2/', () => {
        reads += 1;
        return HttpResponse.json(orderFixture({ status: 'awaiting_payment', payment_method: 'payme' }));
      }),
      http.post('/api/v1/payments/create/', () => HttpResponse.json(apiError('order_already_paid', "Buyurtma allaqachon to'langan"), { status: 409 })),
    );
    const { user } = renderApp('/orders/DX-7KQ3M9P2');

    await user.click(await screen.findByRole('button', { name: "Payme orqali to'lash" }));

    expect(await screen.findByText("Buyurtma allaqachon to'langan")).toBeInTheDocument();
    await waitFor(() => expect(reads).toBe(2));
    expect(leaveTo).not.toHaveBeenCalled();
  });

  it("tracks the delivery by the order's number while it is on the way", async () => {
    const tracked: string[] = [];
    server.use(
      http.get('/api/v1/orders/DX-7KQ3M9P2/', () => HttpResponse.json(orderFixture({ status: 'on_the_way', available_transitions: [] }))),
      http.get('/api/v1/delivery/:number/track/', ({ params }) => {
        tracked.push(String(params.number));
        return HttpResponse.json(trackingFixture());
      }),
    );
    renderApp('/orders/DX-7KQ3M9P2');

    expect(await screen.findByText('Kuryer: Jasur')).toBeInTheDocument();
    // eta_latest 08:30 UTC is 13:30 in Tashkent.
    expect(screen.getByText(/Taxminiy vaqt: .*13:30/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: "Xaritada ko'rish" })).toHaveAttribute('href', expect.stringContaining('mlat=41.311100'));
    // The courier's last fix on a map, with its time (07:55 UTC is 12:55 in Tashkent).
    const map = screen.getByRole('figure', { name: 'Kuryer xaritada' });
    expect(await within(map).findByTitle('Kuryer shu yerda')).toBeInTheDocument();
    expect(within(map).getByText(/Kuryerning so'nggi joylashuvi \(.*12:55\)/)).toBeInTheDocument();
    expect(tracked).toEqual(['DX-7KQ3M9P2']);
  });

  it('shows no map while the courier has not set off', async () => {
    server.use(
      http.get('/api/v1/orders/DX-7KQ3M9P2/', () => HttpResponse.json(orderFixture({ status: 'ready_for_delivery', available_transitions: [] }))),
      http.get('/api/v1/delivery/:number/track/', () => HttpResponse.json(trackingFixture({ status: 'assigned', location: null }))),
    );
    renderApp('/orders/DX-7KQ3M9P2');

    expect(await screen.findByText('Kuryer: Jasur')).toBeInTheDocument();
    expect(screen.queryByRole('figure', { name: 'Kuryer xaritada' })).not.toBeInTheDocument();
    expect(screen.queryByText(/Kuryerning so'nggi joylashuvi/)).not.toBeInTheDocument();
  });

  it('cancels with a reason and shows the new status', async () => {
    let order = orderFixture();
    const reasons: unknown[] = [];
    server.use(
      http.get('/api/v1/orders/DX-7KQ3M9P2/', () => HttpResponse.json(order)),
      http.post('/api/v1/orders/DX-7KQ3M9P2/cancel/', async ({ request }) => {
        reasons.push(await request.json());
        order = orderFixture({
          status: 'cancelled',
          available_transitions: [],
          timeline: [
            ...order.timeline,
            { from_status: 'created', to_status: 'cancelled', at: '2026-01-15T08:00:00Z', actor_role: 'customer', reason: 'Adashib buyurtma berdim' },
          ],
        });
        return HttpResponse.json(order);
      }),
    );
    const { user } = renderApp('/orders/DX-7KQ3M9P2');

    await user.click(await screen.findByRole('button', { name: 'Buyurtmani bekor qilish' }));
    await user.type(screen.getByLabelText('Bekor qilish sababi (ixtiyoriy)'), 'Adashib buyurtma berdim');
    await user.click(screen.getByRole('button', { name: 'Ha, bekor qilish' }));

    expect(await screen.findByText('Adashib buyurtma berdim')).toBeInTheDocument();
    expect(reasons).toEqual([{ reason: 'Adashib buyurtma berdim' }]);
    expect(screen.queryByRole('button', { name: 'Buyurtmani bekor qilish' })).not.toBeInTheDocument();
  });

  it('reorders into the cart and says what could not be added', async () => {
    server.use(
      http.get('/api/v1/orders/DX-7KQ3M9P2/', () => HttpResponse.json(orderFixture({ status: 'delivered' }))),
      http.post('/api/v1/orders/DX-7KQ3M9P2/reorder/', () =>
        HttpResponse.json({
          added: [{ product_id: 11, name: 'Paratsetamol 500 mg', quantity: 1 }],
          skipped: [{ product_id: 12, name: 'Sitramon', reason: 'out_of_stock' }],
          cart: cartFixture(),
        }),
      ),
    );
    const { user } = renderApp('/orders/DX-7KQ3M9P2');

    await user.click(await screen.findByRole('button', { name: 'Qayta buyurtma berish' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Savat' })).toBeInTheDocument();
    const toasts = screen.getByRole('region', { name: 'Bildirishnomalar' });
    expect(within(toasts).getByText("Savatga 1 ta mahsulot qo'shildi")).toBeInTheDocument();
    expect(within(toasts).getByText('Sitramon hozir mavjud emas')).toBeInTheDocument();
  });

  it('shows the delivery address and offers no cancel when the server allows none', async () => {
    server.use(
      http.get('/api/v1/orders/DX-7KQ3M9P2/', () => HttpResponse.json(orderFixture({ status: 'preparing', available_transitions: [] }))),
    );
    renderApp('/orders/DX-7KQ3M9P2');

    expect(await screen.findByText('Toshkent, Amir Temur 15, 4')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Qayta buyurtma berish' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Buyurtmani bekor qilish' })).not.toBeInTheDocument();
  });

  it('shows the order as it now is when a cancel comes too late', async () => {
    let order = orderFixture();
    server.use(
      http.get('/api/v1/orders/DX-7KQ3M9P2/', () => HttpResponse.json(order)),
      http.post('/api/v1/orders/DX-7KQ3M9P2/cancel/', () => {
        // The pharmacy started preparing it meanwhile.
        order = orderFixture({
          status: 'preparing',
          available_transitions: [],
          timeline: [
            ...order.timeline,
            { from_status: 'created', to_status: 'preparing', at: '2026-01-15T07:40:00Z', actor_role: 'operator', reason: '' },
          ],
        });
        return HttpResponse.json(apiError('invalid_transition', "Buyurtmani endi bekor qilib bo'lmaydi"), { status: 409 });
      }),
    );
    const { user } = renderApp('/orders/DX-7KQ3M9P2');

    await user.click(await screen.findByRole('button', { name: 'Buyurtmani bekor qilish' }));
    await user.click(screen.getByRole('button', { name: 'Ha, bekor qilish' }));

    expect(await screen.findByText("Buyurtmani endi bekor qilib bo'lmaydi")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Ha, bekor qilish' })).not.toBeInTheDocument());
    await waitFor(() =>
      expect(within(screen.getByRole('list', { name: 'Buyurtma holati' })).getByText("Yig'ilmoqda").closest('li')).toHaveAttribute('aria-current', 'step'),
    );
    expect(screen.queryByRole('button', { name: 'Buyurtmani bekor qilish' })).not.toBeInTheDocument();
  });

  it('lets the customer attach an uploaded prescription to an order awaiting one', async () => {
    let order = orderFixture({
      status: 'awaiting_prescription',
      requires_prescription: true,
      reservation_expires_at: '2026-01-16T07:30:00Z',
      timeline: [
        { from_status: '', to_status: 'created', at: '2026-01-15T07:30:00Z', actor_role: 'customer', reason: '' },
        { from_status: 'created', to_status: 'awaiting_prescription', at: '2026-01-15T07:30:01Z', actor_role: 'system', reason: '' },
      ],
    });
    const attached: unknown[] = [];
    server.use(
      http.get('/api/v1/orders/DX-7KQ3M9P2/', () => HttpResponse.json(order)),
      http.get('/api/v1/prescriptions/', () =>
        HttpResponse.json(
          paginated([
            { id: 81, status: 'pending', created_at: '2026-01-15T08:00:00Z', doctor_name: '' },
            { id: 82, status: 'rejected', created_at: '2026-01-14T08:00:00Z', doctor_name: '' },
          ]),
        ),
      ),
      http.post('/api/v1/orders/DX-7KQ3M9P2/prescriptions/', async ({ request }) => {
        attached.push(await request.json());
        // Pending review: attached, and the order goes on waiting until it is approved.
        order = { ...order, prescription_ids: [81] };
        return HttpResponse.json(order);
      }),
    );
    const { user } = renderApp('/orders/DX-7KQ3M9P2');

    expect(await screen.findByText(/Buyurtma retseptni kutmoqda/)).toBeInTheDocument();
    const section = screen.getByRole('region', { name: 'Retseptni biriktirish' });
    expect(within(section).queryByText(/№82/)).not.toBeInTheDocument();
    expect(within(section).getByRole('link', { name: 'Retsept yuklash' })).toHaveAttribute('href', '/prescriptions/new');
    await user.click(await within(section).findByRole('checkbox', { name: /№81/ }));
    await user.click(within(section).getByRole('button', { name: 'Biriktirish' }));

    const toasts = screen.getByRole('region', { name: 'Bildirishnomalar' });
    expect(await within(toasts).findByText('Retsept buyurtmaga biriktirildi')).toBeInTheDocument();
    expect(attached).toEqual([{ prescription_ids: [81] }]);
    const box = within(section).getByRole('checkbox', { name: /№81/ });
    expect(box).toBeChecked();
    expect(box).toBeDisabled();
    expect(within(section).getByText(/Biriktirilgan/)).toBeInTheDocument();
  });

  it('lists orders with links by their number', async () => {
    server.use(
      http.get('/api/v1/orders/', () => HttpResponse.json(paginated([orderFixture()]))),
    );
    renderApp('/orders');

    expect(await screen.findByRole('link', { name: /Buyurtma DX-7KQ3M9P2/ })).toHaveAttribute('href', '/orders/DX-7KQ3M9P2');
  });
});
