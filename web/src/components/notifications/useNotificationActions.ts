import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useNavigate } from 'react-router';
import { describeError } from '../../api/errors';
import {
  markAllNotificationsRead,
  markNotificationRead,
  notificationsKey,
} from '../../api/notifications';
import type { AppNotification } from '../../api/types';
import { useT } from '../../i18n/useT';

/** Opening a notification marks it read and follows its link (a path inside the app). */
export function useNotificationActions() {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: notificationsKey });

  async function open(notification: AppNotification, follow = true) {
    if (!notification.readAt) {
      try {
        await markNotificationRead(notification.id);
      } catch (error) {
        message.error(describeError(t, error));
      }
      void refresh();
    }
    const link = notification.link;
    if (follow && link?.startsWith('/') && !link.startsWith('//')) void navigate(link);
  }

  async function readAll() {
    try {
      await markAllNotificationsRead();
      message.success(t('notifications.allReadDone'));
    } catch (error) {
      message.error(describeError(t, error));
    }
    void refresh();
  }

  return { open, readAll };
}
