import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { useCart } from '@/features/cart/api/cart';

/** The cart in the header, with how many packs are in it. */
export function CartLink() {
  const { t } = useTranslation();
  const cart = useCart();
  const count = cart.data?.items.reduce((sum, item) => sum + item.quantity, 0) ?? 0;
  return (
    <Link
      to="/cart"
      aria-label={t('cart.linkLabel', { count })}
      className="relative grid size-10 place-items-center rounded-lg text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-700"
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2">
        <path d="M3 3h2l2.4 12.2a2 2 0 0 0 2 1.8h7.7a2 2 0 0 0 2-1.6L21 8H6" strokeLinecap="round" strokeLinejoin="round" />
        <circle cx="10" cy="20" r="1.5" />
        <circle cx="17" cy="20" r="1.5" />
      </svg>
      {count > 0 && (
        <span aria-hidden="true" className="absolute -right-1 -top-1 grid min-w-5 place-items-center rounded-full bg-brand-700 px-1 text-xs font-bold text-white">
          {count}
        </span>
      )}
    </Link>
  );
}
