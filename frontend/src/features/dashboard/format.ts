import i18n from '@/lib/i18n';

const localeOf: Record<string, string> = { uz: 'uz-Latn-UZ', ru: 'ru-RU', en: 'en-GB' };

function locale(): string {
  return localeOf[i18n.language] ?? 'uz-Latn-UZ';
}

/** A share from the API (`"0.8571"`) as a percentage: `85,7 %`. */
export function formatShare(share: string): string {
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(Number(share));
}

export function formatCount(value: number): string {
  return new Intl.NumberFormat(locale()).format(value);
}

/** An axis label of so'm: `1,2 mln`. Only for charts; amounts in text use formatSom. */
export function formatCompact(value: number): string {
  return new Intl.NumberFormat(locale(), { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** A shop day (`YYYY-MM-DD`) as a short label: `23.11`. */
export function formatDayShort(day: string): string {
  return `${day.slice(8, 10)}.${day.slice(5, 7)}`;
}

/** A shop day (`YYYY-MM-DD`) as `23.11.2026`, as dates are written in Uzbekistan (and read in every language). */
export function formatDay(day: string): string {
  return `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
}

export function formatBytes(bytes: number): string {
  const megabytes = bytes / (1024 * 1024);
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(megabytes)} MB`;
}
