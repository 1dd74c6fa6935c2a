import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { useAuthStore } from '@/lib/auth';
import { paginated } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

const home = {
  id: 31,
  label: 'Uy',
  region: 'tashkent_city',
  city: 'Toshkent',
  street: 'Amir Temur',
  house: '108',
  apartment: '',
  entrance: '',
  floor: '',
  landmark: '',
  latitude: '41.338500',
  longitude: '69.285000',
  is_default: true,
};

describe('address book map pin', () => {
  beforeAll(async () => {
    await Promise.all([import('@/features/account/components/AddressesPage'), import('@/components/map/LeafletMaps')]);
  });

  beforeEach(() => {
    useAuthStore.setState({ accessToken: 'access', refreshToken: 'refresh' });
    server.use(http.get('/api/v1/users/me/addresses/', () => HttpResponse.json(paginated([home]))));
  });

  it('saves a new address with the pin placed on the map', async () => {
    const posted: unknown[] = [];
    server.use(
      http.post('/api/v1/users/me/addresses/', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        posted.push(body);
        return HttpResponse.json({ ...home, ...body, id: 32, is_default: false }, { status: 201 });
      }),
    );
    const { user } = renderApp('/account/addresses');

    await user.click(await screen.findByRole('button', { name: "Manzil qo'shish" }));
    await user.type(screen.getByLabelText("Ko'cha"), 'Navoiy');
    await user.type(screen.getByLabelText('Uy', { exact: true }), '7');
    await user.click(await screen.findByRole('button', { name: 'Xarita markazini belgilash' }));
    expect(await screen.findByTitle('Yetkazish nuqtasi')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Saqlash' }));

    expect(await screen.findByText('Saqlandi')).toBeInTheDocument();
    expect(posted).toEqual([expect.objectContaining({ street: 'Navoiy', house: '7', latitude: '41.311100', longitude: '69.279700' })]);
  });

  it('opens an address on its pin, and a removed pin is cleared on the server', async () => {
    const patched: unknown[] = [];
    server.use(
      http.patch('/api/v1/users/me/addresses/31/', async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        patched.push(body);
        return HttpResponse.json({ ...home, ...body });
      }),
    );
    const { user } = renderApp('/account/addresses');

    await user.click(await screen.findByRole('button', { name: 'Tahrirlash' }));
    expect(await screen.findByTitle('Yetkazish nuqtasi')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Belgini olib tashlash' }));
    await user.click(screen.getByRole('button', { name: 'Saqlash' }));

    expect(await screen.findByText('Saqlandi')).toBeInTheDocument();
    expect(patched).toEqual([expect.objectContaining({ street: 'Amir Temur', latitude: null, longitude: null })]);
  });

  it('points out a saved address that has no pin', async () => {
    server.use(
      http.get('/api/v1/users/me/addresses/', () =>
        HttpResponse.json(paginated([home, { ...home, id: 32, label: 'Ish', street: 'Navoiy', latitude: null, longitude: null, is_default: false }])),
      ),
    );
    renderApp('/account/addresses');

    const workItem = (await screen.findByText('Ish')).closest('li') as HTMLElement;
    const homeItem = screen.getByText('Uy').closest('li') as HTMLElement;
    expect(within(workItem).getByText('Xaritada belgilanmagan')).toBeInTheDocument();
    expect(within(homeItem).queryByText('Xaritada belgilanmagan')).not.toBeInTheDocument();
  });

  it("shows the server's refusal of a pin next to the map", async () => {
    server.use(
      http.patch('/api/v1/users/me/addresses/31/', () =>
        HttpResponse.json(
          { error: { code: 'validation_error', message: "Ma'lumotlar noto'g'ri", details: { latitude: ['Kenglik va uzunlikni birga yuboring.'] } } },
          { status: 400 },
        ),
      ),
    );
    const { user } = renderApp('/account/addresses');

    await user.click(await screen.findByRole('button', { name: 'Tahrirlash' }));
    await user.click(screen.getByRole('button', { name: 'Saqlash' }));

    expect(await screen.findByText('Kenglik va uzunlikni birga yuboring.')).toBeInTheDocument();
  });
});
