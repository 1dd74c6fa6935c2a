import { useEffect, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';

import { secondaryButtonClass } from '@/components/buttonStyles';

export const acceptedImageTypes = ['image/jpeg', 'image/png', 'image/webp'];
const maxBytes = 10 * 1024 * 1024;

interface ImagePickerProps {
  files: File[];
  onChange: (files: File[]) => void;
  max?: number;
  error?: string;
}

/**
 * Photos of a document: taken with the phone's camera (`capture`) or chosen from the gallery, with
 * previews and a way to remove one. Files of the wrong type or too large are refused here already;
 * the server checks again.
 */
export function ImagePicker({ files, onChange, max = 5, error }: ImagePickerProps) {
  const { t } = useTranslation();
  const cameraId = useId();
  const galleryId = useId();
  const errorId = useId();
  const previews = useMemo(() => files.map((file) => URL.createObjectURL(file)), [files]);
  useEffect(() => () => previews.forEach((url) => URL.revokeObjectURL(url)), [previews]);

  function add(list: FileList | null) {
    if (!list) return;
    const picked = [...list].filter((file) => acceptedImageTypes.includes(file.type) && file.size <= maxBytes);
    onChange([...files, ...picked].slice(0, max));
  }

  const full = files.length >= max;
  return (
    <div>
      <div className="flex flex-wrap gap-2">
        <label htmlFor={cameraId} className={`${secondaryButtonClass} cursor-pointer ${full ? 'pointer-events-none opacity-60' : ''}`}>
          {t('imagePicker.camera')}
        </label>
        <input
          id={cameraId}
          type="file"
          accept={acceptedImageTypes.join(',')}
          capture="environment"
          className="sr-only"
          disabled={full}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            add(event.target.files);
            event.target.value = '';
          }}
        />
        <label htmlFor={galleryId} className={`${secondaryButtonClass} cursor-pointer ${full ? 'pointer-events-none opacity-60' : ''}`}>
          {t('imagePicker.gallery')}
        </label>
        <input
          id={galleryId}
          type="file"
          accept={acceptedImageTypes.join(',')}
          multiple
          className="sr-only"
          disabled={full}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            add(event.target.files);
            event.target.value = '';
          }}
        />
      </div>
      <p className="mt-1 text-xs text-slate-600">{t('imagePicker.hint', { max })}</p>
      {error && (
        <p id={errorId} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
      {files.length > 0 && (
        <ul className="mt-3 grid grid-cols-3 gap-2 sm:grid-cols-5">
          {files.map((file, index) => (
            <li key={`${file.name}-${index}`} className="relative">
              <img src={previews[index]} alt={t('imagePicker.page', { number: index + 1 })} className="aspect-[3/4] w-full rounded-lg object-cover" />
              <button
                type="button"
                onClick={() => onChange(files.filter((_, i) => i !== index))}
                aria-label={t('imagePicker.remove', { number: index + 1 })}
                className="absolute right-1 top-1 grid size-7 place-items-center rounded-full bg-white/90 text-slate-900 shadow focus-visible:outline-2 focus-visible:outline-brand-700"
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
