import { describe, expect, it } from 'vitest';

import { rangeFromSearch, tashkentToday, validateRange } from '@/features/dashboard/dateRange';

describe('dashboard date range', () => {
  it("takes today from Tashkent's calendar, not the device's", () => {
    // 20:30 UTC on 23 November is already 24 November in Tashkent (UTC+5).
    expect(tashkentToday(new Date('2026-11-23T20:30:00Z'))).toBe('2026-11-24');
    expect(tashkentToday(new Date('2026-11-23T18:59:00Z'))).toBe('2026-11-23');
  });

  it.each([
    ['', '2026-11-20', 'required'],
    ['2026-02-30', '2026-03-01', 'invalid'],
    ['1999-12-31', '2000-01-05', 'invalid'],
    ['2026-11-20', '2026-11-10', 'order'],
    ['2026-11-20', '2026-11-24', 'future'],
    ['2025-11-20', '2026-11-21', 'tooLong'],
    ['2025-11-21', '2026-11-21', null],
    ['2026-11-23', '2026-11-23', null],
  ])('checks %s … %s → %s', (from, to, expected) => {
    expect(validateRange(from, to, '2026-11-23')).toBe(expected);
  });

  it('reads the period from the address, falling back to the last 30 days', () => {
    const today = '2026-11-23';
    expect(rangeFromSearch(new URLSearchParams('preset=last_7_days'), today)).toEqual({ preset: 'last_7_days' });
    expect(rangeFromSearch(new URLSearchParams('from=2026-11-01&to=2026-11-10'), today)).toEqual({ from: '2026-11-01', to: '2026-11-10' });
    expect(rangeFromSearch(new URLSearchParams('preset=forever'), today)).toEqual({ preset: 'last_30_days' });
    expect(rangeFromSearch(new URLSearchParams('from=2026-11-10&to=2026-11-01'), today)).toEqual({ preset: 'last_30_days' });
  });
});
