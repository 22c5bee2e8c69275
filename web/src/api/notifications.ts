import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Paged, QueryOf, ResponseBody } from './contract';
import type { NotificationPage } from './types';

export const notificationsKey = ['notifications'] as const;

const MINUTE = 60_000;

/** The unread count for the header bell, refreshed every minute. */
export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: [...notificationsKey, 'unread-count'],
    queryFn: ({ signal }) =>
      api<NotificationPage>('/api/notifications', {
        query: { unread: true, pageSize: 1 },
        signal,
      }),
    select: (page) => page.unread,
    refetchInterval: MINUTE,
    enabled,
  });
}

export function useNotifications(filters: Paged<QueryOf<'/api/notifications'>>, enabled = true) {
  return useQuery({
    queryKey: [...notificationsKey, 'list', filters],
    queryFn: ({ signal }) =>
      api<NotificationPage>('/api/notifications', {
        query: { ...filters, unread: filters.unread === 'true' ? 'true' : undefined },
        signal,
      }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function markNotificationRead(id: string) {
  return api<void>(`/api/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' });
}

export function markAllNotificationsRead() {
  return api<ResponseBody<'/api/notifications/read-all', 'post'>>('/api/notifications/read-all', {
    method: 'POST',
  });
}
