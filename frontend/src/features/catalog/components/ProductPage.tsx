import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';

import { primaryButtonClass } from '@/components/buttonStyles';
import { PageMeta } from '@/components/PageMeta';
import { QuantityPicker } from '@/components/QuantityPicker';
import { QueryError } from '@/components/QueryError';
import { Skeleton } from '@/components/Skeleton';
import { NotFoundPage } from '@/components/NotFoundPage';
import { useAddToCart } from '@/features/catalog/api/cart';
import { useAlternatives, useProduct, type ProductDetail, type ProductSummary } from '@/features/catalog/api/products';
import { RxBadge, StockBadge } from '@/features/catalog/components/Badges';
import { useFormName } from '@/features/catalog/hooks/useFormName';
import { apiErrorCode } from '@/lib/fieldErrors';
import { useIsSignedIn } from '@/lib/auth';
import { formatSom, fromTiyin, toTiyin } from '@/lib/money';

export function ProductPage() {
  const { t } = useTranslation();
  const { key = '' } = useParams();
  const product = useProduct(key);

  if (product.isPending) return <ProductSkeleton />;
  if (product.isError) {
    if (apiErrorCode(product.error) === 'not_found') return <NotFoundPage />;
    return <QueryError title={t('product.loadFailed')} error={product.error} onRetry={() => void product.refetch()} retrying={product.isFetching} />;
  }
  return <ProductView product={product.data} />;
}

function ProductSkeleton() {
  const { t } = useTranslation();
  return (
    <div role="status" aria-busy="true" className="grid gap-6 md:grid-cols-2">
      <span className="sr-only">{t('common.loading')}</span>
      <Skeleton className="aspect-square w-full" />
      <div>
        <Skeleton className="h-8 w-3/4" />
        <Skeleton className="mt-3 h-4 w-1/2" />
        <Skeleton className="mt-6 h-10 w-1/3" />
        <Skeleton className="mt-6 h-24 w-full" />
      </div>
    </div>
  );
}

