import { useTranslation } from 'react-i18next';

import { Skeleton } from '@/components/Skeleton';
import { useProducts } from '@/features/catalog/api/products';
import { apiErrorMessage } from '@/lib/api';

export function HomePage() {
  const { t } = useTranslation();

  return (
    <>
      <title>{`Dorixona · ${t('home.title')}`}</title>
      <h1 className="text-2xl font-bold sm:text-3xl">{t('home.title')}</h1>
      <p className="mt-1 text-slate-600">{t('home.subtitle')}</p>
      <section aria-labelledby="catalog-heading" className="mt-6">
        <h2 id="catalog-heading" className="sr-only">
          {t('nav.catalog')}
        </h2>
        <CatalogSummary />
      </section>
    </>
  );
}

function CatalogSummary() {
  const { t } = useTranslation();
  const products = useProducts();

  if (products.isPending) {
    return (
      <div role="status" aria-busy="true" className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
        <span className="sr-only">{t('common.loading')}</span>
        {Array.from({ length: 8 }, (_, index) => (
          <div key={index} className="rounded-xl bg-white p-3 shadow-sm">
            <Skeleton className="aspect-square w-full" />
            <Skeleton className="mt-3 h-4 w-3/4" />
            <Skeleton className="mt-2 h-4 w-1/3" />
          </div>
        ))}
      </div>
    );
  }

  if (products.isError) {
    return (
      <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-red-900">
        <p className="font-medium">{t('home.loadFailed')}</p>
        <p className="mt-1 text-sm">{apiErrorMessage(products.error)}</p>
        <button
          type="button"
          onClick={() => void products.refetch()}
          disabled={products.isFetching}
          className="mt-3 rounded-lg bg-white px-3 py-1.5 text-sm font-medium ring-1 ring-red-300 hover:bg-red-100 focus-visible:outline-2 focus-visible:outline-red-700 disabled:opacity-60"
        >
          {t('common.retry')}
        </button>
      </div>
    );
  }

  if (products.data.count === 0) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white p-8 text-center">
        <p className="font-medium">{t('home.emptyTitle')}</p>
        <p className="mt-1 text-sm text-slate-600">{t('home.emptyDescription')}</p>
      </div>
    );
  }

  return <p className="text-slate-700">{t('home.productCount', { count: products.data.count })}</p>;
}
