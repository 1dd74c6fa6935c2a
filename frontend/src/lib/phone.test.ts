import { describe, expect, it } from 'vitest';

import { formatPhone, toE164 } from '@/lib/phone';

describe('phone input', () => {
  it.each([
    ['+998 ', '+998 '.trim()],
    ['+998 9', '+998 9'],
    ['+998 901', '+998 90 1'],
    ['90 123 45 67', '+998 90 123 45 67'],
    ['998901234567', '+998 90 123 45 67'],
    ['+998901234567', '+998 90 123 45 67'],
    ['+998 99 899', '+998 99 899'],
    ['+998 90 123 45 67 8', '+998 90 123 45 67'],
  ])('formats %j as %j', (typed, shown) => {
    expect(formatPhone(typed)).toBe(shown);
  });

  it('gives E.164 only for a complete number', () => {
    expect(toE164('+998 90 123 45 67')).toBe('+998901234567');
    expect(toE164('+998 99 898 98 98')).toBe('+998998989898');
    expect(toE164('+998 90 123')).toBeNull();
  });
});
