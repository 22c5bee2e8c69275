import { Alert, Col, Flex, QRCode, Row, Typography } from 'antd';
import type { TotpEnrolment } from '../../api/types';
import { useT } from '../../i18n/useT';

/** ABCD EFGH IJKL…: easier to type by hand; copying gives the plain secret. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/** The key to put in an authenticator app: QR code, the secret, the otpauth link, backup codes. */
export function TotpSecretView({ enrolment }: { enrolment: TotpEnrolment }) {
  const t = useT();
  const { totpUri, secret, backupCodes } = enrolment;
  return (
    <Flex vertical gap={16}>
      <Row gutter={[24, 16]} align="middle">
        <Col flex="none">
          <Flex vertical align="center" gap={4}>
            <QRCode value={totpUri} type="svg" size={168} errorLevel="M" />
            <Typography.Text type="secondary">{t('totp.scan')}</Typography.Text>
          </Flex>
        </Col>
        <Col flex="auto" style={{ minWidth: 240 }}>
          <Typography.Text type="secondary">{t('totp.secret')}</Typography.Text>
          <Typography.Paragraph
            copyable={{ text: secret }}
            strong
            className="mono"
            style={{ fontSize: 18 }}
            data-testid="totp-secret"
          >
            {grouped(secret)}
          </Typography.Paragraph>
          <Typography.Text type="secondary">{t('totp.uri')}</Typography.Text>
          <Typography.Paragraph copyable className="mono" data-testid="totp-uri">
            {totpUri}
          </Typography.Paragraph>
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('totp.manualNote')}
      </Typography.Paragraph>
      {backupCodes.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          title={t('totp.backupTitle')}
          description={
            <>
              <Typography.Paragraph>{t('totp.backupNote')}</Typography.Paragraph>
              <Typography.Paragraph
                copyable={{ text: backupCodes.join('\n') }}
                className="mono"
                style={{ margin: 0 }}
                data-testid="totp-backup-codes"
              >
                {backupCodes.join('　')}
              </Typography.Paragraph>
            </>
          }
        />
      ) : null}
    </Flex>
  );
}
