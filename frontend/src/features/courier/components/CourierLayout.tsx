import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router-dom';

import { LanguageSwitcher } from '@/components/LanguageSwitcher';

/** A phone-sized column: couriers work from their phones. */
export function CourierLayout() {
  const { t } = useTranslation();
  const tab = ({ isActive }: { isActive: boolean }) =>
    `block rounded-lg px-3 py-2 text-center font-medium ${isActive ? 'bg-brand-700 text-white' : 'text-slate-700 hover:bg-slate-100'}`;
  return (
    <div className="min-h-dvh bg-slate-50 text-slate-900">
      <div className="mx-auto flex min-h-dvh max-w-md flex-col bg-white shadow-sm">
        <header className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
          <span className="text-lg font-bold text-brand-700">{t('courier.title')}</span>
          <LanguageSwitcher />
        </header>
        <nav aria-label={t('courier.navLabel')} className="border-b border-slate-200 px-4 py-2">
          <ul className="grid grid-cols-2 gap-2">
            <li>
              <NavLink to="/courier" end className={tab}>
                {t('courier.activeTab')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/courier/history" className={tab}>
                {t('courier.historyTab')}
              </NavLink>
            </li>
          </ul>
        </nav>
        <main id="main" className="flex-1 px-4 py-4">
          <Outlet />
        </main>
      </div>
    </div>
  );
}
