import { describe, expect, it } from 'vitest';

import { formatSom } from '@/lib/money';

const nbsp = '\u00a0';

describe('formatSom', () => {
  it.each([
    ['12500.00', `12${nbsp}500${nbsp}so'm`],
    ['12500', `12${nbsp}500${nbsp}so'm`],
    [12500, `12${nbsp}500${nbsp}so'm`],
    ['999.00', `999${nbsp}so'm`],
    ['1000', `1${nbsp}000${nbsp}so'm`],
    ['1234567.50', `1${nbsp}234${nbsp}567,50${nbsp}so'm`],
    ['99.05', `99,05${nbsp}so'm`],
    ['0.00', `0${nbsp}so'm`],
    ['-0.00', `0${nbsp}so'm`],
    ['-1500.00', `-1${nbsp}500${nbsp}so'm`],
    ['0012.5', `12,50${nbsp}so'm`],
    [' 700.00 ', `700${nbsp}so'm`],
  ])('formats %j as %j', (amount, expected) => {
    expect(formatSom(amount)).toBe(expected);
  });

  it('keeps every digit of amounts a float cannot hold', () => {
    expect(formatSom('123456789012345678.01')).toBe(
      `123${nbsp}456${nbsp}789${nbsp}012${nbsp}345${nbsp}678,01${nbsp}so'm`,
    );
  });

  it.each(['', 'abc', '12,50', '1e5', '12.', Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects %j',
    (amount) => {
      expect(() => formatSom(amount)).toThrow(RangeError);
    },
  );
});
