/** The nine national digits of an Uzbek number typed in any common way ("90 123 45 67", "+998901234567"). */
export function nationalDigits(input: string): string {
  let digits = input.replace(/\D/g, '');
  // "+998…" always carries the country code; bare digits only when there are more than nine.
  const hasCountryCode = input.trim().startsWith('+') || digits.length > 9;
  if (hasCountryCode && digits.startsWith('998')) digits = digits.slice(3);
  return digits.slice(0, 9);
}

/** `+998 90 123 45 67`, growing as the digits are typed. */
export function formatPhone(input: string): string {
  const digits = nationalDigits(input);
  const groups = [digits.slice(0, 2), digits.slice(2, 5), digits.slice(5, 7), digits.slice(7, 9)].filter(Boolean);
  return ['+998', ...groups].join(' ');
}

/** E.164 (`+998901234567`) when all nine digits are there, else null. */
export function toE164(input: string): string | null {
  const digits = nationalDigits(input);
  return digits.length === 9 ? `+998${digits}` : null;
}
