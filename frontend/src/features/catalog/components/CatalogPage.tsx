import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';

import { inputClass, secondaryButtonClass } from '@/components/buttonStyles';
import { EmptyState } from '@/components/EmptyState';
import { FieldShell } from '@/components/FormField';
import { PageMeta } from '@/components/PageMeta';
import { Pagination } from '@/components/Pagination';
import { QueryError } from '@/components/QueryError';
import {
  catalogPageSize,
  orderings,
  useCategories,
  useManufacturers,
  useProducts,
  type CategoryNode,
  type Ordering,
  type ProductFilters,
} from '@/features/catalog/api/products';
import { ProductGrid, ProductGridSkeleton } from '@/features/catalog/components/ProductCard';
import { SearchBox } from '@/features/catalog/components/SearchBox';
import { dosageForms } from '@/features/catalog/hooks/useFormName';


function readBoolean(value: string | null): boolean | undefined {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** The filters in the address bar, so a search can be shared, bookmarked and gone back to. */
function filtersFrom(params: URLSearchParams): ProductFilters {
  const ordering = params.get('ordering');
  const manufacturer = Number(params.get('manufacturer'));
  const page = Number(params.get('page'));
  return {
    q: params.get('q') ?? undefined,
    category: params.get('category') ?? undefined,
    requires_prescription: readBoolean(params.get('rx')),
    in_stock: params.get('in_stock') === 'true' ? true : undefined,
    dosage_form: params.get('form') ?? undefined,
    manufacturer: manufacturer > 0 ? manufacturer : undefined,
    price_min: params.get('price_min') ?? undefined,
    price_max: params.get('price_max') ?? undefined,
    ordering: orderings.includes(ordering as Ordering) ? (ordering as Ordering) : undefined,
    page: page > 1 ? page : undefined,
  };
}

function flatten(nodes: CategoryNode[], depth = 0): { slug: string; name: string; depth: number }[] {
  return nodes.flatMap((node) => [{ slug: node.slug, name: node.name, depth }, ...flatten(node.children, depth + 1)]);
}

export function CatalogPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const products = useProducts(filters);
  const [filtersOpen, setFiltersOpen] = useState(false);

  function update(changes: Record<string, string | undefined>, { keepPage = false } = {}) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    if (!keepPage) next.delete('page');
    setParams(next);
  }

  const title = filters.q ? t('catalog.resultsFor', { query: filters.q }) : t('catalog.title');
  const pageCount = products.data ? Math.ceil(products.data.count / catalogPageSize) : 0;

  return (
    <>
      <PageMeta title={title} description={t('catalog.metaDescription')} />
      <h1 className="text-2xl font-bold">{title}</h1>
      <div className="mt-4 max-w-2xl">
        <SearchBox key={filters.q ?? ''} initialQuery={filters.q ?? ''} />
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-[16rem_1fr]">
        <div>
          <button
            type="button"
            className={`${secondaryButtonClass} w-full lg:hidden`}
            aria-expanded={filtersOpen}
            aria-controls="catalog-filters"
            onClick={() => setFiltersOpen((open) => !open)}
          >
            {t('catalog.filters')}
          </button>
          <aside id="catalog-filters" aria-label={t('catalog.filters')} className={`${filtersOpen ? 'block' : 'hidden'} mt-3 lg:mt-0 lg:block`}>
            <Filters filters={filters} onChange={update} />
          </aside>
        </div>
        <section aria-labelledby="results-heading">
          <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
            <h2 id="results-heading" aria-live="polite" className="text-sm text-slate-700">
              {products.data ? t('catalog.found', { count: products.data.count }) : t('common.loading')}
            </h2>
            <label className="flex items-center gap-2 text-sm">
              {t('catalog.sortBy')}
              <select
                className={`${inputClass} w-auto py-1.5`}
                value={filters.ordering ?? ''}
                onChange={(event) => update({ ordering: event.target.value || undefined })}
              >
                <option value="">{filters.q ? t('catalog.sort.relevance') : t('catalog.sort.-popularity')}</option>
                {orderings
                  .filter((ordering) => filters.q || ordering !== '-popularity')
                  .map((ordering) => (
                    <option key={ordering} value={ordering}>
                      {t(`catalog.sort.${ordering}`)}
                    </option>
                  ))}
              </select>
            </label>
          </div>
          <Results
            products={products}
            onReset={() => setParams(new URLSearchParams(filters.q ? { q: filters.q } : {}))}
          />
          <Pagination
            page={filters.page ?? 1}
            pageCount={pageCount}
            onChange={(page) => {
              update({ page: page > 1 ? String(page) : undefined }, { keepPage: true });
              window.scrollTo({ top: 0 });
            }}
          />
        </section>
      </div>
    </>
  );
}

