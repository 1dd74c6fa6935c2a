import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { inputClass, primaryButtonClass, secondaryButtonClass } from '@/components/buttonStyles';
import { acceptedImageTypes } from '@/components/ImagePicker';
import { useConfirmWithPhoto, type CourierDelivery } from '@/features/courier/api/courier';
import { apiErrorMessage } from '@/lib/api';

/** The API's limit (DELIVERY_PROOF_PHOTO_MAX_BYTES); it checks again and re-encodes the image. */
const maxBytes = 10 * 1024 * 1024;

type PhotoError = 'photoRequired' | 'noteRequired' | 'type' | 'size';

/**
 * The other proof of delivery, when the customer cannot give the code (no SMS, phone lost): a photo
 * taken with the phone's back camera and a note. Accepted only while the parcel is on the way; the
 * pharmacy's staff review it.
 */
export function PhotoProofForm({ delivery }: { delivery: CourierDelivery }) {
  const { t } = useTranslation();
  const id = useId();
  const [photo, setPhoto] = useState<File | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<PhotoError | null>(null);
  const confirm = useConfirmWithPhoto(delivery.id);
  const preview = useMemo(() => (photo ? URL.createObjectURL(photo) : null), [photo]);
  useEffect(() => () => {
    if (preview) URL.revokeObjectURL(preview);
  }, [preview]);

  function pick(file: File | undefined) {
    if (!file) return;
    if (!acceptedImageTypes.includes(file.type)) return setError('type');
    if (file.size > maxBytes) return setError('size');
    setError(null);
    setPhoto(file);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!photo) return setError('photoRequired');
    if (!note.trim()) return setError('noteRequired');
    setError(null);
    confirm.mutate({ photo, note: note.trim() });
  }

  const message = error ? t(`courierLive.photo.errors.${error}`) : confirm.isError ? apiErrorMessage(confirm.error) : null;
  return (
    <details className="rounded-lg border border-slate-200 p-3" open={delivery.handover.is_locked || undefined}>
      <summary className="cursor-pointer font-semibold">{t('courierLive.photo.title')}</summary>
      <form onSubmit={submit} noValidate className="mt-2 space-y-2">
        <p className="text-sm text-slate-600">{t('courierLive.photo.hint')}</p>
        <label htmlFor={`${id}-photo`} className={`${secondaryButtonClass} inline-block cursor-pointer`}>
          {photo ? t('courierLive.photo.retake') : t('courierLive.photo.take')}
        </label>
        <input
          id={`${id}-photo`}
          type="file"
          accept="image/*"
          capture="environment"
          className="sr-only"
          aria-describedby={message ? `${id}-error` : undefined}
          onChange={(event) => {
            pick(event.target.files?.[0]);
            event.target.value = '';
          }}
        />
        {preview && <img src={preview} alt={t('courierLive.photo.preview')} className="max-h-48 rounded-lg border border-slate-200 object-contain" />}
        <label htmlFor={`${id}-note`} className="block text-sm font-medium">
          {t('courierLive.photo.note')}
        </label>
        <textarea
          id={`${id}-note`}
          className={inputClass}
          maxLength={500}
          required
          value={note}
          aria-invalid={error === 'noteRequired' || undefined}
          aria-describedby={message ? `${id}-error` : undefined}
          onChange={(event) => setNote(event.target.value)}
        />
        {message && (
          <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
            {message}
          </p>
        )}
        <button type="submit" className={`${primaryButtonClass} w-full py-3`} disabled={confirm.isPending}>
          {t('courierLive.photo.submit')}
        </button>
      </form>
    </details>
  );
}
