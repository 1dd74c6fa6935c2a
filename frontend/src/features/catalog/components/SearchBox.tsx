import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

import { inputClass, primaryButtonClass } from '@/components/buttonStyles';
import { useSearchSuggestions } from '@/features/catalog/api/products';
import { RxBadge } from '@/features/catalog/components/Badges';
import { useFormName } from '@/features/catalog/hooks/useFormName';
import { formatSom } from '@/lib/money';
import { useDebouncedValue } from '@/lib/useDebouncedValue';

export const suggestionDelayMs = 250;

/**
 * The search box with instant suggestions (an ARIA combobox): suggestions are asked for once the
 * typing pauses, arrows move through them, Enter opens the chosen product or searches the catalog.
 */
export function SearchBox({ initialQuery = '', autoFocus = false }: { initialQuery?: string; autoFocus?: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const formName = useFormName();
  const listId = useId();
  const [query, setQuery] = useState(initialQuery);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const debounced = useDebouncedValue(query, suggestionDelayMs);
  const suggestions = useSearchSuggestions(debounced);
  const items = open && debounced.trim().length >= 2 ? (suggestions.data ?? []) : [];
  const showList = items.length > 0;

  function search(event: FormEvent) {
    event.preventDefault();
    const chosen = active >= 0 ? items[active] : undefined;
    setOpen(false);
    if (chosen) {
      navigate(`/products/${chosen.slug}`);
    } else if (query.trim()) {
      navigate(`/catalog?q=${encodeURIComponent(query.trim())}`);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' && items.length) {
      event.preventDefault();
      setOpen(true);
      setActive((index) => (index + 1) % items.length);
    } else if (event.key === 'ArrowUp' && items.length) {
      event.preventDefault();
      setActive((index) => (index <= 0 ? items.length - 1 : index - 1));
    } else if (event.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    }
  }

  return (
    <form role="search" onSubmit={search} className="relative">
      <label htmlFor={`${listId}-input`} className="sr-only">
        {t('search.label')}
      </label>
      <div className="flex gap-2">
        <input
          id={`${listId}-input`}
          type="search"
          role="combobox"
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
          autoComplete="off"
          autoFocus={autoFocus}
          placeholder={t('search.placeholder')}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => window.setTimeout(() => setOpen(false), 150)}
          onFocus={() => setOpen(true)}
          className={inputClass}
        />
        <button type="submit" className={primaryButtonClass}>
          {t('search.submit')}
        </button>
      </div>
      <ul
        id={listId}
        role="listbox"
        aria-label={t('search.suggestions')}
        hidden={!showList}
        className="absolute inset-x-0 top-full z-30 mt-1 overflow-hidden rounded-xl bg-white shadow-lg ring-1 ring-slate-200"
      >
        {items.map((product, index) => (
          <li
            key={product.id}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            onMouseDown={(event) => {
              event.preventDefault();
              setOpen(false);
              navigate(`/products/${product.slug}`);
            }}
            className={`flex cursor-pointer items-center justify-between gap-3 px-3 py-2 ${index === active ? 'bg-brand-700/10' : 'hover:bg-slate-50'}`}
          >
            <span className="min-w-0">
              <span className="block truncate font-medium">{product.name}</span>
              <span className="block truncate text-xs text-slate-600">
                {[product.strength, formName(product)].filter(Boolean).join(' · ')}
              </span>
            </span>
            <span className="flex shrink-0 items-center gap-2 text-sm">
              {product.requires_prescription && <RxBadge />}
              {formatSom(product.price)}
            </span>
          </li>
        ))}
      </ul>
    </form>
  );
}
