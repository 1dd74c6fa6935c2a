import { useTranslation } from 'react-i18next';

interface QuantityPickerProps {
  value: number;
  onChange: (value: number) => void;
  max?: number;
  label: string;
  disabled?: boolean;
}

/** Minus, the number, plus: big enough for a thumb, usable with the keyboard. */
export function QuantityPicker({ value, onChange, max = 99, label, disabled = false }: QuantityPickerProps) {
  const { t } = useTranslation();
  const buttonClass =
    'grid size-10 place-items-center text-lg font-semibold text-slate-700 hover:bg-slate-100 disabled:opacity-40 focus-visible:outline-2 focus-visible:outline-brand-700';
  return (
    <div role="group" aria-label={label} className="inline-flex items-center rounded-lg border border-slate-300 bg-white">
      <button
        type="button"
        className={buttonClass}
        aria-label={t('quantity.decrease')}
        disabled={disabled || value <= 1}
        onClick={() => onChange(value - 1)}
      >
        −
      </button>
      <output aria-live="polite" aria-label={t('quantity.label')} className="min-w-8 text-center font-medium">
        {value}
      </output>
      <button
        type="button"
        className={buttonClass}
        aria-label={t('quantity.increase')}
        disabled={disabled || value >= max}
        onClick={() => onChange(value + 1)}
      >
        +
      </button>
    </div>
  );
}
