import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';

import { useAuthStore } from '@/lib/auth';
import { orderFixture } from '@/testing/fixtures';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

describe('OrderPage', () => {
  beforeEach(() => {
    useAuthStore.setState({ accessToken: 'access', refreshToken: 'refresh' });
  });

  it('shows what happened and what is still to come, for a courier order paid with Payme', async () => {
    server.use(
      http.get('/api/v1/orders/501/', () =>
        HttpResponse.json(
          orderFixture({
            status: 'paid',
            payment_method: 'payme',
            paid_at: '2026-01-15T07:35:00Z',
            history: [
              { from_status: '', to_status: 'created', created_at: '2026-01-15T07:30:00Z', reason: '' },
              { from_status: 'created', to_status: 'awaiting_payment', created_at: '2026-01-15T07:30:01Z', reason: '' },
              { from_status: 'awaiting_payment', to_status: 'paid', created_at: '2026-01-15T07:35:00Z', reason: '' },
            ],
          }),
        ),
      ),
    );
    renderApp('/orders/501');

    const timeline = await screen.findByRole('list', { name: 'Buyurtma holati' });
    const steps = within(timeline).getAllByRole('listitem').map((step) => step.firstElementChild?.nextSibling?.textContent);
    expect(steps).toEqual(['Qabul qilindi', "To'lov kutilmoqda", "To'landi", "Yig'ilmoqda", 'Tayyor', "Yo'lda", 'Topshirildi']);
    expect(within(timeline).getByText("To'landi").closest('li')).toHaveAttribute('aria-current', 'step');
    // 07:35 UTC is 12:35 in Tashkent.
    expect(screen.getByText(/To'langan: .*12:35/)).toBeInTheDocument();
  });

  it('cancels with a reason and shows the new status', async () => {
    let order = orderFixture();
    const reasons: unknown[] = [];
    server.use(
      http.get('/api/v1/orders/501/', () => HttpResponse.json(order)),
      http.post('/api/v1/orders/501/cancel/', async ({ request }) => {
        reasons.push(await request.json());
        order = orderFixture({
          status: 'cancelled',
          history: [...order.history, { from_status: 'created', to_status: 'cancelled', created_at: '2026-01-15T08:00:00Z', reason: 'Adashib buyurtma berdim' }],
        });
        return HttpResponse.json(order);
      }),
    );
    const { user } = renderApp('/orders/501');

    await user.click(await screen.findByRole('button', { name: 'Buyurtmani bekor qilish' }));
    await user.type(screen.getByLabelText('Bekor qilish sababi (ixtiyoriy)'), 'Adashib buyurtma berdim');
    await user.click(screen.getByRole('button', { name: 'Ha, bekor qilish' }));

    expect(await screen.findByText('Adashib buyurtma berdim')).toBeInTheDocument();
    expect(reasons).toEqual([{ reason: 'Adashib buyurtma berdim' }]);
    expect(screen.queryByRole('button', { name: 'Buyurtmani bekor qilish' })).not.toBeInTheDocument();
  });

  it('reorders into the cart and says what could not be added', async () => {
    server.use(
      http.get('/api/v1/orders/501/', () => HttpResponse.json(orderFixture({ status: 'delivered' }))),
      http.post('/api/v1/orders/501/reorder/', () =>
        HttpResponse.json({
          added: [{ product_id: 11, name: 'Paratsetamol 500 mg', quantity: 1 }],
          skipped: [{ product_id: 12, name: 'Sitramon', reason: 'out_of_stock' }],
        }),
      ),
    );
    const { user } = renderApp('/orders/501');

    await user.click(await screen.findByRole('button', { name: 'Qayta buyurtma berish' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Savat' })).toBeInTheDocument();
    const toasts = screen.getByRole('region', { name: 'Bildirishnomalar' });
    expect(within(toasts).getByText("Savatga 1 ta mahsulot qo'shildi")).toBeInTheDocument();
    expect(within(toasts).getByText('Sitramon hozir mavjud emas')).toBeInTheDocument();
  });
});
