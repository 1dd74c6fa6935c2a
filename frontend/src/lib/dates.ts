import i18n from '@/lib/i18n';

const localeOf: Record<string, string> = { uz: 'uz-Latn-UZ', ru: 'ru-RU', en: 'en-GB' };

/** A date and time as people in Uzbekistan read it, whatever the device's time zone. */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(localeOf[i18n.language] ?? 'uz-Latn-UZ', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Asia/Tashkent',
  }).format(new Date(iso));
}

export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(localeOf[i18n.language] ?? 'uz-Latn-UZ', {
    dateStyle: 'medium',
    timeZone: 'Asia/Tashkent',
  }).format(new Date(iso));
}
