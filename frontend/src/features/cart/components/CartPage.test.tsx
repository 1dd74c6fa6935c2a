import { screen, waitFor, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';

import { withQuantity, type Cart } from '@/features/cart/api/cart';
import { useAuthStore } from '@/lib/auth';
import { cartFixture, cartItemFixture } from '@/testing/fixtures';
import { apiError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';


function cartWith(items: ReturnType<typeof cartItemFixture>[], overrides: Record<string, unknown> = {}): Cart {
  return cartFixture(items, overrides) as Cart;
}

describe('CartPage', () => {
  beforeEach(() => {
    useAuthStore.setState({ accessToken: 'access', refreshToken: 'refresh' });
  });

  it('changes a quantity at once, before the server answers, and keeps the server total after', async () => {
    const cart = cartWith([
      cartItemFixture({ id: 1, product: { id: 11, slug: 'a', name: 'Paratsetamol', is_active: true }, unit_price: '12500.00', line_total: '12500.00' }),
      cartItemFixture({ id: 2, unit_price: '3000.50', line_total: '6001.00', quantity: 2 }),
    ]);
    let releaseUpdate = () => {};
    const updateReleased = new Promise<void>((resolve) => {
      releaseUpdate = resolve;
    });
    const updates: unknown[] = [];
    let current = cart;
    server.use(
      http.get('/api/v1/orders/cart/', () => HttpResponse.json(current)),
      http.patch('/api/v1/orders/cart/update/1/', async ({ request }) => {
        updates.push(await request.json());
        await updateReleased;
        current = withQuantity(cart, 1, 2);
        return HttpResponse.json(current);
      }),
    );
    const { user } = renderApp('/cart');

    expect(await screen.findByTestId('cart-total')).toHaveTextContent(`18 501 so'm`);
    const line = screen.getByRole('group', { name: 'Paratsetamol soni' });
    await user.click(within(line).getByRole('button', { name: "Ko'paytirish" }));

    // Shown before the server has answered.
    expect(within(line).getByText('2')).toBeInTheDocument();
    expect(screen.getByTestId('cart-total')).toHaveTextContent(`31 001 so'm`);
    expect(screen.getByText(`25 000 so'm`)).toBeInTheDocument();
    expect(updates).toEqual([{ quantity: 2 }]);

    releaseUpdate();
    await delay(20);
    expect(screen.getByTestId('cart-total')).toHaveTextContent(`31 001 so'm`);
  });

  it("puts the quantity back and shows the API's message when the server refuses", async () => {
    const cart = cartWith([
      cartItemFixture({ id: 5, product: { id: 15, slug: 'b', name: 'Ibuprofen', is_active: true }, unit_price: '8000.00', line_total: '8000.00' }),
    ]);
    server.use(
      http.get('/api/v1/orders/cart/', () => HttpResponse.json(cart)),
      http.patch('/api/v1/orders/cart/update/5/', async () => {
        await delay(30);
        return HttpResponse.json(apiError('insufficient_stock', "Omborda yetarli dori yo'q"), { status: 409 });
      }),
    );
    const { user } = renderApp('/cart');
    const line = await screen.findByRole('group', { name: 'Ibuprofen soni' });

    await user.click(within(line).getByRole('button', { name: "Ko'paytirish" }));
    expect(screen.getByTestId('cart-total')).toHaveTextContent(`16 000 so'm`);

    const toasts = screen.getByRole('region', { name: 'Bildirishnomalar' });
    expect(await within(toasts).findByRole('alert')).toHaveTextContent("Omborda yetarli dori yo'q");
    expect(screen.getByTestId('cart-total')).toHaveTextContent(`8 000 so'm`);
    expect(within(line).getByText('1')).toBeInTheDocument();
  });

  it('warns about lines that cannot be bought as they are and holds checkout back', async () => {
    server.use(
      http.get('/api/v1/orders/cart/', () =>
        HttpResponse.json(
          cartWith([
            cartItemFixture({ quantity: 5, available_quantity: 2, stock_warning: 'insufficient_stock' }),
            cartItemFixture({ stock_warning: 'out_of_stock', available_quantity: 0 }),
          ]),
        ),
      ),
    );
    renderApp('/cart');

    expect(await screen.findByText('Faqat 2 ta qoldi')).toBeInTheDocument();
    expect(screen.getByText('Tugab qoldi — olib tashlang')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Rasmiylashtirish' })).not.toBeInTheDocument();
  });

  it('tells the customer a prescription will be needed for Rx items', async () => {
    server.use(
      http.get('/api/v1/orders/cart/', () =>
        HttpResponse.json(
          cartWith([cartItemFixture({ product: { id: 9, slug: 'amoks', name: 'Amoksitsillin', is_active: true }, requires_prescription: true })]),
        ),
      ),
    );
    renderApp('/cart');

    expect(await screen.findByText(/Savatda retseptli dorilar bor/)).toBeInTheDocument();
    // The Rx flag is the line's own (`requires_prescription` of the cart line).
    const line = screen.getByRole('link', { name: 'Amoksitsillin' }).closest('li') as HTMLElement;
    expect(within(line).getByText('Retsept')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Rasmiylashtirish' })).toHaveAttribute('href', '/checkout');
  });

  it('says prescription medicines are collected at the pharmacy under the pickup-only policy', async () => {
    server.use(
      http.get('/api/v1/orders/cart/', () =>
        HttpResponse.json(cartWith([cartItemFixture({ requires_prescription: true })], { prescription_policy: 'pickup_only' })),
      ),
    );
    renderApp('/cart');

    expect(await screen.findByText(/faqat dorixonadan olib ketish mumkin/)).toBeInTheDocument();
    expect(screen.queryByText(/Rasmiylashtirishda retsept yuklaysiz/)).not.toBeInTheDocument();
  });

  it('holds checkout back whenever the server says the cart cannot be ordered', async () => {
    server.use(http.get('/api/v1/orders/cart/', () => HttpResponse.json(cartWith([cartItemFixture()], { can_checkout: false }))));
    renderApp('/cart');

    expect(await screen.findByText('Rasmiylashtirish', { selector: 'span' })).toHaveAttribute('aria-disabled', 'true');
    expect(screen.queryByRole('link', { name: 'Rasmiylashtirish' })).not.toBeInTheDocument();
  });

  it('shows the cart the server answers a change with, with its recomputed total', async () => {
    let served = 0;
    const before = cartWith([cartItemFixture({ id: 8, product: { id: 18, slug: 'd', name: 'Nimesil', is_active: true }, unit_price: '5000.00', line_total: '5000.00' })]);
    // The price went up meanwhile: the server's answer, not the optimistic guess, is what stays.
    const after = cartWith([
      cartItemFixture({ id: 8, product: { id: 18, slug: 'd', name: 'Nimesil', is_active: true }, quantity: 2, unit_price: '6000.00', line_total: '12000.00' }),
    ]);
    server.use(
      http.get('/api/v1/orders/cart/', async () => {
        served += 1;
        // Re-reads after the change are slow, so what shows first is the PATCH answer.
        if (served > 1) await delay(10_000);
        return HttpResponse.json(served > 1 ? after : before);
      }),
      http.patch('/api/v1/orders/cart/update/8/', () => HttpResponse.json(after)),
    );
    const { user } = renderApp('/cart');
    const line = await screen.findByRole('group', { name: 'Nimesil soni' });

    await user.click(within(line).getByRole('button', { name: "Ko'paytirish" }));

    await waitFor(() => expect(screen.getByTestId('cart-total')).toHaveTextContent(`12 000 so'm`));
  });

  it('removes a line and shows the empty cart', async () => {
    let current = cartWith([cartItemFixture({ id: 3, product: { id: 4, slug: 'c', name: 'Sitramon', is_active: true } })]);
    server.use(
      http.get('/api/v1/orders/cart/', () => HttpResponse.json(current)),
      http.delete('/api/v1/orders/cart/remove/3/', () => {
        current = cartWith([]);
        return HttpResponse.json(current);
      }),
    );
    const { user } = renderApp('/cart');

    await user.click(await screen.findByRole('button', { name: 'Olib tashlash: Sitramon' }));

    expect(await screen.findByText("Savat bo'sh")).toBeInTheDocument();
  });
});
