import { screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { useAuthStore } from '@/lib/auth';
import { meAs } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

describe('routes', () => {
  it('shows the not-found page inside the layout for an unknown address, with a way home', async () => {
    const { user } = renderApp('/no-such-page');

    expect(await screen.findByRole('heading', { name: 'Sahifa topilmadi' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Dorixona' })).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Bosh sahifaga qaytish' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Onlayn dorixona' })).toBeInTheDocument();
  });

  it('shows the forbidden page', async () => {
    renderApp('/forbidden');

    expect(await screen.findByRole('heading', { name: 'Kirish taqiqlangan' })).toBeInTheDocument();
  });

  it.each([
    ['customer', true],
    ['operator', false],
    ['courier', false],
  ])('shows the cart in the header of a signed-in %s: %s', async (role, hasCart) => {
    useAuthStore.setState({ accessToken: 'access', refreshToken: 'refresh' });
    let cartRequests = 0;
    server.use(
      meAs(role),
      http.get('/api/v1/orders/cart/', () => {
        cartRequests += 1;
        return HttpResponse.json({ items: [], items_total: '0.00', requires_prescription: false, can_checkout: false, prescription_policy: 'upload_review', max_quantity_per_product: 10 });
      }),
    );
    renderApp('/legal/terms');

    expect((await screen.findAllByRole('link', { name: /^Xabarnomalar/ })).length).toBeGreaterThan(0);
    if (hasCart) {
      expect(await screen.findByRole('link', { name: /^Savat/ })).toBeInTheDocument();
      await waitFor(() => expect(cartRequests).toBe(1));
    } else {
      await waitFor(() => expect(screen.queryByRole('link', { name: /^Savat/ })).not.toBeInTheDocument());
      expect(cartRequests).toBe(0);
    }
  });
});
