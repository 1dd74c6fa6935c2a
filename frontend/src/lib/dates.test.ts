import { afterEach, describe, expect, it } from 'vitest';

import { formatDate, formatDateTime } from '@/lib/dates';
import i18n from '@/lib/i18n';

afterEach(async () => {
  await i18n.changeLanguage('uz');
});

describe('dates', () => {
  it('spells Uzbek dates out in Tashkent time, not the browser fallback', async () => {
    await i18n.changeLanguage('uz');
    // 19:30 UTC on 23 November is 00:30 on 24 November in Tashkent (UTC+5).
    expect(formatDateTime('2026-11-23T19:30:00Z')).toBe('24-noyabr, 2026, 00:30');
    expect(formatDate('2026-01-05T06:00:00Z')).toBe('5-yanvar, 2026');
  });

  it('uses the platform formats for Russian and English', async () => {
    await i18n.changeLanguage('en');
    expect(formatDate('2026-11-23T10:00:00Z')).toBe('23 Nov 2026');
    await i18n.changeLanguage('ru');
    expect(formatDate('2026-11-23T10:00:00Z')).toMatch(/^23 нояб\.? 2026/);
  });
});
