import { App, Button, Popconfirm, Space } from 'antd';
import { type ClientWithSecret, rotateApiClient, setApiClientEnabled } from '../../api/apiClients';
import { describeError } from '../../api/errors';
import type { ApiClient } from '../../api/types';
import { useT } from '../../i18n/useT';

/** Rotate the secret (the old one stops working at once), disable or enable a client. */
export function ApiClientActions({
  client,
  onSecret,
  onChanged,
}: {
  client: ApiClient;
  onSecret: (value: ClientWithSecret) => void;
  onChanged: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const active = client.status === 'active';

  async function run(action: () => Promise<void>) {
    try {
      await action();
    } catch (error) {
      message.error(describeError(t, error));
    }
    onChanged();
  }

  const rotate = () => run(async () => onSecret(await rotateApiClient(client.id)));
  const toggle = () =>
    run(async () => {
      await setApiClientEnabled(client.id, !active);
      message.success(active ? t('openApi.disabledDone') : t('openApi.enabledDone'));
    });

  return (
    <Space size={0} wrap>
      <Popconfirm
        title={t('openApi.rotateConfirm', { name: client.name })}
        onConfirm={rotate}
        styles={{ root: { maxWidth: 360 } }}
      >
        <Button type="link" size="small" data-testid={`api-client-rotate-${client.id}`}>
          {t('openApi.rotate')}
        </Button>
      </Popconfirm>
      <Popconfirm
        title={t(active ? 'openApi.disableConfirm' : 'openApi.enableConfirm', {
          name: client.name,
        })}
        onConfirm={toggle}
        styles={{ root: { maxWidth: 360 } }}
      >
        <Button
          type="link"
          size="small"
          danger={active}
          data-testid={`api-client-toggle-${client.id}`}
        >
          {active ? t('openApi.disable') : t('openApi.enable')}
        </Button>
      </Popconfirm>
    </Space>
  );
}
