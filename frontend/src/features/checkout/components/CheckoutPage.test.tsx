import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

import { useAuthStore } from '@/lib/auth';
import { leaveTo } from '@/lib/navigation';
import { cartFixture, cartItemFixture, deliveryQuoteFixture, orderFixture } from '@/testing/fixtures';
import { apiError, paginated } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

vi.mock('@/lib/navigation', () => ({ leaveTo: vi.fn() }));

const savedAddress = {
  id: 31,
  label: 'Uy',
  region: 'tashkent_city',
  city: 'Toshkent',
  street: 'Amir Temur',
  house: '15',
  apartment: '4',
  entrance: '',
  floor: '',
  landmark: '',
  latitude: null,
  longitude: null,
  is_default: true,
};

function checkoutCart(overrides: Record<string, unknown> = {}) {
  return cartFixture([cartItemFixture({ unit_price: '20000.00', line_total: '20000.00' })], overrides);
}

/** The checkout endpoint, answering from `responses` in turn; records every key and body. */
function checkoutEndpoint(...responses: (() => Response)[]) {
  const calls: { key: string | null; body: Record<string, unknown> }[] = [];
  server.use(
    http.post('/api/v1/orders/checkout/', async ({ request }) => {
      calls.push({ key: request.headers.get('Idempotency-Key'), body: (await request.json()) as Record<string, unknown> });
      const respond = responses[Math.min(calls.length - 1, responses.length - 1)];
      return respond ? respond() : HttpResponse.error();
    }),
  );
  return calls;
}

const created = () => HttpResponse.json(orderFixture(), { status: 201 });

