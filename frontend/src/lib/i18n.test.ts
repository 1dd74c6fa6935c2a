import { describe, expect, it, vi } from 'vitest';

import en from '@/locales/en/common.json';
import ru from '@/locales/ru/common.json';
import uz from '@/locales/uz/common.json';

import i18n from '@/lib/i18n';

type Messages = { [key: string]: string | Messages };

const pluralSuffix = /_(zero|one|two|few|many|other)$/;

function flatKeys(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : flatKeys(value, `${prefix}${key}.`),
  );
}

function baseKeys(messages: Messages): string[] {
  return [...new Set(flatKeys(messages).map((key) => key.replace(pluralSuffix, '')))].sort();
}

describe('locales', () => {
  it.each([
    ['ru', ru],
    ['en', en],
  ])('%s has exactly the keys of uz', (_language, messages) => {
    expect(baseKeys(messages)).toEqual(baseKeys(uz));
  });

  it('gives every Russian plural all four forms', () => {
    const pluralKeys = flatKeys(ru).filter((key) => pluralSuffix.test(key));
    const bases = new Set(pluralKeys.map((key) => key.replace(pluralSuffix, '')));
    for (const base of bases) {
      expect(pluralKeys.filter((key) => key.startsWith(`${base}_`)).sort()).toEqual(
        ['few', 'many', 'one', 'other'].map((form) => `${base}_${form}`),
      );
    }
  });

  it.each([
    [1, 'В каталоге 1 товар'],
    [3, 'В каталоге 3 товара'],
    [5, 'В каталоге 5 товаров'],
    [11, 'В каталоге 11 товаров'],
    [21, 'В каталоге 21 товар'],
    [24, 'В каталоге 24 товара'],
  ])('declines the Russian count %i', (count, expected) => {
    expect(i18n.getFixedT('ru')('home.productCount', { count })).toBe(expected);
  });
});

describe('initial language', () => {
  async function loadI18n() {
    vi.resetModules();
    return (await import('@/lib/i18n')).default;
  }

  it('is Uzbek on a first visit', async () => {
    expect((await loadI18n()).language).toBe('uz');
  });

  it('is the language saved on a previous visit', async () => {
    localStorage.setItem('dorixona.language', 'ru');
    expect((await loadI18n()).language).toBe('ru');
  });

  it('ignores a saved language the app does not offer', async () => {
    localStorage.setItem('dorixona.language', 'de');
    expect((await loadI18n()).language).toBe('uz');
  });
});
