import { Alert, Card, Table, type TableProps, Tag, Typography } from 'antd';
import type { PolicyPreview } from '../../api/policies';
import type { PolicyDocument } from '../../api/types';
import { useI18n } from '../../i18n/useT';
import { formatWindow } from '../../lib/time';
import { type PolicyChange, policyChanges } from './policyForm';

/**
 * What publishing the draft changes against the version in force, field by field in 元, % and
 * months, and whom it reaches: vouchers granted afterwards only, never those already granted.
 */
export function PolicyChangesPreview({
  preview,
  draft,
}: {
  preview: PolicyPreview;
  draft: PolicyDocument;
}) {
  const { t, lang } = useI18n();
  const before = preview.inForce.document;
  const changes = policyChanges(t, lang, before, draft);
  const substantive = changes.filter((change) => change.key !== 'version');

  const columns: TableProps<PolicyChange>['columns'] = [
    { title: t('policyForm.columnField'), dataIndex: 'label', width: 220 },
    { title: t('policyForm.columnBefore'), dataIndex: 'before' },
    {
      title: t('policyForm.columnAfter'),
      dataIndex: 'after',
      render: (value: string) => <Typography.Text strong>{value}</Typography.Text>,
    },
    {
      title: t('policyForm.columnScope'),
      dataIndex: 'scope',
      width: 180,
      render: (scope: PolicyChange['scope']) =>
        scope === 'newGrants' ? (
          <Tag color="processing">{t('policyForm.scopeNewGrants')}</Tag>
        ) : (
          <Tag>{t('policyForm.scopeFromPublication')}</Tag>
        ),
    },
  ];

  return (
    <>
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 0 }}>
        {t('policyForm.previewTitle', { version: preview.inForce.version })}
      </Typography.Title>
      <Table<PolicyChange>
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={changes}
        pagination={false}
        data-testid="policy-preview-changes"
      />
      {substantive.length === 0 ? (
        <Alert type="info" showIcon title={t('policyForm.noChanges')} style={{ marginTop: 12 }} />
      ) : null}
      <Card
        size="small"
        title={t('policyForm.impactTitle')}
        style={{ marginTop: 16 }}
        data-testid="policy-preview-impact"
      >
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          <li>{t('policyForm.impactVouchers')}</li>
          <li>{t('policyForm.impactNewGrants')}</li>
          {preview.openPlans.length === 0 ? (
            <li>{t('policyForm.impactNoPlans')}</li>
          ) : (
            preview.openPlans.map((plan) => (
              <li key={plan.listYear}>
                {t('policyForm.impactPlan', {
                  year: plan.listYear,
                  status: t(
                    plan.status === 'approved' ? 'policyForm.planApproved' : 'policyForm.planDraft',
                  ),
                  window: formatWindow(t, plan.claimOpensAt, plan.claimClosesAt),
                  version: plan.policyVersion,
                })}
              </li>
            ))
          )}
        </ul>
      </Card>
    </>
  );
}
