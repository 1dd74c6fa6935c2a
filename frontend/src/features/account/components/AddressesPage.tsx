import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { AddressFields, addressLine, emptyAddress, type AddressDraft } from '@/components/AddressFields';
import { linkClass, primaryButtonClass, secondaryButtonClass } from '@/components/buttonStyles';
import { EmptyState } from '@/components/EmptyState';
import { PinPicker } from '@/components/map/Maps';
import { QueryError } from '@/components/QueryError';
import { PageSkeleton } from '@/components/Skeleton';
import { toast } from '@/components/toastStore';
import { useAddresses, useDeleteAddress, useSaveAddress, type Address } from '@/features/account/api/account';
import { fieldErrors } from '@/lib/fieldErrors';
import { pointOf, type GeoPoint } from '@/lib/map';

export function AddressesPage() {
  const { t } = useTranslation();
  const addresses = useAddresses();
  const remove = useDeleteAddress();
  const save = useSaveAddress();
  const [editing, setEditing] = useState<Address | 'new' | null>(null);

  if (addresses.isPending) return <PageSkeleton />;
  if (addresses.isError) return <QueryError title={t('checkout.addressesFailed')} error={addresses.error} onRetry={() => void addresses.refetch()} />;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-xl font-semibold">{t('account.addresses')}</h2>
        {editing === null && (
          <button type="button" className={secondaryButtonClass} onClick={() => setEditing('new')}>
            {t('account.addAddress')}
          </button>
        )}
      </div>
      {editing !== null && <AddressEditor address={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      {addresses.data.length === 0 && editing === null ? (
        <EmptyState title={t('account.noAddresses')} description={t('account.noAddressesHint')} />
      ) : (
        <ul className="space-y-2">
          {addresses.data.map((address) => (
            <li key={address.id} className="rounded-lg p-3 ring-1 ring-slate-200">
              <p className="font-medium">
                {address.label || t(`regions.${address.region}`)}
                {address.is_default && <span className="ml-2 rounded-full bg-brand-700/10 px-2 py-0.5 text-xs text-brand-800">{t('account.default')}</span>}
              </p>
              <p className="text-sm text-slate-700">{addressLine(address)}</p>
              {pointOf(address) === null && <p className="text-xs text-amber-800">{t('account.noPin')}</p>}
              <div className="mt-2 flex flex-wrap gap-4 text-sm">
                <button type="button" className={linkClass} onClick={() => setEditing(address)}>
                  {t('common.edit')}
                </button>
                {!address.is_default && (
                  <button type="button" className={linkClass} onClick={() => save.mutate({ id: address.id, is_default: true })}>
                    {t('account.makeDefault')}
                  </button>
                )}
                <button
                  type="button"
                  className={`${linkClass} text-red-700`}
                  onClick={() => remove.mutate(address.id, { onSuccess: () => toast.success(t('account.addressDeleted')) })}
                >
                  {t('common.delete')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function AddressEditor({ address, onDone }: { address: Address | null; onDone: () => void }) {
  const { t } = useTranslation();
  const save = useSaveAddress();
  const [draft, setDraft] = useState<AddressDraft>(address ?? emptyAddress);
  const [pin, setPin] = useState<GeoPoint | null>(address ? pointOf(address) : null);
  const errors = fieldErrors(save.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(
      // The pin goes with the address; a removed pin is cleared (null), not left as it was.
      { ...draft, latitude: pin?.latitude ?? null, longitude: pin?.longitude ?? null, id: address?.id },
      {
        onSuccess: () => {
          toast.success(t('common.saved'));
          onDone();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} className="space-y-3 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
      <AddressFields value={draft} onChange={setDraft} errors={errors} />
      <PinPicker value={pin} onChange={setPin} />
      {(errors.latitude ?? errors.longitude) && <p className="text-sm text-red-700">{errors.latitude ?? errors.longitude}</p>}
      <div className="flex gap-2">
        <button type="submit" className={primaryButtonClass} disabled={save.isPending}>
          {t('common.save')}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
