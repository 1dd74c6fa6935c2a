import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';

import { useLogout, useMe } from '@/features/auth/api/auth';
import { useIsSignedIn } from '@/lib/auth';

export function AccountMenu() {
  const { t } = useTranslation();
  const signedIn = useIsSignedIn();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const menu = useRef<HTMLDetailsElement>(null);

  // The menu closes when a page is chosen from it (or any other navigation happens).
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location.key]);

  if (!signedIn) {
    return (
      <Link to="/login" className="rounded-lg px-3 py-2 text-sm font-medium text-brand-700 hover:bg-slate-100">
        {t('auth.signIn')}
      </Link>
    );
  }
  return (
    <details ref={menu} className="relative">
      <summary className="cursor-pointer list-none rounded-lg px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-700">
        {me.data?.first_name || t('account.title')}
      </summary>
      <ul className="absolute right-0 z-40 mt-1 w-52 rounded-xl bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200">
        {(
          [
            ['/orders', t('nav.orders')],
            ['/prescriptions', t('nav.prescriptions')],
            ['/notifications', t('notifications.title')],
            ['/account', t('account.title')],
          ] as const
        ).map(([to, label]) => (
          <li key={to}>
            <Link to={to} className="block px-4 py-2 hover:bg-slate-50">
              {label}
            </Link>
          </li>
        ))}
        {me.data?.role === 'admin' && (
          <li>
            <Link to="/dashboard" className="block px-4 py-2 hover:bg-slate-50">
              {t('dashboard.navLink')}
            </Link>
          </li>
        )}
        <li>
          <button
            type="button"
            className="block w-full px-4 py-2 text-left text-red-700 hover:bg-slate-50"
            onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/') })}
          >
            {t('auth.signOut')}
          </button>
        </li>
      </ul>
    </details>
  );
}
