import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { inputClass, linkClass, primaryButtonClass, secondaryButtonClass } from '@/components/buttonStyles';
import { EmptyState } from '@/components/EmptyState';
import { PageMeta } from '@/components/PageMeta';
import { QuantityPicker } from '@/components/QuantityPicker';
import { QueryError } from '@/components/QueryError';
import { Skeleton } from '@/components/Skeleton';
import { useCart, useClearCart, useRemoveCartItem, useUpdateCartItem, type Cart, type CartItem } from '@/features/cart/api/cart';
import { useDeliveryQuote, useSavedAddresses } from '@/features/cart/api/deliveryQuote';
import { formatSom } from '@/lib/money';

export function CartPage() {
  const { t } = useTranslation();
  const cart = useCart();

  return (
    <>
      <PageMeta title={t('cart.title')} />
      <h1 className="text-2xl font-bold">{t('cart.title')}</h1>
      <div className="mt-4">
        {cart.isPending ? (
          <CartSkeleton />
        ) : cart.isError ? (
          <QueryError title={t('cart.loadFailed')} error={cart.error} onRetry={() => void cart.refetch()} retrying={cart.isFetching} />
        ) : cart.data.items.length === 0 ? (
          <EmptyState
            title={t('cart.emptyTitle')}
            description={t('cart.emptyDescription')}
            action={
              <Link to="/catalog" className={primaryButtonClass}>
                {t('cart.toCatalog')}
              </Link>
            }
          />
        ) : (
          <CartContents cart={cart.data} />
        )}
      </div>
    </>
  );
}

function CartSkeleton() {
  const { t } = useTranslation();
  return (
    <div role="status" aria-busy="true" className="space-y-3">
      <span className="sr-only">{t('common.loading')}</span>
      {[0, 1, 2].map((index) => (
        <Skeleton key={index} className="h-24 w-full" />
      ))}
    </div>
  );
}

function CartContents({ cart }: { cart: Cart }) {
  const { t } = useTranslation();
  const clear = useClearCart();
  // The server says whether the cart can be ordered as it stands (no line with a stock warning).
  const blocked = !cart.can_checkout;

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <section aria-label={t('cart.items')}>
        <ul className="space-y-3">
          {cart.items.map((item) => (
            <CartLine key={item.id} item={item} maxPerProduct={cart.max_quantity_per_product} />
          ))}
        </ul>
        <button type="button" className={`${secondaryButtonClass} mt-4 text-sm`} disabled={clear.isPending} onClick={() => clear.mutate()}>
          {t('cart.clear')}
        </button>
      </section>
      <aside aria-labelledby="summary-heading" className="h-fit space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="summary-heading" className="text-lg font-semibold">
          {t('cart.summary')}
        </h2>
        {cart.requires_prescription && (
          <p className="rounded-lg bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-200">
            {cart.prescription_policy === 'pickup_only' ? t('rx.pickupOnlyNotice') : t('rx.cartNotice')}
          </p>
        )}
        <dl className="flex justify-between text-lg font-semibold">
          <dt>{t('cart.itemsTotal')}</dt>
          <dd data-testid="cart-total">{formatSom(cart.items_total)}</dd>
        </dl>
        <DeliveryEstimate itemsTotal={cart.items_total} />
        {blocked && (
          <p role="alert" className="text-sm text-amber-900">
            {t('cart.fixWarnings')}
          </p>
        )}
        {blocked ? (
          <span aria-disabled="true" className={`${primaryButtonClass} block cursor-not-allowed text-center opacity-60`}>
            {t('cart.checkout')}
          </span>
        ) : (
          <Link to="/checkout" className={`${primaryButtonClass} block text-center`}>
            {t('cart.checkout')}
          </Link>
        )}
      </aside>
    </div>
  );
}

function CartLine({ item, maxPerProduct }: { item: CartItem; maxPerProduct: number }) {
  const { t } = useTranslation();
  const update = useUpdateCartItem();
  const remove = useRemoveCartItem();
  const max = Math.max(Math.min(item.available_quantity, maxPerProduct), item.quantity, 1);
  return (
    <li className="flex gap-3 rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200">
      <div className="min-w-0 flex-1">
        <div className="flex items-start justify-between gap-2">
          <Link to={`/products/${item.product.slug}`} className="font-medium hover:underline">
            {item.product.name}
          </Link>
          {item.requires_prescription && (
            <span className="shrink-0 rounded-full bg-red-50 px-2 py-0.5 text-xs font-semibold text-red-800 ring-1 ring-red-200">{t('rx.badge')}</span>
          )}
        </div>
        <p className="text-sm text-slate-600">{t('cart.unitPrice', { price: formatSom(item.unit_price) })}</p>
        {item.stock_warning && (
          <p role="alert" className="mt-1 text-sm font-medium text-amber-800">
            {item.stock_warning === 'insufficient_stock'
              ? t('cart.warning.insufficient_stock', { count: item.available_quantity })
              : t(`cart.warning.${item.stock_warning}`)}
          </p>
        )}
        <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
          <QuantityPicker
            value={item.quantity}
            max={max}
            label={t('cart.quantityOf', { name: item.product.name })}
            onChange={(quantity) => update.mutate({ itemId: item.id, quantity })}
          />
          <span className="font-semibold">{formatSom(item.line_total)}</span>
        </div>
        <button
          type="button"
          className={`${linkClass} mt-2 text-sm`}
          aria-label={t('cart.removeItem', { name: item.product.name })}
          onClick={() => remove.mutate(item.id)}
        >
          {t('cart.remove')}
        </button>
      </div>
    </li>
  );
}

function DeliveryEstimate({ itemsTotal }: { itemsTotal: string }) {
  const { t } = useTranslation();
  const addresses = useSavedAddresses(true);
  const saved = addresses.data ?? [];
  const defaultId = saved.find((address) => address.is_default)?.id ?? saved[0]?.id ?? null;
  const [chosen, setChosen] = useState<number | null>(null);
  const addressId = chosen ?? defaultId;
  const quote = useDeliveryQuote(addressId, itemsTotal);

  if (saved.length === 0) return <p className="text-sm text-slate-600">{t('cart.deliveryAtCheckout')}</p>;
  return (
    <div className="space-y-2 text-sm">
      <label className="block">
        <span className="mb-1 block font-medium">{t('cart.deliverTo')}</span>
        <select className={inputClass} value={addressId ?? ''} onChange={(event) => setChosen(Number(event.target.value))}>
          {saved.map((address) => (
            <option key={address.id} value={address.id}>
              {address.label || `${address.street} ${address.house}`}
            </option>
          ))}
        </select>
      </label>
      <p aria-live="polite">
        {quote.isPending
          ? t('cart.quoting')
          : quote.isError
            ? t('cart.deliveryAtCheckout')
            : quote.data.is_deliverable
              ? `${t('cart.deliveryFee')}: ${quote.data.fee && Number(quote.data.fee) > 0 ? formatSom(quote.data.fee) : t('cart.free')}${
                  quote.data.eta_min_minutes !== null && quote.data.eta_max_minutes !== null
                    ? ` · ${t('cart.etaRange', { min: quote.data.eta_min_minutes, max: quote.data.eta_max_minutes })}`
                    : ''
                }`
              : quote.data.message || t('cart.notDeliverable')}
      </p>
    </div>
  );
}
