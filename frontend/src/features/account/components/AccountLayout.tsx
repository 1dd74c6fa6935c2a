import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router-dom';

import { PageMeta } from '@/components/PageMeta';

export function AccountLayout() {
  const { t } = useTranslation();
  const tabs = [
    ['/account', t('account.profile')],
    ['/account/addresses', t('account.addresses')],
    ['/account/notifications', t('account.notifications')],
    ['/account/privacy', t('account.privacy')],
  ] as const;
  return (
    <>
      <PageMeta title={t('account.title')} />
      <h1 className="text-2xl font-bold">{t('account.title')}</h1>
      <div className="mt-4 grid gap-6 md:grid-cols-[14rem_1fr]">
        <nav aria-label={t('account.title')}>
          <ul className="flex gap-2 overflow-x-auto md:flex-col">
            {tabs.map(([to, label]) => (
              <li key={to}>
                <NavLink
                  to={to}
                  end
                  className={({ isActive }) =>
                    `block whitespace-nowrap rounded-lg px-3 py-2 text-sm font-medium ${isActive ? 'bg-brand-700 text-white' : 'text-slate-700 hover:bg-slate-100'}`
                  }
                >
                  {label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6">
          <Outlet />
        </div>
      </div>
    </>
  );
}
