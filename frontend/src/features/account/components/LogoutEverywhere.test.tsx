import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { useAuthStore } from '@/lib/auth';
import { apiError } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

describe('sign out everywhere', () => {
  beforeAll(async () => {
    await Promise.all([import('@/features/account/components/ProfilePage'), import('@/features/auth/components/LoginPage')]);
  });

  beforeEach(() => {
    useAuthStore.setState({ accessToken: 'access', refreshToken: 'refresh' });
    localStorage.setItem('dorixona.refresh', 'refresh');
  });

  function endpoint(respond: () => Response = () => new HttpResponse(null, { status: 204 })) {
    const calls: string[] = [];
    server.use(
      http.post('/api/v1/users/logout/all/', ({ request }) => {
        calls.push(request.headers.get('Authorization') ?? '');
        return respond();
      }),
    );
    return calls;
  }

  it('asks first, ends every session on the server, then signs out here', async () => {
    const calls = endpoint();
    const { user } = renderApp('/account');

    await user.click(await screen.findByRole('button', { name: 'Barcha qurilmalardan chiqish' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Barcha qurilmalardagi seanslar tugatilsinmi?' });
    expect(calls).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Ha, hamma joydan chiqish' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Kirish' })).toBeInTheDocument();
    expect(screen.getByText('Barcha qurilmalardan chiqdingiz')).toBeInTheDocument();
    expect(calls).toEqual(['Bearer access']);
    expect(useAuthStore.getState()).toMatchObject({ accessToken: null, refreshToken: null });
    expect(localStorage.getItem('dorixona.refresh')).toBeNull();
  });

  it('changes nothing when the customer thinks better of it', async () => {
    const calls = endpoint();
    const { user } = renderApp('/account');

    await user.click(await screen.findByRole('button', { name: 'Barcha qurilmalardan chiqish' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Bekor qilish' }));

    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Barcha qurilmalardan chiqish' })).toBeInTheDocument();
    expect(calls).toEqual([]);
    expect(useAuthStore.getState().refreshToken).toBe('refresh');
  });

  it('stays signed in and says so when the server could not end the sessions', async () => {
    endpoint(() => HttpResponse.json(apiError('throttled', "Juda ko'p urinish. Birozdan keyin qayta urining."), { status: 429 }));
    const { user } = renderApp('/account');

    await user.click(await screen.findByRole('button', { name: 'Barcha qurilmalardan chiqish' }));
    await user.click(screen.getByRole('button', { name: 'Ha, hamma joydan chiqish' }));

    const toasts = screen.getByRole('region', { name: 'Bildirishnomalar' });
    expect(await within(toasts).findByText("Juda ko'p urinish. Birozdan keyin qayta urining.")).toBeInTheDocument();
    expect(useAuthStore.getState().refreshToken).toBe('refresh');
    expect(screen.getByRole('heading', { level: 2, name: 'Profil' })).toBeInTheDocument();
  });
});
