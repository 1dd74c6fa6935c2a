import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { inputClass, primaryButtonClass } from '@/components/buttonStyles';
import { presets, type DashboardRange } from '@/features/dashboard/api/dashboard';
import { maxRangeDays, tashkentToday, validateRange, type RangeError } from '@/features/dashboard/dateRange';

const chipClass =
  'rounded-full border px-3 py-1 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700';

/** The dashboard's period: one of the API's presets, or two days of one's own (checked before asking). */
export function DateRangePicker({ value, onChange }: { value: DashboardRange; onChange: (range: DashboardRange) => void }) {
  const { t } = useTranslation();
  const custom = !('preset' in value);
  const [open, setOpen] = useState(custom);
  const [from, setFrom] = useState(custom ? value.from : '');
  const [to, setTo] = useState(custom ? value.to : '');
  const [error, setError] = useState<RangeError | null>(null);
  const errorId = useId();
  const today = tashkentToday();

  function apply(event: FormEvent) {
    event.preventDefault();
    const problem = validateRange(from, to, today);
    setError(problem);
    if (problem === null) onChange({ from, to });
  }

  return (
    <div className="space-y-3">
      <div role="group" aria-label={t('dashboard.range.label')} className="flex flex-wrap gap-2">
        {presets.map((preset) => {
          const active = 'preset' in value && value.preset === preset && !open;
          return (
            <button
              key={preset}
              type="button"
              aria-pressed={active}
              className={`${chipClass} ${active ? 'border-brand-700 bg-brand-700 text-white' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'}`}
              onClick={() => {
                setOpen(false);
                setError(null);
                onChange({ preset });
              }}
            >
              {t(`dashboard.range.presets.${preset}`)}
            </button>
          );
        })}
        <button
          type="button"
          aria-pressed={open}
          aria-expanded={open}
          className={`${chipClass} ${open ? 'border-brand-700 bg-brand-700 text-white' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'}`}
          onClick={() => setOpen((shown) => !shown)}
        >
          {t('dashboard.range.custom')}
        </button>
      </div>
      {open && (
        <form onSubmit={apply} noValidate className="flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor={`${errorId}-from`} className="block text-sm font-medium">
              {t('dashboard.range.from')}
            </label>
            <input
              id={`${errorId}-from`}
              type="date"
              className={inputClass}
              value={from}
              min="2000-01-01"
              max={today}
              aria-invalid={error !== null || undefined}
              aria-describedby={error ? errorId : undefined}
              onChange={(event) => setFrom(event.target.value)}
            />
          </div>
          <div>
            <label htmlFor={`${errorId}-to`} className="block text-sm font-medium">
              {t('dashboard.range.to')}
            </label>
            <input
              id={`${errorId}-to`}
              type="date"
              className={inputClass}
              value={to}
              min="2000-01-01"
              max={today}
              aria-invalid={error !== null || undefined}
              aria-describedby={error ? errorId : undefined}
              onChange={(event) => setTo(event.target.value)}
            />
          </div>
          <button type="submit" className={primaryButtonClass}>
            {t('dashboard.range.apply')}
          </button>
          {error && (
            <p id={errorId} role="alert" className="basis-full text-sm text-red-700">
              {t(`dashboard.range.errors.${error}`, { max: maxRangeDays })}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
