import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useNavigation } from 'react-router-dom';

import { LanguageSwitcher } from '@/components/LanguageSwitcher';
import { useLanguageSync } from '@/features/account/hooks/useLanguageSync';
import { useMyRole } from '@/features/auth/api/auth';
import { AccountMenu } from '@/features/auth/components/AccountMenu';
import { CartLink } from '@/features/cart/components/CartLink';
import { NotificationBell } from '@/features/notifications/components/NotificationBell';
import { useIsSignedIn } from '@/lib/auth';

export function Layout() {
  const { t } = useTranslation();
  const isNavigating = useNavigation().state === 'loading';
  const signedIn = useIsSignedIn();
  // Only customers have a cart; staff signed in to the storefront would be refused it (403).
  const isCustomer = useMyRole().data === 'customer';
  useLanguageSync();

  const navItems = [
    { to: '/catalog', label: t('nav.catalog') },
    ...(signedIn
      ? [
          { to: '/orders', label: t('nav.orders') },
          { to: '/prescriptions', label: t('nav.prescriptions') },
        ]
      : []),
  ];

  return (
    <div className="flex min-h-dvh flex-col bg-slate-50 text-slate-900">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        {t('nav.skipToContent')}
      </a>
      {isNavigating && (
        <div role="progressbar" aria-label={t('common.loading')} className="fixed inset-x-0 top-0 z-50 h-1 animate-pulse bg-brand-700" />
      )}
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <Link to="/" className="flex items-center gap-2 text-xl font-bold text-brand-700">
            <span aria-hidden="true" className="grid size-8 place-items-center rounded-lg bg-brand-700 text-lg text-white">
              +
            </span>
            Dorixona
          </Link>
          <nav aria-label={t('nav.label')} className="order-last w-full sm:order-none sm:w-auto">
            <ul className="flex gap-4">
              {navItems.map((item) => (
                <li key={item.to}>
                  <NavLink
                    to={item.to}
                    className={({ isActive }) =>
                      `block py-1 font-medium ${isActive ? 'text-brand-700' : 'text-slate-600 hover:text-slate-900'}`
                    }
                  >
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="ml-auto flex items-center gap-1 sm:gap-2">
            <LanguageSwitcher />
            {signedIn && <NotificationBell />}
            {isCustomer && <CartLink />}
            <AccountMenu />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 focus:outline-none">
        <Outlet />
      </main>
      <footer className="border-t border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap gap-x-6 gap-y-2 px-4 py-6 text-sm text-slate-600">
          <span>© Dorixona</span>
          <Link to="/legal/privacy" className="hover:underline">
            {t('legal.privacy')}
          </Link>
          <Link to="/legal/terms" className="hover:underline">
            {t('legal.terms')}
          </Link>
          <Link to="/legal/disclaimer" className="hover:underline">
            {t('legal.disclaimer')}
          </Link>
          <span className="basis-full text-xs">{t('footer.notice')}</span>
        </div>
      </footer>
    </div>
  );
}
