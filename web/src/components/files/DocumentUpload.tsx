import { FileOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Flex, Typography, Upload } from 'antd';
import { useState } from 'react';
import type { StoredFile } from '../../api/enterprise';
import { describeError } from '../../api/errors';
import { useT } from '../../i18n/useT';
import { formatBytes } from './formatBytes';

export const DOCUMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
export const DOCUMENT_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * One document (PDF, JPEG or PNG, ≤ 10 MB), uploaded to the server as soon as it is chosen; a
 * form control whose value is the stored file. `testId` lands on the real <input type=file>
 * (antd's Upload passes data-* attributes to it).
 */
export function DocumentUpload({
  value,
  onChange,
  upload,
  testId,
  disabled,
}: {
  value?: StoredFile;
  onChange?: (file: StoredFile | undefined) => void;
  upload: (file: File) => Promise<StoredFile>;
  testId: string;
  disabled?: boolean;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  async function take(file: File) {
    if (file.type && !DOCUMENT_TYPES.includes(file.type)) {
      message.error(t('cert.fileType'));
      return;
    }
    if (file.size > DOCUMENT_MAX_BYTES) {
      message.error(t('cert.fileTooLarge'));
      return;
    }
    setBusy(true);
    try {
      onChange?.(await upload(file));
    } catch (cause) {
      message.error(describeError(t, cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Flex vertical gap={4}>
      <Flex gap={12} align="center" wrap>
        <Upload
          accept={DOCUMENT_ACCEPT}
          showUploadList={false}
          disabled={disabled || busy}
          beforeUpload={(file) => {
            void take(file);
            return false;
          }}
          data-testid={testId}
        >
          <Button icon={<UploadOutlined />} loading={busy} disabled={disabled}>
            {busy ? t('cert.uploading') : value ? t('cert.replace') : t('cert.choose')}
          </Button>
        </Upload>
        {value ? (
          <Typography.Link href={value.url} target="_blank" rel="noreferrer">
            <FileOutlined /> {value.originalName}（{formatBytes(value.size)}）
          </Typography.Link>
        ) : null}
      </Flex>
      <Typography.Text type="secondary">{t('cert.uploadHint')}</Typography.Text>
    </Flex>
  );
}
