import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { Skeleton } from '@/components/Skeleton';
import type { ProductSummary } from '@/features/catalog/api/products';
import { RxBadge, StockBadge } from '@/features/catalog/components/Badges';
import { useFormName } from '@/features/catalog/hooks/useFormName';
import { formatSom } from '@/lib/money';

export function ProductCard({ product }: { product: ProductSummary }) {
  const { t } = useTranslation();
  const formName = useFormName();
  const details = [product.strength, formName(product), t('product.packOf', { count: product.pack_size })]
    .filter(Boolean)
    .join(' · ');
  return (
    <article className="flex h-full flex-col rounded-xl bg-white p-3 shadow-sm ring-1 ring-slate-200 transition hover:shadow-md">
      <div className="relative aspect-square overflow-hidden rounded-lg bg-slate-100">
        {product.thumbnail ? (
          <img src={product.thumbnail} alt="" loading="lazy" decoding="async" className="size-full object-contain" />
        ) : (
          <span aria-hidden="true" className="grid size-full place-items-center text-4xl text-slate-300">
            ℞
          </span>
        )}
        {product.requires_prescription && (
          <span className="absolute left-2 top-2">
            <RxBadge />
          </span>
        )}
      </div>
      <h3 className="mt-3 line-clamp-2 font-medium text-slate-900">
        <Link to={`/products/${product.slug}`} className="after:absolute after:inset-0 focus-visible:outline-2 focus-visible:outline-brand-700">
          {product.name}
        </Link>
      </h3>
      <p className="mt-1 line-clamp-1 text-xs text-slate-600">{details}</p>
      {product.manufacturer && <p className="line-clamp-1 text-xs text-slate-500">{product.manufacturer.name}</p>}
      <div className="mt-auto flex flex-wrap items-center justify-between gap-2 pt-3">
        <span className="font-semibold text-slate-900">{formatSom(product.price)}</span>
        <StockBadge status={product.stock_status} />
      </div>
    </article>
  );
}

/** Product cards in a grid; each card is one big link, so the whole card is clickable. */
export function ProductGrid({ products }: { products: ProductSummary[] }) {
  return (
    <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 sm:gap-4 lg:grid-cols-4">
      {products.map((product) => (
        <li key={product.id} className="relative">
          <ProductCard product={product} />
        </li>
      ))}
    </ul>
  );
}

export function ProductGridSkeleton({ count = 8 }: { count?: number }) {
  const { t } = useTranslation();
  return (
    <div role="status" aria-busy="true" className="grid grid-cols-2 gap-3 sm:grid-cols-3 sm:gap-4 lg:grid-cols-4">
      <span className="sr-only">{t('common.loading')}</span>
      {Array.from({ length: count }, (_, index) => (
        <div key={index} className="rounded-xl bg-white p-3 shadow-sm">
          <Skeleton className="aspect-square w-full" />
          <Skeleton className="mt-3 h-4 w-3/4" />
          <Skeleton className="mt-2 h-4 w-1/3" />
        </div>
      ))}
    </div>
  );
}
