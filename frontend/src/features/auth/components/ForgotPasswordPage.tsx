import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';

import { linkClass, primaryButtonClass } from '@/components/buttonStyles';
import { TextField } from '@/components/FormField';
import { PhoneField } from '@/components/PhoneField';
import { toast } from '@/components/toastStore';
import { useForgotPassword, useResetPassword, type CodeSent } from '@/features/auth/api/auth';
import { AuthCard } from '@/features/auth/components/AuthCard';
import { CodeStep } from '@/features/auth/components/CodeStep';
import { apiErrorMessage } from '@/lib/api';
import { fieldErrors } from '@/lib/fieldErrors';
import { toE164 } from '@/lib/phone';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [phone, setPhone] = useState('');
  const [phoneError, setPhoneError] = useState<string>();
  const [newPassword, setNewPassword] = useState('');
  const [sent, setSent] = useState<CodeSent | null>(null);
  const forgot = useForgotPassword();
  const reset = useResetPassword();

  function requestCode(event: FormEvent) {
    event.preventDefault();
    const phoneNumber = toE164(phone);
    setPhoneError(phoneNumber ? undefined : t('auth.phoneInvalid'));
    if (phoneNumber) forgot.mutate({ phone_number: phoneNumber }, { onSuccess: setSent });
  }

  if (sent) {
    const errors = fieldErrors(reset.error);
    return (
      <AuthCard title={t('auth.resetTitle')}>
        <CodeStep
          phone={sent.phone_number}
          resendAfterSeconds={sent.resend_after_seconds}
          submitting={reset.isPending}
          error={errors.code ?? (reset.error && !errors.new_password ? apiErrorMessage(reset.error) : undefined)}
          submitLabel={t('auth.setPassword')}
          onSubmit={(code) =>
            reset.mutate(
              { phone_number: sent.phone_number, code, new_password: newPassword },
              {
                onSuccess: () => {
                  toast.success(t('auth.passwordChanged'));
                  navigate('/login', { replace: true });
                },
              },
            )
          }
          onResend={async () => (await forgot.mutateAsync({ phone_number: sent.phone_number })).resend_after_seconds}
        >
          <TextField
            label={t('auth.newPassword')}
            type="password"
            autoComplete="new-password"
            hint={t('auth.passwordHint')}
            value={newPassword}
            onChange={(event) => setNewPassword(event.target.value)}
            error={errors.new_password}
            required
          />
        </CodeStep>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('auth.forgotTitle')}>
      <p className="mb-4 text-sm text-slate-700">{t('auth.forgotHint')}</p>
      <form onSubmit={requestCode} className="space-y-4" noValidate>
        <PhoneField label={t('auth.phone')} value={phone} onChange={setPhone} error={phoneError ?? fieldErrors(forgot.error).phone_number} autoFocus />
        <button type="submit" className={`${primaryButtonClass} w-full`} disabled={forgot.isPending}>
          {t('auth.sendCode')}
        </button>
      </form>
      <p className="mt-6 text-center text-sm">
        <Link to="/login" className={linkClass}>
          {t('auth.backToLogin')}
        </Link>
      </p>
    </AuthCard>
  );
}
