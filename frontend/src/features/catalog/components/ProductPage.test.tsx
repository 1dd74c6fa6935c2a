import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { useAuthStore } from '@/lib/auth';
import { productDetailFixture, productFixture } from '@/testing/fixtures';
import { apiError, paginated } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

function productEndpoints(detail: Record<string, unknown>, alternatives: unknown[] = []) {
  server.use(
    http.get('/api/v1/products/amoksiklav/', () => HttpResponse.json(productDetailFixture({ slug: 'amoksiklav', ...detail }))),
    http.get('/api/v1/products/amoksiklav/alternatives/', () => HttpResponse.json(paginated(alternatives))),
  );
}

describe('ProductPage', () => {
  it('shows the facts, the Rx notice and the cheaper alternatives with the saving', async () => {
    productEndpoints(
      { id: 5, name: 'Amoksiklav 625 mg', price: '68000.00', requires_prescription: true, leaflet: "Kuniga 2 mahal qabul qilinadi." },
      [productFixture({ name: 'Amoksitsillin+Klavulanat', price: '41500.50' }), productFixture({ name: 'Augmentin', price: '90000.00' })],
    );
    renderApp('/products/amoksiklav');

    expect(await screen.findByRole('heading', { level: 1, name: 'Amoksiklav 625 mg' })).toBeInTheDocument();
    expect(screen.getByText(/^Bu dori faqat retsept bo'yicha beriladi/)).toBeInTheDocument();
    expect(screen.getByText('Kuniga 2 mahal qabul qilinadi.')).toBeInTheDocument();
    const alternatives = await screen.findByRole('region', { name: 'Arzonroq muqobillar' });
    const rows = within(alternatives).getAllByRole('listitem');
    expect(rows[0]).toHaveTextContent("26 499,50 so'm arzonroq");
    expect(rows[1]).not.toHaveTextContent('arzonroq');
    expect(document.title).toBe('Amoksiklav 625 mg · Dorixona');
  });

  it('sends a signed-out visitor to sign in instead of adding to the cart', async () => {
    productEndpoints({ name: 'Sitramon' });
    const { user } = renderApp('/products/amoksiklav');

    await user.click(await screen.findByRole('button', { name: "Savatga qo'shish" }));

    expect(await screen.findByRole('heading', { name: 'Kirish' })).toBeInTheDocument();
  });

  it('adds the chosen quantity to the cart, and toasts the reason when it cannot', async () => {
    useAuthStore.setState({ accessToken: 'access', refreshToken: 'refresh' });
    productEndpoints({ id: 5, name: 'Sitramon' });
    const bodies: unknown[] = [];
    server.use(
      http.post('/api/v1/orders/cart/add/', async ({ request }) => {
        bodies.push(await request.json());
        return bodies.length === 1
          ? HttpResponse.json({ id: 1 }, { status: 201 })
          : HttpResponse.json(apiError('quantity_limit_exceeded', "Bir buyurtmada bu dorini bunchalik ko'p olib bo'lmaydi."), { status: 400 });
      }),
    );
    const { user } = renderApp('/products/amoksiklav');

    await user.click(await screen.findByRole('button', { name: "Ko'paytirish" }));
    await user.click(screen.getByRole('button', { name: "Savatga qo'shish" }));
    const toasts = screen.getByRole('region', { name: 'Bildirishnomalar' });
    expect(await within(toasts).findByRole('status')).toHaveTextContent("Savatga qo'shildi");
    await user.click(screen.getByRole('button', { name: "Savatga qo'shish" }));

    expect(await within(toasts).findByRole('alert')).toHaveTextContent("bunchalik ko'p olib bo'lmaydi");
    expect(bodies).toEqual([
      { product_id: 5, quantity: 2 },
      { product_id: 5, quantity: 2 },
    ]);
  });

  it('shows the not-found page for a product that does not exist', async () => {
    server.use(
      http.get('/api/v1/products/nope/', () => HttpResponse.json(apiError('not_found', 'Topilmadi'), { status: 404 })),
      http.get('/api/v1/products/nope/alternatives/', () => HttpResponse.json(apiError('not_found', 'Topilmadi'), { status: 404 })),
    );
    renderApp('/products/nope');

    expect(await screen.findByRole('heading', { name: 'Sahifa topilmadi' })).toBeInTheDocument();
  });
});
