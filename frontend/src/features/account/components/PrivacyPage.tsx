import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';

import { dangerButtonClass, linkClass, secondaryButtonClass } from '@/components/buttonStyles';
import { TextField } from '@/components/FormField';
import { toast } from '@/components/toastStore';
import { useDeleteAccount, useExportData } from '@/features/account/api/account';
import { fieldErrors } from '@/lib/fieldErrors';

export function PrivacyPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const exportData = useExportData();
  const deleteAccount = useDeleteAccount();
  const [confirming, setConfirming] = useState(false);
  const [password, setPassword] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    deleteAccount.mutate(password, {
      onSuccess: () => {
        toast.success(t('account.deleted'));
        navigate('/', { replace: true });
      },
    });
  }

  return (
    <div className="space-y-10">
      <section className="space-y-3">
        <h2 className="text-xl font-semibold">{t('account.exportTitle')}</h2>
        <p className="text-sm text-slate-700">{t('account.exportHint')}</p>
        <button type="button" className={secondaryButtonClass} disabled={exportData.isPending} onClick={() => exportData.mutate()}>
          {t('account.export')}
        </button>
        <p className="text-sm">
          <Link to="/legal/privacy" className={linkClass}>
            {t('legal.privacy')}
          </Link>
        </p>
      </section>
      <section className="space-y-3">
        <h2 className="text-xl font-semibold text-red-800">{t('account.deleteTitle')}</h2>
        <p className="text-sm text-slate-700">{t('account.deleteHint')}</p>
        {confirming ? (
          <form onSubmit={submit} className="max-w-sm space-y-3">
            <TextField
              label={t('account.confirmPassword')}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              error={fieldErrors(deleteAccount.error).password}
              required
              autoFocus
            />
            <div className="flex gap-2">
              <button type="submit" className={dangerButtonClass} disabled={deleteAccount.isPending || !password}>
                {t('account.deleteForever')}
              </button>
              <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        ) : (
          <button type="button" className={`${secondaryButtonClass} text-red-700`} onClick={() => setConfirming(true)}>
            {t('account.delete')}
          </button>
        )}
      </section>
    </div>
  );
}
