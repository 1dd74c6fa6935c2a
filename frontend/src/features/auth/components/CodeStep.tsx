import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { linkClass, primaryButtonClass } from '@/components/buttonStyles';
import { TextField } from '@/components/FormField';
import { formatPhone } from '@/lib/phone';

interface CodeStepProps {
  phone: string;
  resendAfterSeconds: number;
  onSubmit: (code: string) => void;
  onResend: () => Promise<number>;
  submitting: boolean;
  error?: string;
  submitLabel: string;
  children?: React.ReactNode;
}

/** Enter the six-digit SMS code; ask for a new one once the cooldown has passed. */
export function CodeStep({ phone, resendAfterSeconds, onSubmit, onResend, submitting, error, submitLabel, children }: CodeStepProps) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [wait, setWait] = useState(resendAfterSeconds);

  useEffect(() => {
    if (wait <= 0) return;
    const timer = window.setTimeout(() => setWait((seconds) => seconds - 1), 1000);
    return () => window.clearTimeout(timer);
  }, [wait]);

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(code);
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <p className="text-sm text-slate-700">{t('auth.codeSent', { phone: formatPhone(phone) })}</p>
      <TextField
        label={t('auth.code')}
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]{6}"
        maxLength={6}
        value={code}
        onChange={(event) => setCode(event.target.value.replace(/\D/g, '').slice(0, 6))}
        error={error}
        autoFocus
        required
      />
      {children}
      <button type="submit" className={`${primaryButtonClass} w-full`} disabled={submitting || code.length !== 6}>
        {submitLabel}
      </button>
      <p className="text-center text-sm">
        {wait > 0 ? (
          <span className="text-slate-600">{t('auth.resendIn', { count: wait })}</span>
        ) : (
          <button type="button" className={linkClass} onClick={() => void onResend().then(setWait, () => undefined)}>
            {t('auth.resend')}
          </button>
        )}
      </p>
    </form>
  );
}
