import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { primaryButtonClass } from '@/components/buttonStyles';
import { TextField } from '@/components/FormField';
import { QueryError } from '@/components/QueryError';
import { PageSkeleton } from '@/components/Skeleton';
import { toast } from '@/components/toastStore';
import { usePreferences, useSavePreferences, type Preferences } from '@/features/notifications/api/notifications';

const knownChannels = ['sms', 'in_app', 'email', 'push'] as const;
const knownTypes = ['marketing', 'announcement'] as const;

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

export function NotificationSettingsPage() {
  const { t } = useTranslation();
  const preferences = usePreferences();
  if (preferences.isPending) return <PageSkeleton />;
  if (preferences.isError) return <QueryError title={t('notificationSettings.loadFailed')} error={preferences.error} onRetry={() => void preferences.refetch()} />;
  return <PreferencesForm preferences={preferences.data} />;
}

function PreferencesForm({ preferences }: { preferences: Preferences }) {
  const { t } = useTranslation();
  const save = useSavePreferences();
  const [mutedChannels, setMutedChannels] = useState(preferences.muted_channels);
  const [mutedTypes, setMutedTypes] = useState(preferences.muted_types);
  const [quietStart, setQuietStart] = useState(preferences.quiet_hours_start?.slice(0, 5) ?? '');
  const [quietEnd, setQuietEnd] = useState(preferences.quiet_hours_end?.slice(0, 5) ?? '');

  function toggle(list: string[], value: string, on: boolean) {
    return on ? list.filter((item) => item !== value) : [...list, value];
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(
      {
        muted_channels: mutedChannels,
        muted_types: mutedTypes,
        quiet_hours_start: quietStart || null,
        quiet_hours_end: quietEnd || null,
      },
      { onSuccess: () => toast.success(t('common.saved')) },
    );
  }

  return (
    <form onSubmit={submit} className="space-y-6">
      <h2 className="text-xl font-semibold">{t('notificationSettings.title')}</h2>
      <p className="text-sm text-slate-600">{t('notificationSettings.essential')}</p>
      <fieldset className="space-y-2">
        <legend className="mb-2 font-medium">{t('notificationSettings.channels')}</legend>
        {preferences.mutable_channels.map((channel) => (
          <label key={channel} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="size-4 accent-brand-700"
              checked={!mutedChannels.includes(channel)}
              onChange={(event) => setMutedChannels(toggle(mutedChannels, channel, event.target.checked))}
            />
            {isOneOf(knownChannels, channel) ? t(`notificationSettings.channel.${channel}`) : channel}
          </label>
        ))}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="mb-2 font-medium">{t('notificationSettings.types')}</legend>
        {preferences.mutable_types.map((type) => (
          <label key={type} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="size-4 accent-brand-700"
              checked={!mutedTypes.includes(type)}
              onChange={(event) => setMutedTypes(toggle(mutedTypes, type, event.target.checked))}
            />
            {isOneOf(knownTypes, type) ? t(`notificationSettings.type.${type}`) : type}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend className="mb-1 font-medium">{t('notificationSettings.quietHours')}</legend>
        <p className="mb-2 text-sm text-slate-600">{t('notificationSettings.quietHint')}</p>
        <div className="grid max-w-sm grid-cols-2 gap-3">
          <TextField label={t('notificationSettings.from')} type="time" value={quietStart} onChange={(event) => setQuietStart(event.target.value)} />
          <TextField label={t('notificationSettings.to')} type="time" value={quietEnd} onChange={(event) => setQuietEnd(event.target.value)} />
        </div>
      </fieldset>
      <button type="submit" className={primaryButtonClass} disabled={save.isPending}>
        {t('common.save')}
      </button>
    </form>
  );
}
