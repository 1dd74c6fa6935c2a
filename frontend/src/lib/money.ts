const decimalPattern = /^(-?)(\d+)(?:\.(\d+))?$/;
const noBreakSpace = '\u00a0';

/**
 * Formats an amount of so'm for display: `"12500.00"` → `"12 500 so'm"`, `"99.5"` → `"99,50 so'm"`.
 *
 * Amounts arrive from the API as decimal strings; they are formatted digit by digit and never turned
 * into floats, so no amount is ever rounded. Groups are separated by no-break spaces so a price never
 * wraps across lines.
 */
export function formatSom(amount: string | number): string {
  const text = typeof amount === 'number' ? amount.toFixed(2) : amount.trim();
  const match = decimalPattern.exec(text);
  if (!match) throw new RangeError(`Not a decimal amount of so'm: ${String(amount)}`);

  const [, sign = '', integerDigits = '', fractionDigits = ''] = match;
  const integerPart = integerDigits.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+$)/g, noBreakSpace);
  const tiyin = fractionDigits.replace(/0+$/, '');
  const fractionPart = tiyin ? `,${tiyin.padEnd(2, '0')}` : '';
  const isZero = /^0+$/.test(integerDigits) && !tiyin;

  return `${isZero ? '' : sign}${integerPart}${fractionPart}${noBreakSpace}so'm`;
}