function ProductView({ product }: { product: ProductDetail }) {
  const { t } = useTranslation();
  const formName = useFormName();
  const [imageIndex, setImageIndex] = useState(0);
  const image = product.images[imageIndex];
  const facts: [string, string][] = [
    [t('product.form'), formName(product)],
    [t('product.strength'), product.strength],
    [t('product.pack'), t('product.packOf', { count: product.pack_size })],
    [t('product.manufacturer'), product.manufacturer ? `${product.manufacturer.name}, ${product.manufacturer.country}` : ''],
    [t('product.storage'), product.storage_conditions],
    [t('product.barcode'), product.barcode ?? ''],
  ];
  const description = product.description.slice(0, 160) || t('product.metaDescription', { name: product.name });

  return (
    <article>
      <PageMeta title={product.name} description={description} image={product.images[0]?.url} />
      <nav aria-label={t('product.breadcrumbs')} className="mb-4 text-sm text-slate-600">
        <Link to="/catalog" className="hover:underline">
          {t('nav.catalog')}
        </Link>
        <span aria-hidden="true"> / </span>
        <Link to={`/catalog?category=${encodeURIComponent(product.category.slug)}`} className="hover:underline">
          {product.category.name}
        </Link>
      </nav>
      <div className="grid gap-6 md:grid-cols-2">
        <div>
          <div className="aspect-square overflow-hidden rounded-xl bg-white ring-1 ring-slate-200">
            {image ? (
              <img src={image.url} alt={product.name} width={image.width} height={image.height} className="size-full object-contain" />
            ) : (
              <span aria-hidden="true" className="grid size-full place-items-center text-7xl text-slate-300">
                ℞
              </span>
            )}
          </div>
          {product.images.length > 1 && (
            <ul className="mt-3 flex gap-2 overflow-x-auto" aria-label={t('product.images')}>
              {product.images.map((thumbnail, index) => (
                <li key={thumbnail.id}>
                  <button
                    type="button"
                    aria-label={t('product.showImage', { number: index + 1 })}
                    aria-pressed={index === imageIndex}
                    onClick={() => setImageIndex(index)}
                    className={`size-16 overflow-hidden rounded-lg ring-2 ${index === imageIndex ? 'ring-brand-700' : 'ring-transparent'}`}
                  >
                    <img src={thumbnail.thumbnail} alt="" loading="lazy" className="size-full object-cover" />
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div>
          <div className="flex flex-wrap items-center gap-2">
            {product.requires_prescription && <RxBadge />}
            <StockBadge status={product.stock_status} />
          </div>
          <h1 className="mt-2 text-2xl font-bold">{product.name}</h1>
          {product.substances.length > 0 && (
            <p className="mt-1 text-slate-700">
              <span className="sr-only">{t('product.substances')}: </span>
              {product.substances.map((item) => [item.name || item.inn, item.amount && `${item.amount} ${item.unit}`].filter(Boolean).join(' ')).join(' + ')}
            </p>
          )}
          <p className="mt-4 text-3xl font-bold">{formatSom(product.price)}</p>
          {product.requires_prescription && (
            <p className="mt-4 rounded-lg bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-200">{t('rx.productNotice')}</p>
          )}
          <BuyBox product={product} />
          <dl className="mt-6 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            {facts
              .filter(([, value]) => value)
              .map(([label, value]) => (
                <div key={label} className="contents">
                  <dt className="text-slate-600">{label}</dt>
                  <dd className="text-slate-900">{value}</dd>
                </div>
              ))}
          </dl>
        </div>
      </div>
      {product.description && (
        <section className="mt-8" aria-labelledby="description-heading">
          <h2 id="description-heading" className="text-lg font-semibold">
            {t('product.description')}
          </h2>
          <p className="mt-2 whitespace-pre-line text-slate-800">{product.description}</p>
        </section>
      )}
      {product.leaflet && (
        <details className="mt-6 rounded-xl bg-white p-4 ring-1 ring-slate-200">
          <summary className="cursor-pointer font-semibold">{t('product.leaflet')}</summary>
          <div className="mt-3 whitespace-pre-line text-sm text-slate-800">{product.leaflet}</div>
        </details>
      )}
      <p className="mt-6 text-xs text-slate-600">
        {t('product.disclaimer')}{' '}
        <Link to="/legal/disclaimer" className="underline">
          {t('legal.disclaimer')}
        </Link>
      </p>
      <Alternatives product={product} />
    </article>
  );
}

function BuyBox({ product }: { product: ProductDetail }) {
  const { t } = useTranslation();
  const [quantity, setQuantity] = useState(1);
  const addToCart = useAddToCart();
  const signedIn = useIsSignedIn();
  const navigate = useNavigate();
  const location = useLocation();
  const soldOut = product.stock_status === 'out_of_stock';

  if (soldOut) return <p className="mt-6 font-medium text-slate-700">{t('product.soldOut')}</p>;
  return (
    <div className="mt-6 flex flex-wrap items-center gap-3">
      <QuantityPicker value={quantity} onChange={setQuantity} label={t('product.quantity')} />
      <button
        type="button"
        className={primaryButtonClass}
        disabled={addToCart.isPending}
        onClick={() => {
          if (!signedIn) {
            navigate(`/login?next=${encodeURIComponent(location.pathname)}`);
            return;
          }
          addToCart.mutate({ productId: product.id, quantity });
        }}
      >
        {addToCart.isPending ? t('product.adding') : t('product.addToCart')}
      </button>
    </div>
  );
}

function Alternatives({ product }: { product: ProductDetail }) {
  const { t } = useTranslation();
  const alternatives = useAlternatives(product.slug);
  if (!alternatives.data || alternatives.data.length === 0) return null;
  const price = toTiyin(product.price);
  return (
    <section className="mt-10" aria-labelledby="alternatives-heading">
      <h2 id="alternatives-heading" className="text-lg font-semibold">
        {t('product.alternatives')}
      </h2>
      <p className="text-sm text-slate-600">{t('product.alternativesHint')}</p>
      <ul className="mt-3 divide-y divide-slate-200 rounded-xl bg-white ring-1 ring-slate-200">
        {alternatives.data.map((alternative) => (
          <AlternativeRow key={alternative.id} alternative={alternative} saving={price - toTiyin(alternative.price)} />
        ))}
      </ul>
    </section>
  );
}

function AlternativeRow({ alternative, saving }: { alternative: ProductSummary; saving: bigint }) {
  const { t } = useTranslation();
  const formName = useFormName();
  return (
    <li className="flex items-center justify-between gap-3 p-3">
      <div className="min-w-0">
        <Link to={`/products/${alternative.slug}`} className="font-medium text-brand-700 hover:underline">
          {alternative.name}
        </Link>
        <p className="truncate text-xs text-slate-600">
          {[alternative.strength, formName(alternative), alternative.manufacturer?.name].filter(Boolean).join(' · ')}
        </p>
      </div>
      <div className="shrink-0 text-right">
        <p className="font-semibold">{formatSom(alternative.price)}</p>
        {saving > 0n && <p className="text-xs font-medium text-emerald-700">{t('product.cheaperBy', { amount: formatSom(fromTiyin(saving)) })}</p>}
        <StockBadge status={alternative.stock_status} />
      </div>
    </li>
  );
}
