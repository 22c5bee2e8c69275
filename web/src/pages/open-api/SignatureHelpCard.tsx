import { LinkOutlined } from '@ant-design/icons';
import { Card, Descriptions, Flex, Typography } from 'antd';
import { useT } from '../../i18n/useT';

const CANONICAL = [
  'METHOD',
  'PATH_WITH_QUERY',
  'X-Timestamp',
  'Idempotency-Key',
  'hex(SHA256(body))',
].join('\n');

const preStyle = {
  background: '#f6f8fa',
  padding: 12,
  borderRadius: 6,
  margin: '8px 0 0',
  whiteSpace: 'pre-wrap',
} as const;

/** How the billing system signs its calls (open-api.md), with links to the documentation. */
export function SignatureHelpCard() {
  const t = useT();
  return (
    <Card title={t('openApi.helpTitle')} data-testid="api-signature-help">
      <Typography.Paragraph>{t('openApi.helpIntro')}</Typography.Paragraph>
      <Descriptions
        column={1}
        bordered
        size="small"
        styles={{ label: { width: 160 } }}
        items={[
          { key: 'key', label: <code>X-Key-Id</code>, children: t('openApi.helpKeyId') },
          { key: 'ts', label: <code>X-Timestamp</code>, children: t('openApi.helpTimestamp') },
          {
            key: 'sig',
            label: <code>X-Signature</code>,
            children: (
              <>
                {t('openApi.helpSignature')}
                <pre className="mono" style={preStyle}>
                  {CANONICAL}
                </pre>
              </>
            ),
          },
          {
            key: 'idem',
            label: <code>Idempotency-Key</code>,
            children: t('openApi.helpIdempotency'),
          },
        ]}
      />
      <Flex gap={24} wrap style={{ marginTop: 16 }}>
        <Typography.Link href="/api/open/v1/docs" target="_blank" rel="noopener">
          <LinkOutlined /> {t('openApi.docs')}
        </Typography.Link>
        <Typography.Link href="/api/open/v1/openapi.json" target="_blank" rel="noopener">
          <LinkOutlined /> {t('openApi.openapi')}
        </Typography.Link>
      </Flex>
    </Card>
  );
}
