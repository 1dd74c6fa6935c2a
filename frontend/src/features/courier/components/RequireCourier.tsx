import { Outlet } from 'react-router-dom';

import { ForbiddenPage } from '@/components/ForbiddenPage';
import { PageSkeleton } from '@/components/Skeleton';
import { useMyRole } from '@/features/courier/api/courier';

/** The courier's pages: signed-in users of any other role see the 403 page (the API refuses them too). */
export function RequireCourier() {
  const role = useMyRole();
  if (role.isPending) return <PageSkeleton />;
  if (role.data !== 'courier') return <ForbiddenPage />;
  return <Outlet />;
}
