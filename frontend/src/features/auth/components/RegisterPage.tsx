import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';

import { linkClass, primaryButtonClass } from '@/components/buttonStyles';
import { TextField } from '@/components/FormField';
import { PhoneField } from '@/components/PhoneField';
import { useRegister, useResendCode, useVerifyPhone, type CodeSent } from '@/features/auth/api/auth';
import { AuthCard } from '@/features/auth/components/AuthCard';
import { CodeStep } from '@/features/auth/components/CodeStep';
import { useNextPath } from '@/features/auth/hooks/useNextPath';
import { apiErrorMessage } from '@/lib/api';
import { fieldErrors } from '@/lib/fieldErrors';
import { toE164 } from '@/lib/phone';

export function RegisterPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const next = useNextPath();
  const [form, setForm] = useState({ firstName: '', lastName: '', phone: '', password: '', accepted: false });
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [sent, setSent] = useState<CodeSent | null>(null);
  const register = useRegister();
  const verify = useVerifyPhone();
  const resend = useResendCode();
  const errors = { ...fieldErrors(register.error), ...localErrors };

  function submit(event: FormEvent) {
    event.preventDefault();
    const phoneNumber = toE164(form.phone);
    const problems: Record<string, string> = {};
    if (!phoneNumber) problems.phone_number = t('auth.phoneInvalid');
    if (!form.accepted) problems.accepted_terms = t('auth.acceptRequired');
    if (form.password.length < 8) problems.password = t('auth.passwordTooShort');
    setLocalErrors(problems);
    if (Object.keys(problems).length || !phoneNumber) return;
    register.mutate(
      {
        phone_number: phoneNumber,
        password: form.password,
        first_name: form.firstName.trim(),
        last_name: form.lastName.trim(),
        accepted_terms: true,
        language: i18n.language,
      },
      { onSuccess: setSent },
    );
  }

  if (sent) {
    return (
      <AuthCard title={t('auth.verifyTitle')}>
        <CodeStep
          phone={sent.phone_number}
          resendAfterSeconds={sent.resend_after_seconds}
          submitting={verify.isPending}
          error={verify.error ? apiErrorMessage(verify.error) : undefined}
          submitLabel={t('auth.confirm')}
          onSubmit={(code) =>
            verify.mutate({ phone_number: sent.phone_number, code }, { onSuccess: () => navigate(next, { replace: true }) })
          }
          onResend={async () => (await resend.mutateAsync({ phone_number: sent.phone_number, purpose: 'register' })).resend_after_seconds}
        />
      </AuthCard>
    );
  }

  const set = (field: 'firstName' | 'lastName' | 'password') => (event: { target: { value: string } }) =>
    setForm({ ...form, [field]: event.target.value });

  return (
    <AuthCard title={t('auth.registerTitle')}>
      <form onSubmit={submit} className="space-y-4" noValidate>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label={t('auth.firstName')} autoComplete="given-name" value={form.firstName} onChange={set('firstName')} error={errors.first_name} required />
          <TextField label={t('auth.lastName')} autoComplete="family-name" value={form.lastName} onChange={set('lastName')} error={errors.last_name} required />
        </div>
        <PhoneField label={t('auth.phone')} value={form.phone} onChange={(phone) => setForm({ ...form, phone })} error={errors.phone_number} />
        <TextField
          label={t('auth.password')}
          type="password"
          autoComplete="new-password"
          hint={t('auth.passwordHint')}
          value={form.password}
          onChange={set('password')}
          error={errors.password}
          required
        />
        <div>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="checkbox"
              className="mt-0.5 size-4 accent-brand-700"
              checked={form.accepted}
              onChange={(event) => setForm({ ...form, accepted: event.target.checked })}
              aria-invalid={errors.accepted_terms ? true : undefined}
              aria-describedby={errors.accepted_terms ? 'accept-error' : undefined}
            />
            <span>
              {t('auth.acceptPrefix')}{' '}
              <Link to="/legal/terms" target="_blank" className={linkClass}>
                {t('legal.terms')}
              </Link>{' '}
              {t('auth.acceptAnd')}{' '}
              <Link to="/legal/privacy" target="_blank" className={linkClass}>
                {t('legal.privacy')}
              </Link>
              {t('auth.acceptSuffix')}
            </span>
          </label>
          {errors.accepted_terms && (
            <p id="accept-error" className="mt-1 text-sm text-red-700">
              {errors.accepted_terms}
            </p>
          )}
        </div>
        <button type="submit" className={`${primaryButtonClass} w-full`} disabled={register.isPending}>
          {t('auth.register')}
        </button>
      </form>
      <p className="mt-6 text-center text-sm">
        {t('auth.haveAccount')}{' '}
        <Link to="/login" className={linkClass}>
          {t('auth.signIn')}
        </Link>
      </p>
    </AuthCard>
  );
}
