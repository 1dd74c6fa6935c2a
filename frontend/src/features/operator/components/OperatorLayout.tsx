import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router-dom';

import { LanguageSwitcher } from '@/components/LanguageSwitcher';

/** The operator's screens: a header with their sections; works from a phone as from a desk. */
export function OperatorLayout() {
  const { t } = useTranslation();
  const tab = ({ isActive }: { isActive: boolean }) =>
    `block rounded-lg px-3 py-2 font-medium ${isActive ? 'bg-brand-700 text-white' : 'text-slate-700 hover:bg-slate-100'}`;
  return (
    <div className="min-h-dvh bg-slate-50 text-slate-900">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        {t('nav.skipToContent')}
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link to="/operator" className="text-lg font-bold text-brand-700">
            {t('operator.title')}
          </Link>
          <nav aria-label={t('operator.navLabel')} className="order-last w-full sm:order-none sm:w-auto">
            <ul className="flex gap-2">
              <li>
                <NavLink to="/operator" end className={tab}>
                  {t('operator.queueTab')}
                </NavLink>
              </li>
              <li>
                <NavLink to="/operator/stock" className={tab}>
                  {t('operator.stockTab')}
                </NavLink>
              </li>
            </ul>
          </nav>
          <LanguageSwitcher />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        <Outlet />
      </main>
    </div>
  );
}
