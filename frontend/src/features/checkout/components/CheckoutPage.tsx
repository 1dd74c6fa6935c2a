import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';

import { AddressFields, addressLine, emptyAddress, type AddressDraft } from '@/components/AddressFields';
import { inputClass, primaryButtonClass, secondaryButtonClass } from '@/components/buttonStyles';
import { EmptyState } from '@/components/EmptyState';
import { ImagePicker } from '@/components/ImagePicker';
import { PinPicker } from '@/components/map/Maps';
import { PageMeta } from '@/components/PageMeta';
import { QueryError } from '@/components/QueryError';
import { PageSkeleton } from '@/components/Skeleton';
import {
  startPayment,
  useAddresses,
  useCheckout,
  useCheckoutCart,
  useDeliveryQuote,
  usePrescriptionChoices,
  useSaveAddress,
  useUploadPrescription,
  type CheckoutCart,
  type CheckoutInput,
  type DeliveryType,
  type PaymentMethod,
  type SavedAddress,
} from '@/features/checkout/api/checkout';
import { useIdempotencyKey } from '@/features/checkout/hooks/useIdempotencyKey';
import { apiErrorCode, fieldErrors } from '@/lib/fieldErrors';
import { formatDate } from '@/lib/dates';
import type { GeoPoint } from '@/lib/map';
import { formatSom, fromTiyin, toTiyin } from '@/lib/money';
import { leaveTo } from '@/lib/navigation';

export function CheckoutPage() {
  const { t } = useTranslation();
  const cart = useCheckoutCart();
  const addresses = useAddresses();

  let content: ReactNode;
  if (cart.isPending || addresses.isPending) content = <PageSkeleton />;
  else if (cart.isError) content = <QueryError title={t('cart.loadFailed')} error={cart.error} onRetry={() => void cart.refetch()} />;
  else if (addresses.isError)
    content = <QueryError title={t('checkout.addressesFailed')} error={addresses.error} onRetry={() => void addresses.refetch()} />;
  else if (cart.data.items.length === 0)
    content = (
      <EmptyState
        title={t('cart.emptyTitle')}
        description={t('checkout.emptyDescription')}
        action={
          <Link to="/catalog" className={primaryButtonClass}>
            {t('cart.toCatalog')}
          </Link>
        }
      />
    );
  else if (!cart.data.can_checkout)
    content = (
      <EmptyState
        title={t('cart.fixWarnings')}
        action={
          <Link to="/cart" className={primaryButtonClass}>
            {t('cart.title')}
          </Link>
        }
      />
    );
  else content = <CheckoutForm cart={cart.data} addresses={addresses.data} />;

  return (
    <>
      <PageMeta title={t('checkout.title')} />
      <h1 className="text-2xl font-bold">{t('checkout.title')}</h1>
      <div className="mt-4">{content}</div>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <legend className="float-left mb-3 w-full text-lg font-semibold">{title}</legend>
      <div className="clear-both">{children}</div>
    </fieldset>
  );
}

function Choice({
  name,
  checked,
  disabled = false,
  onChange,
  children,
}: {
  name: string;
  checked: boolean;
  disabled?: boolean;
  onChange: () => void;
  children: ReactNode;
}) {
  return (
    <label
      className={`flex items-start gap-3 rounded-lg p-3 ring-1 ${checked ? 'bg-brand-700/5 ring-brand-700' : 'ring-slate-200'} ${
        disabled ? 'cursor-not-allowed opacity-60' : 'cursor-pointer'
      }`}
    >
      <input type="radio" name={name} checked={checked} disabled={disabled} onChange={onChange} className="mt-1 size-4 accent-brand-700" />
      <span className="flex-1">{children}</span>
    </label>
  );
}

