import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
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

export function useNotifications(
  filters: { page: number; pageSize: number; unread?: boolean },
  enabled = true,
) {
  return useQuery({
    queryKey: [...notificationsKey, 'list', filters],
    queryFn: ({ signal }) =>
      api<NotificationPage>('/api/notifications', {
        query: { ...filters, unread: filters.unread ? true : undefined },
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
  return api<{ marked: number }>('/api/notifications/read-all', { method: 'POST' });
}
