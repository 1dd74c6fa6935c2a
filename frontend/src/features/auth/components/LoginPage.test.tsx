import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { useAuthStore } from '@/lib/auth';
import { userFixture } from '@/testing/fixtures';
import { apiError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

function loginEndpoint(respond: (body: Record<string, unknown>) => Response) {
  const bodies: Record<string, unknown>[] = [];
  server.use(
    http.post('/api/v1/users/login/', async ({ request }) => {
      const body = (await request.json()) as Record<string, unknown>;
      bodies.push(body);
      return respond(body);
    }),
  );
  return bodies;
}

describe('LoginPage', () => {
  it('signs in with the phone in E.164, keeps the tokens and returns to the page that asked', async () => {
    const bodies = loginEndpoint(() => HttpResponse.json({ access: 'access-1', refresh: 'refresh-1', user: userFixture() }));
    server.use(http.get('/api/v1/orders/', () => HttpResponse.json({ count: 0, next: null, previous: null, results: [] })));
    const { user } = renderApp('/orders');

    // A signed-out visitor is sent to sign in first.
    await screen.findByRole('heading', { name: 'Kirish' });
    await user.type(screen.getByLabelText('Telefon raqami'), '90 123 45 67');
    expect(screen.getByLabelText('Telefon raqami')).toHaveValue('+998 90 123 45 67');
    await user.type(screen.getByLabelText('Parol'), 'Secret-pass-1');
    await user.click(screen.getByRole('button', { name: 'Kirish' }));

    expect(await screen.findByRole('heading', { name: 'Buyurtmalarim' })).toBeInTheDocument();
    expect(bodies).toEqual([{ phone_number: '+998901234567', password: 'Secret-pass-1' }]);
    expect(useAuthStore.getState()).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1' });
    expect(screen.getByText('Nilufar')).toBeInTheDocument();
  });

  it('brings a courier to the courier screens', async () => {
    loginEndpoint(() => HttpResponse.json({ access: 'access-1', refresh: 'refresh-1', user: userFixture({ role: 'courier' }) }));
    server.use(
      http.get('/api/v1/delivery/courier/shift/', () =>
        HttpResponse.json({ on_shift: false, started_at: null, active_deliveries: 0, max_active_deliveries: 3 }),
      ),
      http.get('/api/v1/delivery/courier/deliveries/', () => HttpResponse.json([])),
    );
    const { user } = renderApp('/login');

    await user.type(await screen.findByLabelText('Telefon raqami'), '90 000 00 03');
    await user.type(screen.getByLabelText('Parol'), 'Secret-pass-1');
    await user.click(screen.getByRole('button', { name: 'Kirish' }));

    expect(await screen.findByRole('heading', { name: 'Faol yetkazishlar' })).toBeInTheDocument();
    expect(await screen.findByText('Siz smenada emassiz')).toBeInTheDocument();
  });

  it("brings an operator to the operator's queue", async () => {
    loginEndpoint(() => HttpResponse.json({ access: 'access-1', refresh: 'refresh-1', user: userFixture({ role: 'operator' }) }));
    const empty = () => HttpResponse.json({ count: 0, next: null, previous: null, results: [] });
    server.use(http.get('/api/v1/orders/', empty), http.get('/api/v1/delivery/queue/', empty));
    const { user } = renderApp('/login');

    await user.type(await screen.findByLabelText('Telefon raqami'), '90 000 00 02');
    await user.type(screen.getByLabelText('Parol'), 'Secret-pass-1');
    await user.click(screen.getByRole('button', { name: 'Kirish' }));

    expect(await screen.findByRole('heading', { name: 'Ish navbati' })).toBeInTheDocument();
    expect(await screen.findByText("Tekshiruv kutayotgan buyurtma yo'q")).toBeInTheDocument();
  });

  it("shows the API's message when the password is wrong, and stays signed out", async () => {
    loginEndpoint(() => HttpResponse.json(apiError('invalid_credentials', "Telefon yoki parol noto'g'ri."), { status: 401 }));
    const { user } = renderApp('/login');

    await user.type(await screen.findByLabelText('Telefon raqami'), '901234567');
    await user.type(screen.getByLabelText('Parol'), 'wrong-password');
    await user.click(screen.getByRole('button', { name: 'Kirish' }));

    const form = screen.getByRole('button', { name: 'Kirish' }).closest('form') as HTMLElement;
    expect(await within(form).findByRole('alert')).toHaveTextContent("Telefon yoki parol noto'g'ri.");
    const toasts = screen.getByRole('region', { name: 'Bildirishnomalar' });
    expect(within(toasts).getByRole('alert')).toHaveTextContent("Telefon yoki parol noto'g'ri.");
    expect(useAuthStore.getState().refreshToken).toBeNull();
  });

  it('does not send an incomplete phone number', async () => {
    const bodies = loginEndpoint(() => HttpResponse.json({}));
    const { user } = renderApp('/login');

    await user.type(await screen.findByLabelText('Telefon raqami'), '90 123');
    await user.type(screen.getByLabelText('Parol'), 'Secret-pass-1');
    await user.click(screen.getByRole('button', { name: 'Kirish' }));

    expect(screen.getByLabelText('Telefon raqami')).toHaveAccessibleDescription('To\'liq raqamni kiriting: +998 va 9 ta raqam.');
    expect(bodies).toHaveLength(0);
  });

  it('confirms a phone that was never verified with a new code, then signs in', async () => {
    loginEndpoint(() => HttpResponse.json(apiError('phone_not_verified', 'Avval telefonni tasdiqlang.'), { status: 403 }));
    const resent: unknown[] = [];
    server.use(
      http.post('/api/v1/users/otp/resend/', async ({ request }) => {
        resent.push(await request.json());
        return HttpResponse.json(
          { phone_number: '+998901234567', purpose: 'register', code_ttl_seconds: 120, resend_after_seconds: 60 },
          { status: 202 },
        );
      }),
      http.post('/api/v1/users/verify/', () => HttpResponse.json({ access: 'a', refresh: 'r', user: userFixture() })),
    );
    const { user } = renderApp('/login');

    await user.type(await screen.findByLabelText('Telefon raqami'), '901234567');
    await user.type(screen.getByLabelText('Parol'), 'Secret-pass-1');
    await user.click(screen.getByRole('button', { name: 'Kirish' }));
    await user.type(await screen.findByLabelText('SMS-kod'), '123456');
    await user.click(screen.getByRole('button', { name: 'Tasdiqlash' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Onlayn dorixona' })).toBeInTheDocument();
    expect(resent).toEqual([{ phone_number: '+998901234567', purpose: 'register' }]);
    expect(useAuthStore.getState().refreshToken).toBe('r');
  });
});
