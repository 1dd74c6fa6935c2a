import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderApp } from '@/testing/render';

describe('routes', () => {
  it('shows the not-found page inside the layout for an unknown address, with a way home', async () => {
    const { user } = renderApp('/no-such-page');

    expect(await screen.findByRole('heading', { name: 'Sahifa topilmadi' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Dorixona' })).toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Bosh sahifaga qaytish' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Onlayn dorixona' })).toBeInTheDocument();
  });

  it('shows the forbidden page', async () => {
    renderApp('/forbidden');

    expect(await screen.findByRole('heading', { name: 'Kirish taqiqlangan' })).toBeInTheDocument();
  });
});
