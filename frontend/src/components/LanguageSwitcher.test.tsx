import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { renderApp } from '@/testing/render';

describe('LanguageSwitcher', () => {
  it('starts in Uzbek', async () => {
    renderApp('/');

    expect(await screen.findByRole('heading', { level: 1, name: 'Onlayn dorixona' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: "O'zbekcha" })).toHaveAttribute('aria-pressed', 'true');
  });

  it('switches the interface language and remembers the choice', async () => {
    const { user } = renderApp('/');
    await screen.findByRole('heading', { level: 1, name: 'Onlayn dorixona' });

    await user.click(screen.getByRole('button', { name: 'Русский' }));

    expect(screen.getByRole('heading', { level: 1, name: 'Онлайн-аптека' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Каталог' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Русский' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: "O'zbekcha" })).toHaveAttribute('aria-pressed', 'false');
    expect(localStorage.getItem('dorixona.language')).toBe('ru');
    expect(document.documentElement).toHaveAttribute('lang', 'ru');

    await user.click(screen.getByRole('button', { name: 'English' }));

    expect(screen.getByRole('heading', { level: 1, name: 'Online pharmacy' })).toBeInTheDocument();
    expect(localStorage.getItem('dorixona.language')).toBe('en');
  });
});
