import { Alert, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import { publishPolicy } from '../../api/policies';
import type { PolicyVersion } from '../../api/types';
import { useT } from '../../i18n/useT';

interface Problem {
  title: string;
  detail?: string;
}

/**
 * Publish a new policy version: the document in force as editable JSON. The server checks it
 * against the policy schema and says what is wrong (422 POLICY_INVALID).
 */
export function PublishPolicyModal({
  open,
  current,
  onClose,
  onPublished,
}: {
  open: boolean;
  current: PolicyVersion;
  onClose: () => void;
  onPublished: (version: string) => void;
}) {
  const t = useT();
  const [text, setText] = useState(() => JSON.stringify(current.document, null, 2));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    if (busy) return;
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      setProblem({ title: t('policy.jsonInvalid', { message: (error as Error).message }) });
      return;
    }
    if (!document || typeof document !== 'object' || Array.isArray(document)) {
      setProblem({ title: t('policy.notObject') });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const published = await publishPolicy(document);
      onPublished(published.version);
    } catch (error) {
      if (isApiError(error, 'POLICY_INVALID') || isApiError(error, 'VALIDATION_FAILED')) {
        const fields = error.errors.map((item) => `${item.field}: ${item.message}`).join('\n');
        setProblem({ title: describeError(t, error), detail: error.detail ?? fields });
      } else {
        setProblem({ title: describeError(t, error) });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('policy.publishTitle')}
      okText={t('policy.publishOk')}
      okButtonProps={{ 'data-testid': 'policy-publish-submit' }}
      onOk={submit}
      onCancel={onClose}
      confirmLoading={busy}
      width={760}
      afterOpenChange={(visible) => {
        if (!visible) return;
        setText(JSON.stringify(current.document, null, 2));
        setProblem(null);
      }}
    >
      <Alert
        type="warning"
        showIcon
        title={t('policy.publishWarning')}
        style={{ marginBottom: 12 }}
      />
      <Typography.Paragraph type="secondary">{t('policy.publishHint')}</Typography.Paragraph>
      {problem ? (
        <Alert
          type="error"
          showIcon
          title={problem.title}
          description={
            problem.detail ? (
              <pre className="mono" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
                {problem.detail}
              </pre>
            ) : undefined
          }
          style={{ marginBottom: 12 }}
          data-testid="policy-publish-error"
        />
      ) : null}
      <Input.TextArea
        aria-label={t('policy.document')}
        value={text}
        onChange={(event) => setText(event.target.value)}
        autoSize={{ minRows: 14, maxRows: 24 }}
        spellCheck={false}
        className="mono"
        data-testid="policy-document"
      />
    </Modal>
  );
}
