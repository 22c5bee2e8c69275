import { Alert, App, Button, Form, Input, Modal, Space, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import { type PolicyPreview, previewPolicy, publishPolicy } from '../../api/policies';
import type { PolicyDocument, PolicyVersion } from '../../api/types';
import { useI18n } from '../../i18n/useT';
import { PolicyChangesPreview } from './PolicyChangesPreview';
import { PolicyDraftForm } from './PolicyDraftForm';
import {
  documentToForm,
  formFieldLabel,
  formFieldOf,
  formToDocument,
  type PolicyFormValues,
  policyFieldErrors,
} from './policyForm';

type View = 'form' | 'json';

const asJson = (document: unknown) => JSON.stringify(document, null, 2);

/**
 * Publish a new policy version (issue 10 §2): a form in 元, % and months — the document in JSON
 * as an advanced view, each kept in step with the other — then the server's dry run as a
 * preview of what changes against the version in force, then a confirmation. The version
 * number starts empty: a new version needs a new one.
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
  const { t, lang } = useI18n();
  const { modal } = App.useApp();
  const [form] = Form.useForm<PolicyFormValues>();
  const [view, setView] = useState<View>('form');
  const [jsonText, setJsonText] = useState('');
  const [jsonProblem, setJsonProblem] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [preview, setPreview] = useState<{ result: PolicyPreview; draft: PolicyDocument } | null>(
    null,
  );
  const [busy, setBusy] = useState(false);
  const base = current.document;

  function reset() {
    const start = { ...documentToForm(base), version: '' };
    form.resetFields();
    form.setFieldsValue(start);
    setJsonText(asJson(formToDocument(start, base)));
    setJsonProblem(null);
    setProblems([]);
    setPreview(null);
    setView('form');
  }

  /** The JSON view follows every edit of the form. */
  function formChanged(values: PolicyFormValues) {
    setJsonText(asJson(formToDocument(values, base)));
    setJsonProblem(null);
    // The inputs say what is still wrong; the alert above would only be stale.
    setProblems([]);
  }

  /** The form follows the JSON view whenever what is typed there reads as a document. */
  function jsonChanged(text: string) {
    setJsonText(text);
    setProblems([]);
    const parsed = parseJson(text);
    if ('problem' in parsed) {
      setJsonProblem(parsed.problem);
      return;
    }
    setJsonProblem(null);
    form.setFieldsValue(documentToForm(parsed.document));
  }

  function parseJson(text: string): { document: Record<string, unknown> } | { problem: string } {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { problem: t('policyForm.jsonNotParsed', { message: (error as Error).message }) };
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      return { problem: t('policyForm.jsonNotObject') };
    }
    return { document: value as Record<string, unknown> };
  }

  /** The server's refusals: under their inputs, the rest (and in the JSON view, all) above. */
  function showProblems(errors: PolicyPreview['errors']) {
    const { fields, unplaced } = policyFieldErrors(t, errors);
    form.setFields(fields.map((field) => ({ name: field.name as never, errors: field.errors })));
    const named = (view === 'json' ? errors : unplaced).map((item) => {
      const name = formFieldOf(item.field);
      const field = name ? formFieldLabel(t, lang, name) : item.field;
      return t('validation.fieldProblem', { field, problem: item.message });
    });
    setProblems(named.length > 0 ? named : [t('policyForm.problems')]);
  }

  async function toPreview() {
    setProblems([]);
    let document: Record<string, unknown>;
    if (view === 'json') {
      const parsed = parseJson(jsonText);
      if ('problem' in parsed) {
        setJsonProblem(parsed.problem);
        return;
      }
      document = parsed.document;
    } else {
      try {
        await form.validateFields({ recursive: true });
      } catch {
        setProblems([t('policyForm.problems')]);
        return;
      }
      document = formToDocument(form.getFieldsValue(true), base);
    }
    setBusy(true);
    try {
      const result = await previewPolicy(document);
      if (result.valid) setPreview({ result, draft: document as unknown as PolicyDocument });
      else showProblems(result.errors);
    } catch (error) {
      setProblems([describeError(t, error)]);
    } finally {
      setBusy(false);
    }
  }

  function confirmPublish() {
    if (!preview) return;
    const document = preview.draft;
    modal.confirm({
      title: t('policyForm.confirmTitle', { version: document.version }),
      content: t('policyForm.confirmBody'),
      okText: t('policyForm.confirmOk'),
      cancelText: t('policyForm.cancel'),
      okButtonProps: { 'data-testid': 'policy-publish-confirm' } as never,
      onOk: async () => {
        try {
          const published = await publishPolicy(document as unknown as Record<string, unknown>);
          onPublished(published.version);
        } catch (error) {
          // Published by someone else meanwhile, or the version taken: back to the form.
          setPreview(null);
          if (isApiError(error, 'POLICY_INVALID') && error.errors.length > 0) {
            showProblems(error.errors);
          } else {
            setProblems([describeError(t, error)]);
          }
        }
      },
    });
  }

  const footer = preview ? (
    <Space>
      <Button onClick={() => setPreview(null)} data-testid="policy-preview-back">
        {t('policyForm.back')}
      </Button>
      <Button type="primary" onClick={confirmPublish} data-testid="policy-publish-submit">
        {t('policyForm.publish')}
      </Button>
    </Space>
  ) : (
    <Space>
      <Button onClick={onClose}>{t('policyForm.cancel')}</Button>
      <Button
        type="primary"
        loading={busy}
        onClick={toPreview}
        disabled={view === 'json' && jsonProblem !== null}
        data-testid="policy-preview-open"
      >
        {t('policyForm.previewButton')}
      </Button>
    </Space>
  );

  return (
    <Modal
      open={open}
      title={t('policy.publishTitle')}
      onCancel={onClose}
      footer={footer}
      width={1000}
      forceRender
      afterOpenChange={(visible) => {
        if (visible) reset();
      }}
    >
      <Alert
        type="warning"
        showIcon
        title={t('policy.publishWarning')}
        style={{ marginBottom: 12 }}
      />
      {problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={problems[0]}
          description={
            problems.length > 1 ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {problems.slice(1).map((text) => (
                  <li key={text}>{text}</li>
                ))}
              </ul>
            ) : undefined
          }
          style={{ marginBottom: 12 }}
          data-testid="policy-publish-error"
        />
      ) : null}
      <div style={{ display: preview ? 'block' : 'none' }} data-testid="policy-preview">
        {preview ? <PolicyChangesPreview preview={preview.result} draft={preview.draft} /> : null}
      </div>
      <div style={{ display: preview ? 'none' : 'block' }}>
        <Tabs
          activeKey={view}
          onChange={(key) => setView(key as View)}
          items={[
            {
              key: 'form',
              label: t('policyForm.tabForm'),
              forceRender: true,
              children: <PolicyDraftForm form={form} onValuesChange={formChanged} />,
            },
            {
              key: 'json',
              label: t('policyForm.tabJson'),
              forceRender: true,
              children: (
                <>
                  <Typography.Paragraph type="secondary">
                    {t('policyForm.jsonHint')}
                  </Typography.Paragraph>
                  {jsonProblem ? (
                    <Alert
                      type="error"
                      showIcon
                      title={jsonProblem}
                      style={{ marginBottom: 12 }}
                      data-testid="policy-json-error"
                    />
                  ) : null}
                  <Input.TextArea
                    aria-label={t('policy.document')}
                    value={jsonText}
                    onChange={(event) => jsonChanged(event.target.value)}
                    autoSize={{ minRows: 14, maxRows: 28 }}
                    spellCheck={false}
                    className="mono"
                    data-testid="policy-document"
                  />
                </>
              ),
            },
          ]}
        />
      </div>
    </Modal>
  );
}
