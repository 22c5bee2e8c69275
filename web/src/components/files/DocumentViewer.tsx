import { ExportOutlined } from '@ant-design/icons';
import { Empty, Flex, Typography } from 'antd';
import { useT } from '../../i18n/useT';

/**
 * A document beside the data, for reviewers: a PDF in an <iframe>, an image as <img>, both
 * from `/api/files/:id` (served inline), with a link to open it in a new window.
 */
export function DocumentViewer({
  title,
  url,
  mediaType,
  name,
  height = 520,
}: {
  title: string;
  url: string | null | undefined;
  mediaType?: string;
  name?: string;
  height?: number;
}) {
  const t = useT();
  if (!url) return <Empty description={t('review.noDocument')} />;
  const isImage = mediaType ? mediaType.startsWith('image/') : /\.(png|jpe?g)$/i.test(name ?? '');
  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center">
        <Typography.Text strong>
          {title}
          {name ? <Typography.Text type="secondary">（{name}）</Typography.Text> : null}
        </Typography.Text>
        <Typography.Link href={url} target="_blank" rel="noreferrer">
          <ExportOutlined /> {t('review.openNewTab')}
        </Typography.Link>
      </Flex>
      {isImage ? (
        <img
          src={url}
          alt={title}
          style={{
            maxWidth: '100%',
            maxHeight: height,
            objectFit: 'contain',
            border: '1px solid #f0f0f0',
          }}
        />
      ) : (
        <iframe
          src={url}
          title={title}
          style={{ width: '100%', height, border: '1px solid #f0f0f0' }}
        />
      )}
    </Flex>
  );
}
