import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderApp } from '@/testing/render';

describe('LegalPage', () => {
  it('shows the document in the chosen language and follows a language switch', async () => {
    const { user } = renderApp('/legal/privacy');

    expect(await screen.findByRole('heading', { level: 1, name: 'Maxfiylik siyosati' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Русский' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Политика конфиденциальности' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Privacy policy' })).toBeInTheDocument();
    const others = screen.getByRole('navigation', { name: 'Other documents' });
    expect(within(others).getByRole('link', { name: 'Terms of service' })).toHaveAttribute('href', '/legal/terms');
  });

  it.each([
    ['/legal/terms', 'Foydalanish shartlari'],
    ['/legal/disclaimer', 'Tibbiy ogohlantirish'],
  ])('serves %s', async (path, title) => {
    renderApp(path);

    expect(await screen.findByRole('heading', { level: 1, name: title })).toBeInTheDocument();
  });
});