describe('CheckoutPage', () => {
  // The routes load their screens lazily; load them once up front so the first test does not
  // spend its wait on compiling them.
  beforeAll(async () => {
    await Promise.all([import('@/features/checkout/components/CheckoutPage'), import('@/features/orders/components/OrderPage')]);
  });

  beforeEach(() => {
    vi.mocked(leaveTo).mockClear();
    useAuthStore.setState({ accessToken: 'access', refreshToken: 'refresh' });
    server.use(
      http.get('/api/v1/orders/cart/', () => HttpResponse.json(checkoutCart())),
      http.get('/api/v1/users/me/addresses/', () => HttpResponse.json(paginated([savedAddress]))),
      http.post('/api/v1/delivery/quote/', () => HttpResponse.json(deliveryQuoteFixture())),
      http.get('/api/v1/orders/DX-7KQ3M9P2/', () => HttpResponse.json(orderFixture())),
    );
  });

  it('retries a failed submit with the same Idempotency-Key, so the order is made once', async () => {
    const calls = checkoutEndpoint(
      () => HttpResponse.json(apiError('server_error', 'Serverda xatolik'), { status: 503 }),
      () => HttpResponse.error(),
      created,
    );
    const { user } = renderApp('/checkout');
    const submit = await screen.findByRole('button', { name: 'Buyurtma berish' });

    await user.click(submit);
    const toasts = screen.getByRole('region', { name: 'Bildirishnomalar' });
    expect(await within(toasts).findByRole('alert')).toHaveTextContent('Serverda xatolik');
    await user.click(submit);
    await within(toasts).findByText(/Server bilan bog'lanib bo'lmadi/);
    await user.click(submit);

    expect(await screen.findByRole('heading', { name: 'Buyurtma DX-7KQ3M9P2' })).toBeInTheDocument();
    expect(calls).toHaveLength(3);
    expect(calls[0]?.key).toMatch(/^[\w-]{16,64}$/);
    expect(new Set(calls.map((call) => call.key)).size).toBe(1);
    expect(calls[0]?.body).toEqual({ payment_method: 'cash', delivery_type: 'courier', address_id: 31, note: '', prescription_ids: [] });
  });

  it('uses a new key once the order itself is changed', async () => {
    const calls = checkoutEndpoint(() => HttpResponse.json(apiError('server_error', 'Serverda xatolik'), { status: 503 }), created);
    const { user } = renderApp('/checkout');

    await user.click(await screen.findByRole('button', { name: 'Buyurtma berish' }));
    await screen.findByText('Serverda xatolik');
    await user.click(screen.getByRole('radio', { name: /Dorixonadan olib ketish/ }));
    await user.click(screen.getByRole('button', { name: 'Buyurtma berish' }));

    await screen.findByRole('heading', { name: 'Buyurtma DX-7KQ3M9P2' });
    expect(calls.map((call) => call.body.delivery_type)).toEqual(['courier', 'pickup']);
    expect(calls[0]?.key).not.toBe(calls[1]?.key);
    expect(calls[1]?.body).not.toHaveProperty('address_id');
  });

  it('shows the delivery fee from the quote and the total', async () => {
    renderApp('/checkout');

    const summary = await screen.findByRole('complementary', { name: 'Buyurtmangiz' });
    expect(await within(summary).findByText("15 000 so'm")).toBeInTheDocument();
    expect(within(summary).getByText("35 000 so'm")).toBeInTheDocument();
    expect(within(summary).getByText('30–60 daqiqa')).toBeInTheDocument();
  });

  it('quotes the saved address with the cart total', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post('/api/v1/delivery/quote/', async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json(deliveryQuoteFixture());
      }),
    );
    renderApp('/checkout');

    const summary = await screen.findByRole('complementary', { name: 'Buyurtmangiz' });
    await within(summary).findByText("15 000 so'm");
    expect(bodies[0]).toEqual({ address_id: 31, cart_total: '20000.00' });
  });

  it('quotes a new address by the pin placed on the map, and saves the pin with the address', async () => {
    const quotes: unknown[] = [];
    const saved: unknown[] = [];
    server.use(
      http.get('/api/v1/users/me/addresses/', () => HttpResponse.json(paginated([]))),
      http.post('/api/v1/delivery/quote/', async ({ request }) => {
        quotes.push(await request.json());
        return HttpResponse.json(deliveryQuoteFixture({ fee: '10000.00' }));
      }),
      http.post('/api/v1/users/me/addresses/', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        saved.push(body);
        return HttpResponse.json({ ...savedAddress, ...body, id: 32 }, { status: 201 });
      }),
    );
    const calls = checkoutEndpoint(created);
    const { user } = renderApp('/checkout');

    const summary = await screen.findByRole('complementary', { name: 'Buyurtmangiz' });
    expect(screen.getByRole('radio', { name: /Yangi manzil/ })).toBeChecked();
    // No pin yet: nothing to quote, the fee is worked out with the order.
    expect(within(summary).getByText('tasdiqlanganda hisoblanadi')).toBeInTheDocument();
    await user.type(screen.getByLabelText("Ko'cha"), 'Navoiy');
    await user.type(screen.getByLabelText('Uy', { exact: true }), '7');
    await user.click(await screen.findByRole('button', { name: 'Xarita markazini belgilash' }));

    expect(await within(summary).findByText("10 000 so'm")).toBeInTheDocument();
    expect(within(summary).getByText("30 000 so'm")).toBeInTheDocument();
    expect(quotes).toEqual([{ latitude: '41.311100', longitude: '69.279700', cart_total: '20000.00' }]);

    await user.click(screen.getByRole('button', { name: 'Buyurtma berish' }));
    await screen.findByRole('heading', { name: 'Buyurtma DX-7KQ3M9P2' });
    expect(saved).toEqual([expect.objectContaining({ street: 'Navoiy', house: '7', latitude: '41.311100', longitude: '69.279700', is_default: true })]);
    expect(calls[0]?.body).toMatchObject({ delivery_type: 'courier', address_id: 32 });
  });

  it('says a saved address without a pin cannot be priced, and where to pin it', async () => {
    server.use(
      http.post('/api/v1/delivery/quote/', () =>
        HttpResponse.json(apiError('address_location_required', 'Manzil xaritada belgilanmagan.'), { status: 400 }),
      ),
    );
    renderApp('/checkout');

    const summary = await screen.findByRole('complementary', { name: 'Buyurtmangiz' });
    expect(await within(summary).findByText(/Bu manzil xaritada belgilanmagan/)).toBeInTheDocument();
    expect(within(summary).getByRole('link', { name: 'Manzillar' })).toHaveAttribute('href', '/account/addresses');
    expect(within(summary).getByText('tasdiqlanganda hisoblanadi')).toBeInTheDocument();
  });

  it('sends the pin with a new address that is not kept', async () => {
    const calls = checkoutEndpoint(created);
    const { user } = renderApp('/checkout');

    await user.click(await screen.findByRole('radio', { name: /Yangi manzil/ }));
    await user.type(screen.getByLabelText("Ko'cha"), 'Navoiy');
    await user.type(screen.getByLabelText('Uy', { exact: true }), '7');
    await user.click(screen.getByRole('checkbox', { name: /Manzilni keyingi buyurtmalar uchun saqlash/ }));
    await user.click(await screen.findByRole('button', { name: 'Xarita markazini belgilash' }));
    await user.click(screen.getByRole('button', { name: 'Buyurtma berish' }));

    await screen.findByRole('heading', { name: 'Buyurtma DX-7KQ3M9P2' });
    expect(calls[0]?.body).toMatchObject({
      address: { text: 'Navoiy 7, Toshkent', latitude: '41.311100', longitude: '69.279700' },
    });
    expect(calls[0]?.body).not.toHaveProperty('address_id');
  });

  it("shows the server's reason when the address cannot be delivered to now", async () => {
    server.use(
      http.post('/api/v1/delivery/quote/', () =>
        HttpResponse.json(
          deliveryQuoteFixture({
            is_deliverable: false,
            reason: 'outside_delivery_hours',
            message: 'Hozir yetkazib berish vaqti emas',
            fee: null,
            eta_min_minutes: null,
            eta_max_minutes: null,
          }),
        ),
      ),
    );
    renderApp('/checkout');

    const summary = await screen.findByRole('complementary', { name: 'Buyurtmangiz' });
    expect(await within(summary).findByText('Hozir yetkazib berish vaqti emas')).toBeInTheDocument();
    expect(within(summary).queryByText('Yetkazish vaqti')).not.toBeInTheDocument();
  });

  it('starts a Payme payment for the order id and sends the customer to the pay page', async () => {
    const starts: unknown[] = [];
    server.use(
      http.post('/api/v1/payments/create/', async ({ request }) => {
        starts.push(await request.json());
        return HttpResponse.json({ payment_id: 9, checkout_url: 'http://shop.test/api/v1/payments/simulator/payme/DX-7KQ3M9P2/' }, { status: 201 });
      }),
    );
    const calls = checkoutEndpoint(() =>
      HttpResponse.json(orderFixture({ status: 'awaiting_payment', payment_method: 'payme' }), { status: 201 }),
    );
    const { user } = renderApp('/checkout');

    await user.click(await screen.findByRole('radio', { name: /^Payme/ }));
    await user.click(screen.getByRole('button', { name: 'Buyurtma berish' }));

    await waitFor(() => expect(leaveTo).toHaveBeenCalledWith('http://shop.test/api/v1/payments/simulator/payme/DX-7KQ3M9P2/'));
    expect(calls[0]?.body.payment_method).toBe('payme');
    // The payments API takes the order's id, not its public number.
    expect(starts).toEqual([{ order_id: 501, provider: 'payme' }]);
  });

  it('asks for a prescription when the cart has Rx items and sends the one chosen', async () => {
    server.use(
      http.get('/api/v1/orders/cart/', () => HttpResponse.json(checkoutCart({ requires_prescription: true }))),
      http.get('/api/v1/prescriptions/', () =>
        HttpResponse.json(
          paginated([
            { id: 71, status: 'approved', created_at: '2026-01-12T08:00:00Z', valid_until: '2026-02-12', doctor_name: '' },
            { id: 72, status: 'rejected', created_at: '2026-01-11T08:00:00Z', valid_until: null, doctor_name: '' },
          ]),
        ),
      ),
    );
    const calls = checkoutEndpoint(created);
    const { user } = renderApp('/checkout');

    expect(await screen.findByRole('group', { name: 'Retsept' })).toBeInTheDocument();
    expect(screen.queryByText(/№72/)).not.toBeInTheDocument();
    await user.click(await screen.findByRole('checkbox', { name: /№71/ }));
    expect(screen.getByLabelText('Suratga olish')).toHaveAttribute('capture', 'environment');
    await user.click(screen.getByRole('button', { name: 'Buyurtma berish' }));

    await screen.findByRole('heading', { name: 'Buyurtma DX-7KQ3M9P2' });
    expect(calls[0]?.body.prescription_ids).toEqual([71]);
  });

  it('opens the order by its number', async () => {
    const read: string[] = [];
    server.use(
      http.get('/api/v1/orders/:key/', ({ params }) => {
        // Anything else (the cart) falls through to its own handler.
        if (!String(params.key).startsWith('DX-')) return undefined;
        read.push(String(params.key));
        return HttpResponse.json(orderFixture());
      }),
    );
    checkoutEndpoint(created);
    const { user } = renderApp('/checkout');

    await user.click(await screen.findByRole('button', { name: 'Buyurtma berish' }));

    expect(await screen.findByRole('heading', { name: 'Buyurtma DX-7KQ3M9P2' })).toBeInTheDocument();
    expect(read).toEqual(['DX-7KQ3M9P2']);
  });

  it('sends the customer to the cart when stock ran out, with the cart read again', async () => {
    let cartReads = 0;
    server.use(
      http.get('/api/v1/orders/cart/', () => {
        cartReads += 1;
        return HttpResponse.json(
          cartReads === 1
            ? checkoutCart()
            : cartFixture([cartItemFixture({ product: { id: 5, name: 'Sitramon', slug: 'sitramon', is_active: true }, quantity: 3, available_quantity: 1, stock_warning: 'insufficient_stock' })]),
        );
      }),
    );
    checkoutEndpoint(() =>
      HttpResponse.json(apiError('insufficient_stock', "Omborda yetarli dori yo'q", { items: [{ product_id: 5, requested: 3, available: 1 }] }), { status: 409 }),
    );
    const { user } = renderApp('/checkout');

    await user.click(await screen.findByRole('button', { name: 'Buyurtma berish' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Savat' })).toBeInTheDocument();
    expect(await screen.findByText('Faqat 1 ta qoldi')).toBeInTheDocument();
    const toasts = screen.getByRole('region', { name: 'Bildirishnomalar' });
    expect(within(toasts).getByText("Omborda yetarli dori yo'q")).toBeInTheDocument();
  });

  it('uses a new Idempotency-Key after the server says the key belongs to another checkout', async () => {
    const calls = checkoutEndpoint(
      () => HttpResponse.json(apiError('idempotency_key_reused', 'Bu kalit boshqa buyurtma uchun ishlatilgan'), { status: 409 }),
      created,
    );
    const { user } = renderApp('/checkout');
    const submit = await screen.findByRole('button', { name: 'Buyurtma berish' });

    await user.click(submit);
    await screen.findByText('Bu kalit boshqa buyurtma uchun ishlatilgan');
    await user.click(submit);

    await screen.findByRole('heading', { name: 'Buyurtma DX-7KQ3M9P2' });
    expect(calls).toHaveLength(2);
    expect(calls[0]?.body).toEqual(calls[1]?.body);
    expect(calls[1]?.key).not.toBe(calls[0]?.key);
  });

  it('asks for an address again when the saved one is gone, reading the saved addresses anew', async () => {
    let addressReads = 0;
    server.use(
      http.get('/api/v1/users/me/addresses/', () => {
        addressReads += 1;
        return HttpResponse.json(paginated(addressReads === 1 ? [savedAddress] : []));
      }),
    );
    const calls = checkoutEndpoint(() =>
      HttpResponse.json(apiError('address_not_found', "Bu manzil saqlangan manzillaringiz orasida yo'q"), { status: 400 }),
    );
    const { user } = renderApp('/checkout');

    await user.click(await screen.findByRole('button', { name: 'Buyurtma berish' }));

    expect(await screen.findByText("Bu manzil saqlangan manzillaringiz orasida yo'q")).toBeInTheDocument();
    expect(calls[0]?.body.address_id).toBe(31);
    await waitFor(() => expect(screen.queryByText(/Amir Temur 15/)).not.toBeInTheDocument());
    expect(screen.getByRole('radio', { name: /Yangi manzil/ })).toBeChecked();
    expect(addressReads).toBe(2);
  });

  it('offers only pickup for prescription medicines under the pickup-only policy', async () => {
    server.use(
      http.get('/api/v1/orders/cart/', () =>
        HttpResponse.json(cartFixture([cartItemFixture({ requires_prescription: true })], { prescription_policy: 'pickup_only' })),
      ),
    );
    const calls = checkoutEndpoint(created);
    const { user } = renderApp('/checkout');

    expect(await screen.findByRole('radio', { name: /Kuryer/ })).toBeDisabled();
    expect(screen.getByRole('radio', { name: /Dorixonadan olib ketish/ })).toBeChecked();
    expect(screen.queryByRole('group', { name: 'Retsept' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Buyurtma berish' }));

    await screen.findByRole('heading', { name: 'Buyurtma DX-7KQ3M9P2' });
    expect(calls[0]?.body).toMatchObject({ delivery_type: 'pickup', prescription_ids: [] });
    expect(calls[0]?.body).not.toHaveProperty('address_id');
  });
});
