import { TextField } from '@/components/FormField';
import { formatPhone } from '@/lib/phone';

interface PhoneFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  autoFocus?: boolean;
}

/** A phone input with the `+998` prefix always there and the digits grouped as they are typed. */
export function PhoneField({ label, value, onChange, error, autoFocus }: PhoneFieldProps) {
  return (
    <TextField
      label={label}
      type="tel"
      inputMode="tel"
      autoComplete="tel"
      placeholder="+998 90 123 45 67"
      value={value || '+998 '}
      onChange={(event) => onChange(formatPhone(event.target.value))}
      error={error}
      autoFocus={autoFocus}
      required
    />
  );
}
