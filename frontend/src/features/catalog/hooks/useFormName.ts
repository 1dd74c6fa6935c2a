import { useTranslation } from 'react-i18next';

export const dosageForms = [
  'tablet',
  'film_coated_tablet',
  'effervescent_tablet',
  'capsule',
  'lozenge',
  'syrup',
  'suspension',
  'solution',
  'drops',
  'injection',
  'infusion',
  'powder',
  'granules',
  'ointment',
  'cream',
  'gel',
  'spray',
  'inhaler',
  'suppository',
  'patch',
  'other',
] as const;
type DosageForm = (typeof dosageForms)[number];

function isDosageForm(value: string): value is DosageForm {
  return (dosageForms as readonly string[]).includes(value);
}

/** The dosage form in the interface language; the API's own wording for a form the app does not know. */
export function useFormName(): (product: { dosage_form: string; dosage_form_display: string }) => string {
  const { t } = useTranslation();
  return (product) => (isDosageForm(product.dosage_form) ? t(`dosageForms.${product.dosage_form}`) : product.dosage_form_display);
}
