import { Alert, Button, Descriptions, Modal, Typography } from 'antd';
import { useT } from '../../i18n/useT';

export interface TemporaryPassword {
  username: string;
  name: string;
  password: string;
}

/** Shows a temporary password once; closing the modal forgets it. */
export function TemporaryPasswordModal({
  value,
  onClose,
}: {
  value: TemporaryPassword | null;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Modal
      open={value !== null}
      title={t('users.tempTitle')}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose}>
          {t('users.tempDone')}
        </Button>
      }
    >
      {value ? (
        <>
          <Alert type="warning" showIcon title={t('users.tempNote')} style={{ marginBottom: 16 }} />
          <Descriptions
            column={1}
            bordered
            size="small"
            items={[
              {
                key: 'user',
                label: t('users.username'),
                children: `${value.username}（${value.name}）`,
              },
              {
                key: 'password',
                label: t('users.tempTitle'),
                children: (
                  <Typography.Text
                    copyable
                    strong
                    className="mono"
                    style={{ fontSize: 16 }}
                    data-testid="temporary-password"
                  >
                    {value.password}
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
