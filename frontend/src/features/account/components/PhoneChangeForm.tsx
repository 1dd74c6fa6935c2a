import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { linkClass, secondaryButtonClass } from '@/components/buttonStyles';
import { TextField } from '@/components/FormField';
import { PhoneField } from '@/components/PhoneField';
import { CodeStep } from '@/features/auth/components/CodeStep';
import { toast } from '@/components/toastStore';
import { useConfirmPhoneChange, useRequestPhoneChange } from '@/features/account/api/account';
import { apiErrorMessage } from '@/lib/api';
import { apiErrorCode, fieldErrors } from '@/lib/fieldErrors';
import { toE164 } from '@/lib/phone';

// Refusals shown next to the field they are about (they also come as an error toast).
const passwordCodes = ['wrong_password'];
const phoneCodes = ['same_phone_number', 'phone_number_taken'];
const codeCodes = ['otp_invalid', 'otp_expired', 'otp_attempts_exceeded'];

function inlineError(error: unknown, field: string, codes: string[]): string | undefined {
  const code = apiErrorCode(error);
  if (code && codes.includes(code)) return apiErrorMessage(error);
  return fieldErrors(error)[field];
}

/** Move the account to a new number: the password and the number, then the code texted to it. */
export function PhoneChangeForm() {
  const { t } = useTranslation();
  const request = useRequestPhoneChange();
  const confirm = useConfirmPhoneChange();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const [phoneError, setPhoneError] = useState<string>();
  // The number the code went to and how long until another can be asked for.
  const [sent, setSent] = useState<{ phone: string; resendAfter: number } | null>(null);

  function sendCode(phoneNumber: string) {
    request.mutate(
      { new_phone_number: phoneNumber, password },
      { onSuccess: (answer) => setSent({ phone: answer.phone_number, resendAfter: answer.resend_after_seconds }) },
    );
  }

  function submitPhone(event: FormEvent) {
    event.preventDefault();
    const phoneNumber = toE164(phone);
    setPhoneError(phoneNumber ? undefined : t('auth.phoneInvalid'));
    if (phoneNumber) sendCode(phoneNumber);
  }

  function startOver() {
    setSent(null);
    confirm.reset();
  }

  return (
    <section aria-labelledby="phone-change-heading" className="space-y-4">
      <h2 id="phone-change-heading" className="text-xl font-semibold">
        {t('account.phoneTitle')}
      </h2>
      <p className="text-sm text-slate-700">{t('account.phoneHint')}</p>
      {sent === null ? (
        <form onSubmit={submitPhone} className="space-y-4" noValidate>
          <div className="grid gap-4 sm:grid-cols-2">
            <PhoneField
              label={t('account.newPhone')}
              value={phone}
              onChange={setPhone}
              error={phoneError ?? inlineError(request.error, 'new_phone_number', phoneCodes)}
            />
            <TextField
              label={t('auth.password')}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              error={inlineError(request.error, 'password', passwordCodes)}
              required
            />
          </div>
          <button type="submit" className={secondaryButtonClass} disabled={request.isPending || !password}>
            {t('auth.sendCode')}
          </button>
        </form>
      ) : (
        <div className="max-w-sm">
          <CodeStep
            phone={sent.phone}
            resendAfterSeconds={sent.resendAfter}
            submitting={confirm.isPending}
            error={inlineError(confirm.error, 'code', [...codeCodes, ...phoneCodes])}
            submitLabel={t('account.confirmPhone')}
            onSubmit={(code) =>
              confirm.mutate(
                { new_phone_number: sent.phone, code },
                {
                  onSuccess: () => {
                    toast.success(t('account.phoneChanged'));
                    setSent(null);
                    setPhone('');
                    setPassword('');
                  },
                },
              )
            }
            onResend={() =>
              request
                .mutateAsync({ new_phone_number: sent.phone, password })
                .then((answer) => answer.resend_after_seconds)
            }
          >
            <button type="button" className={linkClass} onClick={startOver}>
              {t('account.otherPhone')}
            </button>
          </CodeStep>
        </div>
      )}
    </section>
  );
}
