import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { secondaryButtonClass } from '@/components/buttonStyles';
import { EmptyState } from '@/components/EmptyState';
import { PageMeta } from '@/components/PageMeta';
import { Pagination } from '@/components/Pagination';
import { QueryError } from '@/components/QueryError';
import { Skeleton } from '@/components/Skeleton';
import { useMarkAllRead, useMarkRead, useNotifications } from '@/features/notifications/api/notifications';
import { formatDateTime } from '@/lib/dates';

export function NotificationsPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const notifications = useNotifications(page, unreadOnly);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();

  return (
    <>
      <PageMeta title={t('notifications.title')} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t('notifications.title')}</h1>
        <div className="flex items-center gap-3">
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={unreadOnly}
              onChange={(event) => {
                setUnreadOnly(event.target.checked);
                setPage(1);
              }}
              className="size-4 accent-brand-700"
            />
            {t('notifications.unreadOnly')}
          </label>
          <button type="button" className={`${secondaryButtonClass} py-1.5 text-sm`} disabled={markAll.isPending} onClick={() => markAll.mutate()}>
            {t('notifications.markAll')}
          </button>
        </div>
      </div>
      <div className="mt-4">
        {notifications.isPending ? (
          <div role="status" aria-busy="true" className="space-y-2">
            <span className="sr-only">{t('common.loading')}</span>
            <Skeleton className="h-16 w-full" />
            <Skeleton className="h-16 w-full" />
          </div>
        ) : notifications.isError ? (
          <QueryError title={t('notifications.loadFailed')} error={notifications.error} onRetry={() => void notifications.refetch()} />
        ) : notifications.data.results.length === 0 ? (
          <EmptyState title={t('notifications.emptyTitle')} description={t('notifications.emptyDescription')} />
        ) : (
          <>
            <ul className="space-y-2">
              {notifications.data.results.map((notification) => (
                <li key={notification.id} className={`rounded-xl p-4 ring-1 ${notification.is_read ? 'bg-white ring-slate-200' : 'bg-brand-700/5 ring-brand-700/30'}`}>
                  <div className="flex items-start justify-between gap-3">
                    <div>
                      <p className="font-medium">
                        {!notification.is_read && <span className="sr-only">{t('notifications.unread')}: </span>}
                        {notification.title}
                      </p>
                      <p className="mt-1 text-sm text-slate-700">{notification.body}</p>
                      <p className="mt-1 text-xs text-slate-500">{formatDateTime(notification.created_at)}</p>
                    </div>
                    {!notification.is_read && (
                      <button type="button" className="shrink-0 text-sm font-medium text-brand-700 hover:underline" onClick={() => markRead.mutate(notification.id)}>
                        {t('notifications.markRead')}
                      </button>
                    )}
                  </div>
                </li>
              ))}
            </ul>
            <Pagination page={page} pageCount={Math.ceil(notifications.data.count / 20)} onChange={setPage} />
          </>
        )}
      </div>
    </>
  );
}