function CheckoutForm({ cart, addresses }: { cart: CheckoutCart; addresses: SavedAddress[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const defaultAddress = addresses.find((address) => address.is_default) ?? addresses[0];
  // Under the pickup-only policy prescription medicines are never delivered (the server refuses
  // with `prescription_requires_pickup`), so courier delivery is not offered for them.
  const pickupOnly = cart.requires_prescription && cart.prescription_policy === 'pickup_only';
  const [deliveryType, setDeliveryType] = useState<DeliveryType>(pickupOnly ? 'pickup' : 'courier');
  const [addressChoice, setAddressChoice] = useState<number | 'new'>(defaultAddress?.id ?? 'new');
  const [draft, setDraft] = useState<AddressDraft>(emptyAddress);
  const [pin, setPin] = useState<GeoPoint | null>(null);
  const [saveDraft, setSaveDraft] = useState(true);
  const [paymentMethod, setPaymentMethod] = useState<PaymentMethod>('cash');
  const [prescriptionIds, setPrescriptionIds] = useState<number[]>([]);
  const [note, setNote] = useState('');
  const [addressErrors, setAddressErrors] = useState<Record<string, string>>({});
  const [redirecting, setRedirecting] = useState(false);
  const idempotency = useIdempotencyKey();
  const checkout = useCheckout();
  const saveAddress = useSaveAddress();

  // A saved address is quoted by its id (the server knows its pin), a new one by the pin placed on
  // the map; a new address without a pin is priced when the order is placed.
  const quoteRequest =
    deliveryType !== 'courier' ? null : addressChoice !== 'new' ? { address_id: addressChoice } : pin ? { latitude: pin.latitude, longitude: pin.longitude } : null;
  const quote = useDeliveryQuote(quoteRequest, cart.items_total);
  const courierQuote = quoteRequest && quote.data ? quote.data : null;
  const quoting = quoteRequest !== null && quote.isFetching && !quote.data;
  // A saved address without a map pin cannot be priced where delivery zones are drawn.
  const pinMissing = quoteRequest !== null && 'address_id' in quoteRequest && apiErrorCode(quote.error) === 'address_location_required';
  const deliveryFee = deliveryType === 'pickup' ? '0.00' : courierQuote?.is_deliverable ? (courierQuote.fee ?? null) : null;
  const total = deliveryFee === null ? null : fromTiyin(toTiyin(cart.items_total) + toTiyin(deliveryFee));
  const busy = checkout.isPending || saveAddress.isPending || redirecting;

  async function resolveAddress(): Promise<Pick<CheckoutInput, 'address_id' | 'address'> | null> {
    if (deliveryType === 'pickup') return {};
    if (addressChoice !== 'new') return { address_id: addressChoice };
    const missing: Record<string, string> = {};
    for (const field of ['city', 'street', 'house'] as const) if (!draft[field].trim()) missing[field] = t('checkout.required');
    setAddressErrors(missing);
    if (Object.keys(missing).length) return null;
    if (!saveDraft) return { address: { text: addressLine(draft), ...pin } };
    try {
      const saved = await saveAddress.mutateAsync({ ...draft, ...pin, is_default: addresses.length === 0 });
      // From now on the order goes to the saved address, also when it is retried.
      setAddressChoice(saved.id);
      return { address_id: saved.id };
    } catch (error) {
      setAddressErrors(fieldErrors(error));
      return null;
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const address = await resolveAddress();
    if (!address) return;
    const input: CheckoutInput = {
      payment_method: paymentMethod,
      delivery_type: deliveryType,
      ...address,
      note: note.trim(),
      prescription_ids: cart.requires_prescription && !pickupOnly ? [...prescriptionIds].sort((a, b) => a - b) : [],
    };
    checkout.mutate(
      { input, idempotencyKey: idempotency.keyFor(input) },
      {
        onSuccess: async (order) => {
          idempotency.reset();
          const orderPage = `/orders/${order.number}`;
          // Cash, or an order that waits for a prescription before it can be paid: the order page.
          if (paymentMethod === 'cash' || order.status !== 'awaiting_payment') {
            navigate(orderPage, { replace: true });
            return;
          }
          setRedirecting(true);
          try {
            leaveTo(await startPayment(order.id, paymentMethod));
          } catch {
            setRedirecting(false);
            navigate(orderPage, { replace: true });
          }
        },
        onError: (error) => {
          // The error toast says what went wrong; here the form gets ready for the next attempt.
          const code = apiErrorCode(error);
          // The key belongs to another checkout (the cart changed since): the next one is new.
          if (code === 'idempotency_key_reused') idempotency.reset();
          // The saved address is gone (deleted elsewhere): ask for one again.
          if (code === 'address_not_found') setAddressChoice('new');
          // Not enough stock any more: the cart shows which lines and how many are left.
          if (code === 'insufficient_stock') navigate('/cart');
        },
      },
    );
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="grid gap-6 lg:grid-cols-[1fr_22rem]" noValidate>
      <div className="space-y-4">
        <Section title={t('checkout.delivery')}>
          <div className="grid gap-2 sm:grid-cols-2">
            <Choice name="delivery" checked={deliveryType === 'courier'} disabled={pickupOnly} onChange={() => setDeliveryType('courier')}>
              <span className="font-medium">{t('checkout.courier')}</span>
              <span className="block text-sm text-slate-600">{pickupOnly ? t('checkout.pickupOnly') : t('checkout.courierHint')}</span>
            </Choice>
            <Choice name="delivery" checked={deliveryType === 'pickup'} onChange={() => setDeliveryType('pickup')}>
              <span className="font-medium">{t('checkout.pickup')}</span>
              <span className="block text-sm text-slate-600">{t('checkout.pickupHint')}</span>
            </Choice>
          </div>
        </Section>

        {deliveryType === 'courier' && (
          <Section title={t('checkout.address')}>
            <div className="space-y-2">
              {addresses.map((address) => (
                <Choice key={address.id} name="address" checked={addressChoice === address.id} onChange={() => setAddressChoice(address.id)}>
                  {address.label && <span className="block font-medium">{address.label}</span>}
                  <span className="text-sm text-slate-700">{addressLine(address)}</span>
                </Choice>
              ))}
              <Choice name="address" checked={addressChoice === 'new'} onChange={() => setAddressChoice('new')}>
                <span className="font-medium">{t('checkout.newAddress')}</span>
              </Choice>
            </div>
            {addressChoice === 'new' && (
              <div className="mt-4 space-y-3">
                <AddressFields value={draft} onChange={setDraft} errors={addressErrors} withLabel={saveDraft} />
                <PinPicker value={pin} onChange={setPin} />
                {addressErrors.latitude && <p className="text-sm text-red-700">{addressErrors.latitude}</p>}
                <label className="flex items-center gap-2 text-sm">
                  <input type="checkbox" checked={saveDraft} onChange={(event) => setSaveDraft(event.target.checked)} className="size-4 accent-brand-700" />
                  {t('checkout.saveAddress')}
                </label>
              </div>
            )}
          </Section>
        )}

        <Section title={t('checkout.payment')}>
          <div className="grid gap-2 sm:grid-cols-3">
            {(['cash', 'payme', 'click'] as const).map((method) => (
              <Choice key={method} name="payment" checked={paymentMethod === method} onChange={() => setPaymentMethod(method)}>
                <span className="font-medium">{t(`payment.${method}`)}</span>
                <span className="block text-sm text-slate-600">{t(`checkout.paymentHint.${method}`)}</span>
              </Choice>
            ))}
          </div>
        </Section>

        {cart.requires_prescription && !pickupOnly && <PrescriptionSection selected={prescriptionIds} onChange={setPrescriptionIds} />}

        <Section title={t('checkout.note')}>
          <label htmlFor="checkout-note" className="sr-only">
            {t('checkout.note')}
          </label>
          <textarea
            id="checkout-note"
            rows={3}
            maxLength={500}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            placeholder={t('checkout.notePlaceholder')}
            className={inputClass}
          />
        </Section>
      </div>

      <aside aria-labelledby="order-summary" className="h-fit space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 lg:sticky lg:top-4">
        <h2 id="order-summary" className="text-lg font-semibold">
          {t('checkout.summary')}
        </h2>
        <ul className="divide-y divide-slate-100 text-sm">
          {cart.items.map((item) => (
            <li key={item.id} className="flex justify-between gap-3 py-2">
              <span>
                {item.product.name} <span className="text-slate-600">× {item.quantity}</span>
              </span>
              <span className="shrink-0">{formatSom(item.line_total)}</span>
            </li>
          ))}
        </ul>
        <dl className="space-y-1 border-t border-slate-200 pt-3 text-sm">
          <div className="flex justify-between">
            <dt>{t('cart.itemsTotal')}</dt>
            <dd>{formatSom(cart.items_total)}</dd>
          </div>
          <div className="flex justify-between">
            <dt>{t('cart.deliveryFee')}</dt>
            <dd aria-live="polite">
              {deliveryType === 'pickup'
                ? t('cart.free')
                : courierQuote && !courierQuote.is_deliverable
                  ? <span className="text-red-700">{courierQuote.message || t('cart.notDeliverable')}</span>
                  : quoting
                    ? t('common.loading')
                    : deliveryFee !== null
                    ? toTiyin(deliveryFee) === 0n
                      ? t('cart.free')
                      : formatSom(deliveryFee)
                    : t('checkout.feeOnConfirm')}
            </dd>
          </div>
          {pinMissing && (
            <p className="rounded-lg bg-amber-50 p-3 text-xs text-amber-900 ring-1 ring-amber-200">
              {t('checkout.pinMissing')}{' '}
              <Link to="/account/addresses" className="font-medium underline">
                {t('account.addresses')}
              </Link>
            </p>
          )}
          {deliveryType === 'courier' && courierQuote?.is_deliverable && courierQuote.eta_min_minutes !== null && courierQuote.eta_max_minutes !== null && (
            <div className="flex justify-between text-slate-600">
              <dt>{t('checkout.eta')}</dt>
              <dd>{t('cart.etaRange', { min: courierQuote.eta_min_minutes, max: courierQuote.eta_max_minutes })}</dd>
            </div>
          )}
          <div className="flex justify-between pt-2 text-base font-semibold">
            <dt>{t('checkout.total')}</dt>
            <dd>{total !== null ? formatSom(total) : `${formatSom(cart.items_total)}+`}</dd>
          </div>
        </dl>
        {cart.requires_prescription && <p className="rounded-lg bg-red-50 p-3 text-xs text-red-900 ring-1 ring-red-200">{t('rx.checkoutNotice')}</p>}
        <button type="submit" className={`${primaryButtonClass} w-full`} disabled={busy}>
          {busy ? t('checkout.placing') : t('checkout.placeOrder')}
        </button>
        <p className="text-xs text-slate-600">
          {t('checkout.agree')}{' '}
          <Link to="/legal/terms" className="underline">
            {t('legal.terms')}
          </Link>
        </p>
      </aside>
    </form>
  );
}

function PrescriptionSection({ selected, onChange }: { selected: number[]; onChange: (ids: number[]) => void }) {
  const { t } = useTranslation();
  const choices = usePrescriptionChoices(true);
  const upload = useUploadPrescription();
  const [files, setFiles] = useState<File[]>([]);

  return (
    <Section title={t('checkout.prescription')}>
      <p className="mb-3 text-sm text-slate-700">{t('checkout.prescriptionHint')}</p>
      {choices.data && choices.data.length > 0 && (
        <ul className="mb-4 space-y-2">
          {choices.data.map((prescription) => (
            <li key={prescription.id}>
              <label className="flex items-center gap-3 rounded-lg p-3 ring-1 ring-slate-200">
                <input
                  type="checkbox"
                  className="size-4 accent-brand-700"
                  checked={selected.includes(prescription.id)}
                  onChange={(event) =>
                    onChange(event.target.checked ? [...selected, prescription.id] : selected.filter((id) => id !== prescription.id))
                  }
                />
                <span className="text-sm">
                  {t('prescriptions.item', { id: prescription.id, date: formatDate(prescription.created_at) })} ·{' '}
                  {t(`prescriptions.status.${prescription.status}`)}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
      <ImagePicker files={files} onChange={setFiles} />
      {files.length > 0 && (
        <button
          type="button"
          className={`${secondaryButtonClass} mt-3`}
          disabled={upload.isPending}
          onClick={() =>
            upload.mutate(files, {
              onSuccess: (prescription) => {
                setFiles([]);
                onChange([...selected, prescription.id]);
              },
            })
          }
        >
          {upload.isPending ? t('prescriptions.uploading') : t('prescriptions.upload')}
        </button>
      )}
    </Section>
  );
}
