import { Alert, Button, Descriptions, Modal, Typography } from 'antd';
import type { ClientWithSecret } from '../../api/apiClients';
import { useT } from '../../i18n/useT';

/** Shows a new secret once; closing the modal forgets it. */
export function SecretModal({
  value,
  onClose,
}: {
  value: ClientWithSecret | null;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Modal
      open={value !== null}
      title={t('openApi.secretTitle')}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      width={640}
      footer={
        <Button type="primary" onClick={onClose} data-testid="api-client-secret-done">
          {t('openApi.secretDone')}
        </Button>
      }
    >
      {value ? (
        <>
          <Alert
            type="warning"
            showIcon
            title={t('openApi.secretWarning')}
            style={{ marginBottom: 16 }}
          />
          <Descriptions
            column={1}
            bordered
            size="small"
            styles={{ label: { width: 140 } }}
            items={[
              { key: 'name', label: t('openApi.name'), children: value.client.name },
              {
                key: 'keyId',
                label: t('openApi.keyId'),
                children: (
                  <Typography.Text copyable className="mono">
                    {value.client.keyId}
                  </Typography.Text>
                ),
              },
              {
                key: 'secret',
                label: t('openApi.secret'),
                children: (
                  <Typography.Text copyable strong className="mono" data-testid="api-client-secret">
                    {value.secret}
                  </Typography.Text>
                ),
              },
            ]}
          />
        </>
      ) : null}
    </Modal>
  );
}
