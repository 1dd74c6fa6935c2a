import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';

import { linkClass, primaryButtonClass } from '@/components/buttonStyles';
import { TextField } from '@/components/FormField';
import { PhoneField } from '@/components/PhoneField';
import { useLogin, useResendCode, useVerifyPhone } from '@/features/auth/api/auth';
import { AuthCard } from '@/features/auth/components/AuthCard';
import { CodeStep } from '@/features/auth/components/CodeStep';
import { useNextPath } from '@/features/auth/hooks/useNextPath';
import { apiErrorMessage } from '@/lib/api';
import { apiErrorCode, fieldErrors } from '@/lib/fieldErrors';
import { toE164 } from '@/lib/phone';

/** Where staff land after signing in when no page asked for it: their own screens, not the shop. */
const homeOfRole: Partial<Record<string, string>> = { courier: '/courier', operator: '/operator' };

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const next = useNextPath();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [phoneError, setPhoneError] = useState<string>();
  const [verifyAfter, setVerifyAfter] = useState<number | null>(null);
  const login = useLogin();
  const resend = useResendCode();
  const verify = useVerifyPhone();
  const errors = fieldErrors(login.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const phoneNumber = toE164(phone);
    setPhoneError(phoneNumber ? undefined : t('auth.phoneInvalid'));
    if (!phoneNumber) return;
    login.mutate(
      { phone_number: phoneNumber, password },
      {
        // Couriers work from their own screens: they land there unless a page sent them to sign in.
        onSuccess: (session) => navigate(next === '/' ? (homeOfRole[session.user.role] ?? next) : next, { replace: true }),
        onError: (error) => {
          // A registration never confirmed: send a code and confirm the phone here.
          if (apiErrorCode(error) === 'phone_not_verified') {
            resend.mutate(
              { phone_number: phoneNumber, purpose: 'register' },
              { onSuccess: (sent) => setVerifyAfter(sent.resend_after_seconds) },
            );
          }
        },
      },
    );
  }

  if (verifyAfter !== null) {
    const phoneNumber = toE164(phone) ?? '';
    return (
      <AuthCard title={t('auth.verifyTitle')}>
        <CodeStep
          phone={phoneNumber}
          resendAfterSeconds={verifyAfter}
          submitting={verify.isPending}
          error={verify.error ? apiErrorMessage(verify.error) : undefined}
          submitLabel={t('auth.confirm')}
          onSubmit={(code) =>
            verify.mutate({ phone_number: phoneNumber, code }, { onSuccess: () => navigate(next, { replace: true }) })
          }
          onResend={async () => (await resend.mutateAsync({ phone_number: phoneNumber, purpose: 'register' })).resend_after_seconds}
        />
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('auth.loginTitle')}>
      <form onSubmit={submit} className="space-y-4" noValidate>
        <PhoneField label={t('auth.phone')} value={phone} onChange={setPhone} error={phoneError ?? errors.phone_number} autoFocus />
        <TextField
          label={t('auth.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={errors.password}
          required
        />
        {login.isError && !Object.keys(errors).length && (
          <p role="alert" className="text-sm text-red-700">
            {apiErrorMessage(login.error)}
          </p>
        )}
        <button type="submit" className={`${primaryButtonClass} w-full`} disabled={login.isPending}>
          {login.isPending ? t('auth.signingIn') : t('auth.signIn')}
        </button>
      </form>
      <div className="mt-6 flex flex-col gap-2 text-center text-sm">
        <Link to="/forgot-password" className={linkClass}>
          {t('auth.forgotLink')}
        </Link>
        <p>
          {t('auth.noAccount')}{' '}
          <Link to={`/register${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} className={linkClass}>
            {t('auth.registerLink')}
          </Link>
        </p>
      </div>
    </AuthCard>
  );
}
