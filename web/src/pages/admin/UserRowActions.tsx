import { App, Button, Popconfirm, Space } from 'antd';
import { resetPassword, unlockUser, updateUser } from '../../api/admin';
import { describeError } from '../../api/errors';
import type { AdminUser } from '../../api/types';
import { useT } from '../../i18n/useT';
import { isFuture } from '../../lib/time';
import type { TemporaryPassword } from './TemporaryPasswordModal';

/** Edit, disable/enable, unlock and reset password for one user. */
export function UserRowActions({
  user,
  isSelf,
  onEdit,
  onChanged,
  onTemporaryPassword,
}: {
  user: AdminUser;
  isSelf: boolean;
  onEdit: (user: AdminUser) => void;
  onChanged: () => void;
  onTemporaryPassword: (value: TemporaryPassword) => void;
}) {
  const t = useT();
  const { message } = App.useApp();

  async function run(action: () => Promise<unknown>, done?: string) {
    try {
      await action();
      if (done) message.success(done);
    } catch (error) {
      message.error(describeError(t, error));
    }
    onChanged();
  }

  const toggle = () =>
    run(
      () => updateUser(user.id, { disabled: !user.disabled }),
      user.disabled ? t('users.enabledDone') : t('users.disabledDone'),
    );

  const reset = () =>
    run(async () => {
      const { temporaryPassword } = await resetPassword(user.id);
      onTemporaryPassword({
        username: user.username,
        name: user.name,
        password: temporaryPassword,
      });
    });

  return (
    <Space size={0} wrap>
      <Button type="link" size="small" onClick={() => onEdit(user)}>
        {t('users.edit')}
      </Button>
      {isSelf ? null : (
        <Popconfirm
          title={t(user.disabled ? 'users.enableConfirm' : 'users.disableConfirm', {
            name: user.name,
          })}
          onConfirm={toggle}
        >
          <Button type="link" size="small" danger={!user.disabled}>
            {user.disabled ? t('users.enable') : t('users.disable')}
          </Button>
        </Popconfirm>
      )}
      {isFuture(user.lockedUntil) ? (
        <Button
          type="link"
          size="small"
          onClick={() => run(() => unlockUser(user.id), t('users.unlocked'))}
        >
          {t('users.unlock')}
        </Button>
      ) : null}
      <Popconfirm title={t('users.resetConfirm', { name: user.name })} onConfirm={reset}>
        <Button type="link" size="small" data-testid={`user-reset-${user.username}`}>
          {t('users.resetPassword')}
        </Button>
      </Popconfirm>
    </Space>
  );
}
