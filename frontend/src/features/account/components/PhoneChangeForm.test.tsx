import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { useAuthStore } from '@/lib/auth';
import { apiError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

const me = {
  id: 7,
  phone_number: '+998901234567',
  first_name: 'Nilufar',
  last_name: 'Yusupova',
  language: 'uz',
  role: 'customer',
  is_verified: true,
  date_joined: '2026-01-10T09:00:00Z',
};

const codeSent = (phone: string) =>
  HttpResponse.json({ phone_number: phone, purpose: 'phone_change', code_ttl_seconds: 300, resend_after_seconds: 60 }, { status: 202 });

describe('phone number change', () => {
  beforeAll(async () => {
    await import('@/features/account/components/ProfilePage');
  });

  beforeEach(() => {
    useAuthStore.setState({ accessToken: 'access', refreshToken: 'refresh' });
  });

  it('sends a code to the new number and moves the account there with it', async () => {
    const requests: unknown[] = [];
    const confirms: unknown[] = [];
    server.use(
      http.post('/api/v1/users/me/phone/', async ({ request }) => {
        requests.push(await request.json());
        return codeSent('+998931112233');
      }),
      http.post('/api/v1/users/me/phone/confirm/', async ({ request }) => {
        confirms.push(await request.json());
        return HttpResponse.json({ ...me, phone_number: '+998931112233' });
      }),
    );
    const { user } = renderApp('/account');

    const section = await screen.findByRole('region', { name: "Telefon raqamini o'zgartirish" });
    expect(screen.getByText('+998 90 123 45 67')).toBeInTheDocument();
    await user.type(within(section).getByLabelText('Yangi telefon raqami'), '931112233');
    await user.type(within(section).getByLabelText('Parol'), 'Kuchli-parol-2026');
    await user.click(within(section).getByRole('button', { name: 'Kod yuborish' }));

    expect(await within(section).findByText('+998 93 111 22 33 raqamiga 6 xonali kod yubordik.')).toBeInTheDocument();
    expect(within(section).getByText(/Kodni 60 soniyadan keyin/)).toBeInTheDocument();
    await user.type(within(section).getByLabelText('SMS-kod'), '123456');
    await user.click(within(section).getByRole('button', { name: 'Raqamni tasdiqlash' }));

    expect(await screen.findByText("Telefon raqami o'zgartirildi")).toBeInTheDocument();
    expect(screen.getByText('+998 93 111 22 33')).toBeInTheDocument();
    expect(requests).toEqual([{ new_phone_number: '+998931112233', password: 'Kuchli-parol-2026' }]);
    expect(confirms).toEqual([{ new_phone_number: '+998931112233', code: '123456' }]);
    // Back to the start, with nothing of the last change left in the form.
    expect(within(section).getByLabelText('Parol')).toHaveValue('');
  });

  it('checks the number before asking the server', async () => {
    const { user } = renderApp('/account');

    const section = await screen.findByRole('region', { name: "Telefon raqamini o'zgartirish" });
    await user.type(within(section).getByLabelText('Yangi telefon raqami'), '9311');
    await user.type(within(section).getByLabelText('Parol'), 'Kuchli-parol-2026');
    await user.click(within(section).getByRole('button', { name: 'Kod yuborish' }));

    expect(within(section).getByText("To'liq raqamni kiriting: +998 va 9 ta raqam.")).toBeInTheDocument();
  });

  it('shows a wrong password next to the password, and a wrong code next to the code', async () => {
    let passwordRight = false;
    server.use(
      http.post('/api/v1/users/me/phone/', () =>
        passwordRight ? codeSent('+998931112233') : HttpResponse.json(apiError('wrong_password', "Parol noto'g'ri."), { status: 400 }),
      ),
      http.post('/api/v1/users/me/phone/confirm/', () => HttpResponse.json(apiError('otp_invalid', "Kod noto'g'ri."), { status: 400 })),
    );
    const { user } = renderApp('/account');

    const section = await screen.findByRole('region', { name: "Telefon raqamini o'zgartirish" });
    await user.type(within(section).getByLabelText('Yangi telefon raqami'), '931112233');
    await user.type(within(section).getByLabelText('Parol'), 'adashgan-parol');
    await user.click(within(section).getByRole('button', { name: 'Kod yuborish' }));
    expect(await within(section).findByText("Parol noto'g'ri.")).toBeInTheDocument();
    expect(within(section).getByLabelText('Parol')).toHaveAttribute('aria-invalid', 'true');

    passwordRight = true;
    await user.click(within(section).getByRole('button', { name: 'Kod yuborish' }));
    await user.type(await within(section).findByLabelText('SMS-kod'), '000000');
    await user.click(within(section).getByRole('button', { name: 'Raqamni tasdiqlash' }));

    expect(await within(section).findByText("Kod noto'g'ri.")).toBeInTheDocument();
    expect(screen.getByText('+998 90 123 45 67')).toBeInTheDocument();

    await user.click(within(section).getByRole('button', { name: 'Boshqa raqam kiritish' }));
    expect(within(section).getByLabelText('Yangi telefon raqami')).toHaveValue('+998 93 111 22 33');
  });
});
