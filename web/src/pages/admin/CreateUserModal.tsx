import { Alert, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { createUser, type NewUser, useOrganisations } from '../../api/admin';
import { isApiError } from '../../api/client';
import { applyFieldErrors, describeError } from '../../api/errors';
import type { AdminUser } from '../../api/types';
import { useT } from '../../i18n/useT';
import { orgKindLabel } from '../../lib/labels';
import { roleOptions } from './roleOptions';

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{3,31}$/;
const MOBILE = /^1\d{10}$/;

export function CreateUserModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (user: AdminUser, temporaryPassword: string) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<NewUser>();
  const organisations = useOrganisations();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const organisationId = Form.useWatch('organisationId', form);
  const organisation = organisations.data?.items.find((org) => org.id === organisationId);

  const kinds = [...new Set((organisations.data?.items ?? []).map((org) => org.kind))];
  const organisationOptions = kinds.map((k) => ({
    label: orgKindLabel(t, k),
    title: orgKindLabel(t, k),
    options: (organisations.data?.items ?? [])
      .filter((org) => org.kind === k)
      .map((org) => ({ value: org.id, label: org.name })),
  }));

  async function submit(values: NewUser) {
    setBusy(true);
    setError(null);
    try {
      const body: NewUser = {
        ...values,
        username: values.username.trim(),
        name: values.name.trim(),
        mobile: values.mobile?.trim() || undefined,
        email: values.email?.trim() || undefined,
      };
      const { user, temporaryPassword } = await createUser(body);
      form.resetFields();
      onCreated(user, temporaryPassword);
    } catch (cause) {
      if (isApiError(cause, 'USERNAME_TAKEN')) {
        form.setFields([{ name: 'username', errors: [t('error.USERNAME_TAKEN')] }]);
      } else if (!applyFieldErrors(form, cause)) {
        setError(describeError(t, cause));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('users.createTitle')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      confirmLoading={busy}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item
          name="organisationId"
          label={t('users.organisation')}
          rules={[{ required: true, message: t('users.selectOrganisation') }]}
        >
          <Select
            options={organisationOptions}
            placeholder={t('users.selectOrganisation')}
            loading={organisations.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            onChange={() => form.setFieldValue('role', undefined)}
            data-testid="user-organisation"
          />
        </Form.Item>
        <Form.Item
          name="role"
          label={t('users.role')}
          rules={[{ required: true, message: t('users.selectRole') }]}
        >
          <Select
            options={roleOptions(t, organisation)}
            placeholder={t('users.selectRole')}
            data-testid="user-role"
          />
        </Form.Item>
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={t('users.usernameRule')}
          rules={[
            { required: true, message: t('common.required') },
            { pattern: USERNAME, message: t('users.usernameRule') },
          ]}
        >
          <Input autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('users.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input maxLength={64} data-testid="user-name" />
        </Form.Item>
        <Form.Item
          name="mobile"
          label={t('users.mobile')}
          rules={[{ pattern: MOBILE, message: t('users.mobileRule') }]}
        >
          <Input inputMode="tel" maxLength={11} />
        </Form.Item>
        <Form.Item
          name="email"
          label={t('users.email')}
          rules={[{ type: 'email', message: t('users.emailRule') }]}
        >
          <Input inputMode="email" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
