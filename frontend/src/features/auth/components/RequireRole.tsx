import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router-dom';

import { ForbiddenPage } from '@/components/ForbiddenPage';
import { QueryError } from '@/components/QueryError';
import { PageSkeleton } from '@/components/Skeleton';
import { useMyRole, type User } from '@/features/auth/api/auth';

/** Staff pages: signed-in users of any other role see the 403 page (the API refuses them too). */
export function RequireRole({ roles }: { roles: readonly User['role'][] }) {
  const { t } = useTranslation();
  const role = useMyRole();
  if (role.isPending) return <PageSkeleton />;
  if (role.isError) return <QueryError title={t('errors.unexpected')} error={role.error} onRetry={() => void role.refetch()} />;
  if (!roles.includes(role.data)) return <ForbiddenPage />;
  return <Outlet />;
}

export function RequireAdmin() {
  return <RequireRole roles={['admin']} />;
}

export function RequireOperator() {
  return <RequireRole roles={['operator', 'admin']} />;
}

export function RequireCourier() {
  return <RequireRole roles={['courier']} />;
}
