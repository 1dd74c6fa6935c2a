import { screen, within } from '@testing-library/react';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import i18n from '@/lib/i18n';
import { apiError, paginated } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

const products = [
  { id: 1, name: 'Paratsetamol 500 mg' },
  { id: 2, name: 'Ibuprofen 200 mg' },
  { id: 3, name: 'Amoksitsillin 250 mg' },
];

describe('HomePage', () => {
  it('shows a loading skeleton, then the empty state when the catalog is empty', async () => {
    let releaseResponse = () => {};
    const responseReleased = new Promise<void>((resolve) => {
      releaseResponse = resolve;
    });
    server.use(
      http.get('/api/v1/products/', async () => {
        await responseReleased;
        return HttpResponse.json(paginated([]));
      }),
    );

    renderApp('/');
    await screen.findByRole('heading', { level: 1, name: 'Onlayn dorixona' });

    expect(screen.getByText('Yuklanmoqda…')).toBeInTheDocument();
    expect(screen.queryByText("Hozircha mahsulotlar yo'q")).not.toBeInTheDocument();

    releaseResponse();

    expect(await screen.findByText("Hozircha mahsulotlar yo'q")).toBeInTheDocument();
    expect(screen.queryByText('Yuklanmoqda…')).not.toBeInTheDocument();
  });

  it("shows the API's error message and recovers on retry", async () => {
    server.use(
      http.get('/api/v1/products/', () =>
        HttpResponse.json(apiError('service_unavailable', 'Xizmat vaqtincha ishlamayapti'), { status: 500 }),
      ),
    );
    const { user } = renderApp('/');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent("Mahsulotlarni yuklab bo'lmadi.");
    expect(alert).toHaveTextContent('Xizmat vaqtincha ishlamayapti');

    server.use(http.get('/api/v1/products/', () => HttpResponse.json(paginated(products))));
    await user.click(within(alert).getByRole('button', { name: 'Qayta urinish' }));

    expect(await screen.findByText('Katalogda 3 ta mahsulot bor')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says so when the server cannot be reached', async () => {
    server.use(http.get('/api/v1/products/', () => HttpResponse.error()));
    renderApp('/');

    expect(await screen.findByRole('alert')).toHaveTextContent(i18n.t('errors.network'));
  });

  it('shows how many products the catalog has, declined in Russian', async () => {
    localStorage.setItem('dorixona.language', 'ru');
    await i18n.changeLanguage('ru');
    server.use(http.get('/api/v1/products/', () => HttpResponse.json(paginated(products, 25))));

    renderApp('/');

    expect(await screen.findByText('В каталоге 25 товаров')).toBeInTheDocument();
  });

  it('toasts a failed refresh and keeps the products already shown', async () => {
    server.use(http.get('/api/v1/products/', () => HttpResponse.json(paginated(products))));
    const { queryClient } = renderApp('/');
    await screen.findByText('Katalogda 3 ta mahsulot bor');

    server.use(
      http.get('/api/v1/products/', async () => {
        await delay(10);
        return HttpResponse.json(apiError('service_unavailable', 'Xizmat vaqtincha ishlamayapti'), { status: 503 });
      }),
    );
    await queryClient.refetchQueries();

    const notifications = screen.getByRole('region', { name: 'Bildirishnomalar' });
    expect(within(notifications).getByRole('alert')).toHaveTextContent('Xizmat vaqtincha ishlamayapti');
    expect(screen.getByText('Katalogda 3 ta mahsulot bor')).toBeInTheDocument();
  });
});
