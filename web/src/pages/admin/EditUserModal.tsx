import { Alert, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { type UserChanges, updateUser } from '../../api/admin';
import { applyFieldErrors, describeError } from '../../api/errors';
import type { AdminUser, Role } from '../../api/types';
import { useT } from '../../i18n/useT';
import { roleOptions } from './roleOptions';

/** Edit a user's name and role (the organisation stays). */
export function EditUserModal({
  user,
  onClose,
  onSaved,
}: {
  user: AdminUser | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ name: string; role: Role }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (user) form.setFieldsValue({ name: user.name, role: user.role });
    setError(null);
  }, [user, form]);

  async function submit(values: { name: string; role: Role }) {
    if (!user) return;
    const changes: UserChanges = {};
    if (values.name.trim() !== user.name) changes.name = values.name.trim();
    if (values.role !== user.role) changes.role = values.role;
    if (Object.keys(changes).length === 0) {
      onClose();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await updateUser(user.id, changes);
      onSaved();
    } catch (cause) {
      if (!applyFieldErrors(form, cause)) setError(describeError(t, cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={user !== null}
      title={user ? `${t('users.editTitle')} · ${user.username}` : t('users.editTitle')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={busy}
      forceRender
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item label={t('users.organisation')}>
          <Input value={user?.organisation.name} disabled />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('users.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item
          name="role"
          label={t('users.role')}
          rules={[{ required: true, message: t('users.selectRole') }]}
        >
          <Select options={roleOptions(t, user?.organisation)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
