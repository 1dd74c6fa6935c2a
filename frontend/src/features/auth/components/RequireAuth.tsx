import { Navigate, Outlet, useLocation } from 'react-router-dom';

import { useIsSignedIn } from '@/lib/auth';

/** Pages of a signed-in customer: anyone else is sent to sign in and brought back afterwards. */
export function RequireAuth() {
  const signedIn = useIsSignedIn();
  const location = useLocation();
  if (!signedIn) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}
