import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { useAuthStore } from '@/lib/auth';
import { paginated } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

describe('NotificationBell', () => {
  it('is not shown to a signed-out visitor', async () => {
    renderApp('/');

    await screen.findByRole('heading', { level: 1, name: 'Onlayn dorixona' });
    expect(screen.queryByRole('link', { name: /Xabarnomalar/ })).not.toBeInTheDocument();
  });

  it('shows the unread count, and zero after marking all as read', async () => {
    useAuthStore.setState({ accessToken: 'access', refreshToken: 'refresh' });
    let unread = 3;
    server.use(
      http.get('/api/v1/notifications/unread-count/', () => HttpResponse.json({ unread })),
      http.get('/api/v1/notifications/', () =>
        HttpResponse.json(
          paginated([
            { id: 1, type: 'order_paid', title: "Buyurtma to'landi", body: 'DX-1 buyurtmangiz to\'landi.', data: {}, created_at: '2026-01-15T07:35:00Z', read_at: null, is_read: false },
          ]),
        ),
      ),
      http.post('/api/v1/notifications/mark-all-read/', () => {
        unread = 0;
        return HttpResponse.json({ marked: 3 });
      }),
    );
    const { user } = renderApp('/');

    await user.click(await screen.findByRole('link', { name: "Xabarnomalar, 3 ta o'qilmagan" }));
    expect(await screen.findByText("Buyurtma to'landi")).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: "Hammasini o'qilgan deb belgilash" }));

    expect(await screen.findByRole('link', { name: "Xabarnomalar, 0 ta o'qilmagan" })).toBeInTheDocument();
  });
});
