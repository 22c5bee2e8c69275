import { Card, Flex, Typography, theme } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { useT } from '../i18n/useT';
import { LanguageSwitch } from './LanguageSwitch';

/** The centred frame of the sign-in and enrolment pages, with the platform's name. */
export function AuthFrame({
  title,
  children,
  aside,
}: {
  title: string;
  children: ReactNode;
  aside?: ReactNode;
}) {
  const t = useT();
  const { token } = theme.useToken();

  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  return (
    <Flex vertical align="center" gap={24} style={{ flex: 1, padding: '48px 16px' }}>
      <Flex vertical align="center" gap={4}>
        <Typography.Title
          level={1}
          style={{
            margin: 0,
            color: token.colorPrimary,
            fontSize: token.fontSizeHeading2,
            lineHeight: token.lineHeightHeading2,
          }}
        >
          {t('app.name')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('app.fullName')}</Typography.Text>
      </Flex>
      <Flex gap={24} wrap justify="center" align="flex-start" style={{ width: '100%' }}>
        <Card title={title} extra={<LanguageSwitch />} style={{ width: '100%', maxWidth: 520 }}>
          {children}
        </Card>
        {aside}
      </Flex>
    </Flex>
  );
}
