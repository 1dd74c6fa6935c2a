import i18n from '@/lib/i18n';

const localeOf: Record<string, string> = { ru: 'ru-RU', en: 'en-GB' };

// Browsers ship little or no CLDR data for Uzbek (Chromium prints "2026 M11 23"), so Uzbek dates
// are spelled out here the way Uzbek texts write them: "23-noyabr, 2026".
const uzbekMonths = [
  'yanvar', 'fevral', 'mart', 'aprel', 'may', 'iyun',
  'iyul', 'avgust', 'sentyabr', 'oktyabr', 'noyabr', 'dekabr',
];

const tashkentParts = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Asia/Tashkent',
});

function uzbek(iso: string, withTime: boolean): string {
  const parts = Object.fromEntries(
    tashkentParts.formatToParts(new Date(iso)).map((part) => [part.type, part.value]),
  );
  const date = `${Number(parts.day)}-${uzbekMonths[Number(parts.month) - 1]}, ${parts.year}`;
  return withTime ? `${date}, ${parts.hour}:${parts.minute}` : date;
}

/** A date and time as people in Uzbekistan read it, whatever the device's time zone. */
export function formatDateTime(iso: string): string {
  const locale = localeOf[i18n.language];
  if (!locale) return uzbek(iso, true);
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Asia/Tashkent',
  }).format(new Date(iso));
}

export function formatDate(iso: string): string {
  const locale = localeOf[i18n.language];
  if (!locale) return uzbek(iso, false);
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeZone: 'Asia/Tashkent',
  }).format(new Date(iso));
}
