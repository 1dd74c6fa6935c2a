import { useTranslation } from 'react-i18next';

import { inputClass } from '@/components/buttonStyles';
import { FieldShell, TextField } from '@/components/FormField';

export const regions = [
  'tashkent_city',
  'tashkent',
  'andijan',
  'bukhara',
  'fergana',
  'jizzakh',
  'kashkadarya',
  'khorezm',
  'namangan',
  'navoi',
  'samarkand',
  'surkhandarya',
  'syrdarya',
  'karakalpakstan',
] as const;
export type Region = (typeof regions)[number];

/** The editable parts of a delivery address, as `users/me/addresses/` takes them. */
export interface AddressDraft {
  label: string;
  region: Region;
  city: string;
  street: string;
  house: string;
  apartment: string;
  entrance: string;
  floor: string;
  landmark: string;
}

export const emptyAddress: AddressDraft = {
  label: '',
  region: 'tashkent_city',
  city: 'Toshkent',
  street: '',
  house: '',
  apartment: '',
  entrance: '',
  floor: '',
  landmark: '',
};

/** One line for a saved or drafted address: `Amir Temur ko'chasi 15, 4-xonadon, Toshkent`. */
export function addressLine(address: Pick<AddressDraft, 'city' | 'street' | 'house' | 'apartment'>): string {
  const apartment = address.apartment ? `, ${address.apartment}` : '';
  return `${address.street} ${address.house}${apartment}, ${address.city}`;
}

interface AddressFieldsProps {
  value: AddressDraft;
  onChange: (value: AddressDraft) => void;
  errors?: Record<string, string>;
  withLabel?: boolean;
}

export function AddressFields({ value, onChange, errors = {}, withLabel = true }: AddressFieldsProps) {
  const { t } = useTranslation();
  const set = (field: keyof AddressDraft) => (event: { target: { value: string } }) =>
    onChange({ ...value, [field]: event.target.value });
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {withLabel && (
        <TextField label={t('address.label')} hint={t('address.labelHint')} value={value.label} onChange={set('label')} error={errors.label} maxLength={50} />
      )}
      <FieldShell label={t('address.region')} error={errors.region}>
        {({ id, describedBy }) => (
          <select id={id} aria-describedby={describedBy} className={inputClass} value={value.region} onChange={set('region')}>
            {regions.map((region) => (
              <option key={region} value={region}>
                {t(`regions.${region}`)}
              </option>
            ))}
          </select>
        )}
      </FieldShell>
      <TextField label={t('address.city')} value={value.city} onChange={set('city')} error={errors.city} required autoComplete="address-level2" />
      <TextField label={t('address.street')} value={value.street} onChange={set('street')} error={errors.street} required autoComplete="address-line1" />
      <TextField label={t('address.house')} value={value.house} onChange={set('house')} error={errors.house} required />
      <TextField label={t('address.apartment')} value={value.apartment} onChange={set('apartment')} error={errors.apartment} />
      <TextField label={t('address.entrance')} value={value.entrance} onChange={set('entrance')} error={errors.entrance} />
      <TextField label={t('address.floor')} value={value.floor} onChange={set('floor')} error={errors.floor} />
      <div className="sm:col-span-2">
        <TextField label={t('address.landmark')} value={value.landmark} onChange={set('landmark')} error={errors.landmark} />
      </div>
    </div>
  );
}
