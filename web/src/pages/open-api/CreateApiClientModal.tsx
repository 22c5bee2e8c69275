import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { type ClientWithSecret, createApiClient } from '../../api/apiClients';
import { applyFieldErrors, describeError } from '../../api/errors';
import { useT } from '../../i18n/useT';

export function CreateApiClientModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (value: ClientWithSecret) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<{ name: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit({ name }: { name: string }) {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const created = await createApiClient(name.trim());
      form.resetFields();
      onCreated(created);
    } catch (cause) {
      if (!applyFieldErrors(form, cause)) setError(describeError(t, cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('openApi.createTitle')}
      okText={t('common.save')}
      okButtonProps={{ 'data-testid': 'api-client-save' }}
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
          name="name"
          label={t('openApi.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input
            maxLength={100}
            placeholder={t('openApi.namePlaceholder')}
            data-testid="api-client-name"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
