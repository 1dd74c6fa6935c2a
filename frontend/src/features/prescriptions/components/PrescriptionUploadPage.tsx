import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

import { inputClass, primaryButtonClass } from '@/components/buttonStyles';
import { FieldShell, TextField } from '@/components/FormField';
import { ImagePicker } from '@/components/ImagePicker';
import { PageMeta } from '@/components/PageMeta';
import { toast } from '@/components/toastStore';
import { useUploadPrescription } from '@/features/prescriptions/api/prescriptions';
import { fieldErrors } from '@/lib/fieldErrors';

export function PrescriptionUploadPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const upload = useUploadPrescription();
  const [images, setImages] = useState<File[]>([]);
  const [fields, setFields] = useState({ doctor_name: '', clinic_name: '', issued_on: '', e_prescription_number: '', customer_note: '' });
  const [imagesError, setImagesError] = useState<string>();
  const errors = fieldErrors(upload.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (images.length === 0) {
      setImagesError(t('prescriptions.imagesRequired'));
      return;
    }
    setImagesError(undefined);
    upload.mutate(
      { images, ...fields },
      {
        onSuccess: () => {
          toast.success(t('prescriptions.uploaded'));
          navigate('/prescriptions');
        },
      },
    );
  }

  const set = (field: keyof typeof fields) => (event: { target: { value: string } }) => setFields({ ...fields, [field]: event.target.value });

  return (
    <div className="mx-auto max-w-2xl">
      <PageMeta title={t('prescriptions.uploadTitle')} />
      <h1 className="text-2xl font-bold">{t('prescriptions.uploadTitle')}</h1>
      <p className="mt-1 text-sm text-slate-600">{t('prescriptions.uploadHint')}</p>
      <form onSubmit={submit} className="mt-6 space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6" noValidate>
        <fieldset>
          <legend className="mb-2 text-sm font-medium">{t('prescriptions.photos')}</legend>
          <ImagePicker files={images} onChange={setImages} error={imagesError ?? errors.images} />
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label={t('prescriptions.doctor')} value={fields.doctor_name} onChange={set('doctor_name')} error={errors.doctor_name} maxLength={200} />
          <TextField label={t('prescriptions.clinic')} value={fields.clinic_name} onChange={set('clinic_name')} error={errors.clinic_name} maxLength={200} />
          <TextField label={t('prescriptions.issuedOn')} type="date" value={fields.issued_on} onChange={set('issued_on')} error={errors.issued_on} />
          <TextField
            label={t('prescriptions.eNumber')}
            value={fields.e_prescription_number}
            onChange={set('e_prescription_number')}
            error={errors.e_prescription_number}
            maxLength={64}
          />
        </div>
        <FieldShell label={t('prescriptions.note')} error={errors.customer_note}>
          {({ id, describedBy }) => (
            <textarea id={id} aria-describedby={describedBy} rows={3} className={inputClass} value={fields.customer_note} onChange={set('customer_note')} />
          )}
        </FieldShell>
        <button type="submit" className={primaryButtonClass} disabled={upload.isPending}>
          {upload.isPending ? t('prescriptions.uploading') : t('prescriptions.upload')}
        </button>
      </form>
    </div>
  );
}
