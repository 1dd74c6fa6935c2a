import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { inputClass, primaryButtonClass, secondaryButtonClass } from '@/components/buttonStyles';
import { FieldShell, TextField } from '@/components/FormField';
import { QueryError } from '@/components/QueryError';
import { PageSkeleton } from '@/components/Skeleton';
import { toast } from '@/components/toastStore';
import { useChangePassword, useProfile, useUpdateProfile, type Profile } from '@/features/account/api/account';
import { LogoutEverywhere } from '@/features/account/components/LogoutEverywhere';
import { PhoneChangeForm } from '@/features/account/components/PhoneChangeForm';
import { fieldErrors } from '@/lib/fieldErrors';
import { languages } from '@/lib/i18n';
import { formatPhone } from '@/lib/phone';

const languageNames = { uz: "O'zbekcha", ru: 'Русский', en: 'English' } as const;

export function ProfilePage() {
  const { t } = useTranslation();
  const profile = useProfile();
  if (profile.isPending) return <PageSkeleton />;
  if (profile.isError) return <QueryError title={t('account.loadFailed')} error={profile.error} onRetry={() => void profile.refetch()} />;
  return (
    <div className="space-y-10">
      <ProfileForm profile={profile.data} />
      <PhoneChangeForm />
      <PasswordForm />
      <LogoutEverywhere />
    </div>
  );
}

function ProfileForm({ profile }: { profile: Profile }) {
  const { t, i18n } = useTranslation();
  const update = useUpdateProfile();
  const [firstName, setFirstName] = useState(profile.first_name);
  const [lastName, setLastName] = useState(profile.last_name);
  const [language, setLanguage] = useState(profile.language);
  const errors = fieldErrors(update.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    update.mutate(
      { first_name: firstName.trim(), last_name: lastName.trim(), language },
      {
        onSuccess: () => {
          void i18n.changeLanguage(language);
          toast.success(t('common.saved'));
        },
      },
    );
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <h2 className="text-xl font-semibold">{t('account.profile')}</h2>
      <p className="text-sm text-slate-700">
        {t('auth.phone')}: <span className="font-medium">{formatPhone(profile.phone_number)}</span>
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label={t('auth.firstName')} value={firstName} onChange={(event) => setFirstName(event.target.value)} error={errors.first_name} autoComplete="given-name" />
        <TextField label={t('auth.lastName')} value={lastName} onChange={(event) => setLastName(event.target.value)} error={errors.last_name} autoComplete="family-name" />
      </div>
      <FieldShell label={t('account.language')} hint={t('account.languageHint')}>
        {({ id, describedBy }) => (
          <select id={id} aria-describedby={describedBy} className={`${inputClass} sm:w-64`} value={language} onChange={(event) => setLanguage(event.target.value as Profile['language'])}>
            {languages.map((code) => (
              <option key={code} value={code} lang={code}>
                {languageNames[code]}
              </option>
            ))}
          </select>
        )}
      </FieldShell>
      <button type="submit" className={primaryButtonClass} disabled={update.isPending}>
        {t('common.save')}
      </button>
    </form>
  );
}

function PasswordForm() {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [oldPassword, setOldPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const errors = fieldErrors(change.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    change.mutate(
      { old_password: oldPassword, new_password: newPassword },
      {
        onSuccess: () => {
          setOldPassword('');
          setNewPassword('');
          toast.success(t('auth.passwordChanged'));
        },
      },
    );
  }

  return (
    <form onSubmit={submit} className="space-y-4">
      <h2 className="text-xl font-semibold">{t('account.changePassword')}</h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label={t('account.oldPassword')} type="password" autoComplete="current-password" value={oldPassword} onChange={(event) => setOldPassword(event.target.value)} error={errors.old_password} required />
        <TextField label={t('auth.newPassword')} type="password" autoComplete="new-password" hint={t('auth.passwordHint')} value={newPassword} onChange={(event) => setNewPassword(event.target.value)} error={errors.new_password} required />
      </div>
      <button type="submit" className={secondaryButtonClass} disabled={change.isPending || !oldPassword || !newPassword}>
        {t('account.changePassword')}
      </button>
    </form>
  );
}
