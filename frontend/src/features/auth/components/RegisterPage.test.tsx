import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { useAuthStore } from '@/lib/auth';
import { userFixture } from '@/testing/fixtures';
import { apiError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

const codeSent = { phone_number: '+998935550011', purpose: 'register', code_ttl_seconds: 120, resend_after_seconds: 60 };

async function fillForm(user: ReturnType<typeof renderApp>['user']) {
  await user.type(await screen.findByLabelText('Ism'), 'Aziz');
  await user.type(screen.getByLabelText('Familiya'), 'Karimov');
  await user.type(screen.getByLabelText('Telefon raqami'), '935550011');
  await user.type(screen.getByLabelText('Parol'), 'Kuchli-parol-7');
}

describe('RegisterPage', () => {
  it('registers, confirms the phone with the SMS code and starts a session', async () => {
    const registered: unknown[] = [];
    const verified: unknown[] = [];
    server.use(
      http.post('/api/v1/users/register/', async ({ request }) => {
        registered.push(await request.json());
        return HttpResponse.json(codeSent, { status: 201 });
      }),
      http.post('/api/v1/users/verify/', async ({ request }) => {
        verified.push(await request.json());
        return HttpResponse.json({ access: 'access-9', refresh: 'refresh-9', user: userFixture({ first_name: 'Aziz' }) });
      }),
    );
    const { user } = renderApp('/register');

    await fillForm(user);
    await user.click(screen.getByRole('checkbox'));
    await user.click(screen.getByRole('button', { name: "Ro'yxatdan o'tish" }));

    expect(await screen.findByText('+998 93 555 00 11 raqamiga 6 xonali kod yubordik.')).toBeInTheDocument();
    expect(screen.getByText('Kodni 60 soniyadan keyin qayta yuborish mumkin')).toBeInTheDocument();
    await user.type(screen.getByLabelText('SMS-kod'), '48a2 9 17x3');
    expect(screen.getByLabelText('SMS-kod')).toHaveValue('482917');
    await user.click(screen.getByRole('button', { name: 'Tasdiqlash' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Onlayn dorixona' })).toBeInTheDocument();
    expect(registered).toEqual([
      {
        phone_number: '+998935550011',
        password: 'Kuchli-parol-7',
        first_name: 'Aziz',
        last_name: 'Karimov',
        accepted_terms: true,
        language: 'uz',
      },
    ]);
    expect(verified).toEqual([{ phone_number: '+998935550011', code: '482917' }]);
    expect(useAuthStore.getState().accessToken).toBe('access-9');
  });

  it('links the terms and the privacy policy and will not register without accepting them', async () => {
    const registered: unknown[] = [];
    server.use(
      http.post('/api/v1/users/register/', async ({ request }) => {
        registered.push(await request.json());
        return HttpResponse.json(codeSent, { status: 201 });
      }),
    );
    const { user } = renderApp('/register');

    await fillForm(user);
    const form = within(screen.getByRole('button', { name: "Ro'yxatdan o'tish" }).closest('form') as HTMLElement);
    expect(form.getByRole('link', { name: 'Foydalanish shartlari' })).toHaveAttribute('href', '/legal/terms');
    expect(form.getByRole('link', { name: 'Maxfiylik siyosati' })).toHaveAttribute('href', '/legal/privacy');
    await user.click(screen.getByRole('button', { name: "Ro'yxatdan o'tish" }));

    expect(screen.getByText('Davom etish uchun shartlarni qabul qiling.')).toBeInTheDocument();
    expect(registered).toHaveLength(0);
  });

  it("shows the API's field errors next to their fields", async () => {
    server.use(
      http.post('/api/v1/users/register/', () =>
        HttpResponse.json(
          apiError('validation_error', "Ba'zi ma'lumotlar noto'g'ri.", { password: ['Bu parol juda keng tarqalgan.'] }),
          { status: 400 },
        ),
      ),
    );
    const { user } = renderApp('/register');

    await fillForm(user);
    await user.click(screen.getByRole('checkbox'));
    await user.click(screen.getByRole('button', { name: "Ro'yxatdan o'tish" }));

    expect(await screen.findByText('Bu parol juda keng tarqalgan.')).toBeInTheDocument();
    expect(screen.getByLabelText('Parol')).toHaveAttribute('aria-invalid', 'true');
  });
});
