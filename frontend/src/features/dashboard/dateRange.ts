import { presets, type DashboardRange, type Preset } from '@/features/dashboard/api/dashboard';

/** The API's longest period (DASHBOARD_MAX_PERIOD_DAYS). */
export const maxRangeDays = 366;
export const defaultRange: DashboardRange = { preset: 'last_30_days' };
const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** Today in Tashkent, where the shop's days run, as `YYYY-MM-DD` (whatever the device's time zone). */
export function tashkentToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tashkent', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function dayNumber(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000;
}

function isRealDay(day: string): boolean {
  if (!isoDay.test(day)) return false;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

export type RangeError = 'required' | 'invalid' | 'order' | 'future' | 'tooLong';

/** Why a custom period cannot be asked for, or null when it can. */
export function validateRange(from: string, to: string, today: string = tashkentToday()): RangeError | null {
  if (!from || !to) return 'required';
  if (!isRealDay(from) || !isRealDay(to) || from < '2000-01-01') return 'invalid';
  if (from > to) return 'order';
  if (to > today) return 'future';
  if (dayNumber(to) - dayNumber(from) + 1 > maxRangeDays) return 'tooLong';
  return null;
}

/** The period in the page's address (`?preset=` or `?from=&to=`); anything unusable is the default. */
export function rangeFromSearch(search: URLSearchParams, today: string = tashkentToday()): DashboardRange {
  const preset = search.get('preset');
  if (preset && (presets as readonly string[]).includes(preset)) return { preset: preset as Preset };
  const from = search.get('from') ?? '';
  const to = search.get('to') ?? '';
  if (from && to && validateRange(from, to, today) === null) return { from, to };
  return defaultRange;
}

export function rangeToSearch(range: DashboardRange): Record<string, string> {
  return 'preset' in range ? { preset: range.preset } : { from: range.from, to: range.to };
}
