import { Flex, Typography, theme } from 'antd';
import type { ReactNode } from 'react';

/** The page's title: its one `h1` (in the size of antd's h4), with the page's actions beside it. */
export function PageHeader({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  const { token } = theme.useToken();
  return (
    <Flex align="center" justify="space-between" wrap gap={12} style={{ marginBottom: 16 }}>
      <Typography.Title
        level={1}
        style={{
          margin: 0,
          fontSize: token.fontSizeHeading4,
          lineHeight: token.lineHeightHeading4,
        }}
      >
        {title}
      </Typography.Title>
      {extra}
    </Flex>
  );
}