function Results({ products, onReset }: { products: ReturnType<typeof useProducts>; onReset: () => void }) {
  const { t } = useTranslation();
  if (products.isPending) return <ProductGridSkeleton count={12} />;
  if (products.isError) {
    return (
      <QueryError title={t('catalog.loadFailed')} error={products.error} onRetry={() => void products.refetch()} retrying={products.isFetching} />
    );
  }
  if (products.data.results.length === 0) {
    return (
      <EmptyState
        title={t('catalog.emptyTitle')}
        description={t('catalog.emptyDescription')}
        action={
          <button type="button" className={secondaryButtonClass} onClick={onReset}>
            {t('catalog.resetFilters')}
          </button>
        }
      />
    );
  }
  return (
    <div className={products.isPlaceholderData ? 'opacity-60 transition-opacity' : undefined}>
      <ProductGrid products={products.data.results} />
    </div>
  );
}

function FilterGroup({ children }: { children: ReactNode }) {
  return <div className="border-b border-slate-200 pb-4 last:border-none">{children}</div>;
}

function Filters({ filters, onChange }: { filters: ProductFilters; onChange: (changes: Record<string, string | undefined>) => void }) {
  const { t } = useTranslation();
  const categories = useCategories();
  const manufacturers = useManufacturers();
  const rx = filters.requires_prescription === undefined ? '' : String(filters.requires_prescription);

  return (
    <div className="space-y-4 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <FilterGroup>
        <FieldShell label={t('catalog.category')}>
          {({ id }) => (
            <select id={id} className={inputClass} value={filters.category ?? ''} onChange={(event) => onChange({ category: event.target.value })}>
              <option value="">{t('catalog.allCategories')}</option>
              {flatten(categories.data ?? []).map((category) => (
                <option key={category.slug} value={category.slug}>
                  {`${'— '.repeat(category.depth)}${category.name}`}
                </option>
              ))}
            </select>
          )}
        </FieldShell>
      </FilterGroup>
      <FilterGroup>
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-slate-800">{t('catalog.prescription')}</legend>
          {[
            ['', t('catalog.rxAny')],
            ['false', t('catalog.rxWithout')],
            ['true', t('catalog.rxOnly')],
          ].map(([value, label]) => (
            <label key={value} className="flex items-center gap-2 py-1 text-sm">
              <input type="radio" name="rx" value={value} checked={rx === value} onChange={() => onChange({ rx: value })} className="size-4 accent-brand-700" />
              {label}
            </label>
          ))}
        </fieldset>
      </FilterGroup>
      <FilterGroup>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={filters.in_stock === true}
            onChange={(event) => onChange({ in_stock: event.target.checked ? 'true' : undefined })}
            className="size-4 accent-brand-700"
          />
          {t('catalog.inStockOnly')}
        </label>
      </FilterGroup>
      <FilterGroup>
        <PriceRange key={`${filters.price_min ?? ''}-${filters.price_max ?? ''}`} filters={filters} onChange={onChange} />
      </FilterGroup>
      <FilterGroup>
        <FieldShell label={t('catalog.form')}>
          {({ id }) => (
            <select id={id} className={inputClass} value={filters.dosage_form ?? ''} onChange={(event) => onChange({ form: event.target.value })}>
              <option value="">{t('catalog.anyForm')}</option>
              {dosageForms.map((form) => (
                <option key={form} value={form}>
                  {t(`dosageForms.${form}`)}
                </option>
              ))}
            </select>
          )}
        </FieldShell>
      </FilterGroup>
      <FilterGroup>
        <FieldShell label={t('catalog.manufacturer')}>
          {({ id }) => (
            <select
              id={id}
              className={inputClass}
              value={filters.manufacturer ?? ''}
              onChange={(event) => onChange({ manufacturer: event.target.value })}
            >
              <option value="">{t('catalog.anyManufacturer')}</option>
              {(manufacturers.data ?? []).map((manufacturer) => (
                <option key={manufacturer.id} value={manufacturer.id}>
                  {manufacturer.name}
                </option>
              ))}
            </select>
          )}
        </FieldShell>
      </FilterGroup>
    </div>
  );
}

function PriceRange({ filters, onChange }: { filters: ProductFilters; onChange: (changes: Record<string, string | undefined>) => void }) {
  const { t } = useTranslation();
  const [min, setMin] = useState(filters.price_min ?? '');
  const [max, setMax] = useState(filters.price_max ?? '');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onChange({ price_min: min, price_max: max });
      }}
    >
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-slate-800">{t('catalog.price')}</legend>
        <div className="flex items-center gap-2">
          <input
            aria-label={t('catalog.priceMin')}
            inputMode="numeric"
            pattern="[0-9]*"
            placeholder={t('catalog.from')}
            value={min}
            onChange={(event) => setMin(event.target.value.replace(/\D/g, ''))}
            className={inputClass}
          />
          <span aria-hidden="true">–</span>
          <input
            aria-label={t('catalog.priceMax')}
            inputMode="numeric"
            pattern="[0-9]*"
            placeholder={t('catalog.to')}
            value={max}
            onChange={(event) => setMax(event.target.value.replace(/\D/g, ''))}
            className={inputClass}
          />
        </div>
        <button type="submit" className={`${secondaryButtonClass} mt-2 w-full py-1.5 text-sm`}>
          {t('catalog.applyPrice')}
        </button>
      </fieldset>
    </form>
  );
}
