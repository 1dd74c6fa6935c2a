import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { suggestionDelayMs } from '@/features/catalog/components/SearchBox';
import { productDetailFixture, productFixture } from '@/testing/fixtures';
import { paginated } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

/** The products endpoint; records the `q` of every search it receives. */
function searchEndpoint() {
  const queries: string[] = [];
  server.use(
    http.get('/api/v1/products/', ({ request }) => {
      const q = new URL(request.url).searchParams.get('q');
      if (q === null) return HttpResponse.json(paginated([]));
      queries.push(q);
      return HttpResponse.json(
        paginated([
          productFixture({ slug: 'paratsetamol-500', name: 'Paratsetamol 500 mg', price: '4500.00' }),
          productFixture({ slug: 'panadol', name: 'Panadol', requires_prescription: true }),
        ]),
      );
    }),
  );
  return queries;
}

describe('SearchBox', () => {
  it('asks for suggestions once typing pauses, not for every key', async () => {
    const queries = searchEndpoint();
    const { user } = renderApp('/');
    const box = await screen.findByRole('combobox', { name: 'Dori qidirish' });

    await user.type(box, 'парацетамол');

    const list = await screen.findByRole('listbox', { name: 'Takliflar' });
    expect(within(list).getAllByRole('option')).toHaveLength(2);
    expect(within(list).getByRole('option', { name: /Paratsetamol 500 mg/ })).toHaveTextContent("4 500 so'm");
    expect(queries).toEqual(['парацетамол']);
    expect(box).toHaveAttribute('aria-expanded', 'true');
  });

  it('waits for the pause before asking', async () => {
    const queries = searchEndpoint();
    const { user } = renderApp('/');
    const box = await screen.findByRole('combobox', { name: 'Dori qidirish' });

    await user.type(box, 'pan');
    expect(queries).toEqual([]);
    await waitFor(() => expect(queries).toEqual(['pan']), { timeout: suggestionDelayMs * 4 });
  });

  it('does not ask for a single letter', async () => {
    const queries = searchEndpoint();
    const { user } = renderApp('/');

    await user.type(await screen.findByRole('combobox', { name: 'Dori qidirish' }), 'p');
    await new Promise((resolve) => setTimeout(resolve, suggestionDelayMs * 2));

    expect(queries).toEqual([]);
    expect(screen.getByRole('combobox')).toHaveAttribute('aria-expanded', 'false');
  });

  it('opens the suggestion chosen with the arrow keys and Enter', async () => {
    searchEndpoint();
    server.use(http.get('/api/v1/products/panadol/', () => HttpResponse.json(productDetailFixture({ slug: 'panadol', name: 'Panadol' }))));
    server.use(http.get('/api/v1/products/panadol/alternatives/', () => HttpResponse.json(paginated([]))));
    const { user } = renderApp('/');
    const box = await screen.findByRole('combobox', { name: 'Dori qidirish' });

    await user.type(box, 'pana');
    await screen.findByRole('listbox');
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(screen.getByRole('option', { name: /Panadol/ })).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');

    expect(await screen.findByRole('heading', { level: 1, name: 'Panadol' })).toBeInTheDocument();
  });

  it('searches the catalog with what was typed when no suggestion is chosen', async () => {
    const queries = searchEndpoint();
    const { user } = renderApp('/');

    await user.type(await screen.findByRole('combobox', { name: 'Dori qidirish' }), 'ibuprofen{Enter}');

    expect(await screen.findByRole('heading', { level: 1, name: '“ibuprofen” bo\'yicha natijalar' })).toBeInTheDocument();
    expect(await screen.findByText('2 ta mahsulot topildi')).toBeInTheDocument();
    expect(queries).toContain('ibuprofen');
  });
});
