import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { EmptyState } from '@/components/EmptyState';
import { PageMeta } from '@/components/PageMeta';
import { QueryError } from '@/components/QueryError';
import { Skeleton } from '@/components/Skeleton';
import { useCategories, useProducts } from '@/features/catalog/api/products';
import { ProductGrid, ProductGridSkeleton } from '@/features/catalog/components/ProductCard';
import { SearchBox } from '@/features/catalog/components/SearchBox';

export function HomePage() {
  const { t } = useTranslation();

  return (
    <>
      <PageMeta title={t('home.title')} description={t('home.metaDescription')} />
      <section className="rounded-2xl bg-gradient-to-br from-brand-700 to-brand-800 px-4 py-8 text-white sm:px-8 sm:py-12">
        <h1 className="text-2xl font-bold sm:text-3xl">{t('home.title')}</h1>
        <p className="mt-1 text-white/90">{t('home.subtitle')}</p>
        <div className="mt-5 max-w-2xl text-slate-900">
          <SearchBox />
        </div>
      </section>
      <Categories />
      <section aria-labelledby="popular-heading" className="mt-8">
        <div className="flex items-baseline justify-between gap-4">
          <h2 id="popular-heading" className="text-xl font-semibold">
            {t('home.popular')}
          </h2>
          <Link to="/catalog" className="text-sm font-medium text-brand-700 hover:underline">
            {t('home.allProducts')}
          </Link>
        </div>
        <div className="mt-4">
          <PopularProducts />
        </div>
      </section>
    </>
  );
}

function Categories() {
  const { t } = useTranslation();
  const categories = useCategories();
  if (categories.isError) return null;
  return (
    <section aria-labelledby="categories-heading" className="mt-8">
      <h2 id="categories-heading" className="text-xl font-semibold">
        {t('home.categories')}
      </h2>
      {categories.isPending ? (
        <div className="mt-4 flex gap-2" aria-hidden="true">
          {Array.from({ length: 5 }, (_, index) => (
            <Skeleton key={index} className="h-10 w-28" />
          ))}
        </div>
      ) : (
        <ul className="mt-4 flex flex-wrap gap-2">
          {categories.data.map((category) => (
            <li key={category.id}>
              <Link
                to={`/catalog?category=${encodeURIComponent(category.slug)}`}
                className="block rounded-full bg-white px-4 py-2 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-slate-200 hover:ring-brand-700"
              >
                {category.name}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PopularProducts() {
  const { t } = useTranslation();
  const products = useProducts({ ordering: '-popularity' }, { pageSize: 8 });

  if (products.isPending) return <ProductGridSkeleton />;
  if (products.isError) {
    return (
      <QueryError
        title={t('home.loadFailed')}
        error={products.error}
        onRetry={() => void products.refetch()}
        retrying={products.isFetching}
      />
    );
  }
  if (products.data.count === 0) {
    return <EmptyState title={t('home.emptyTitle')} description={t('home.emptyDescription')} />;
  }
  return (
    <>
      <p className="mb-3 text-sm text-slate-600">{t('home.productCount', { count: products.data.count })}</p>
      <ProductGrid products={products.data.results} />
    </>
  );
}
