import { Button, type TableProps, Typography } from 'antd';
import type { AuditEvent } from '../../api/types';
import type { Translate } from '../../i18n/context';
import { roleLabel } from '../../lib/labels';
import { formatDateTime } from '../../lib/time';
import { auditActionName } from './auditActions';
import { OutcomeTag } from './OutcomeTag';
import { UnsealedTag } from './UnsealedTag';

export function auditColumns(
  t: Translate,
  onOpen: (event: AuditEvent) => void,
): NonNullable<TableProps<AuditEvent>['columns']> {
  return [
    {
      title: t('audit.time'),
      dataIndex: 'occurredAt',
      render: (value: string) => formatDateTime(value, true),
    },
    {
      title: t('audit.seq'),
      dataIndex: 'seq',
      // Written with its change, not yet chained: the sealer gives it a seq within seconds.
      render: (value: number | null) => value ?? <UnsealedTag />,
    },
    {
      title: t('audit.actor'),
      key: 'actor',
      render: (_, event) => (
        <>
          {event.actorName ?? '—'}
          {event.actorRole ? (
            <Typography.Text type="secondary"> · {roleLabel(t, event.actorRole)}</Typography.Text>
          ) : null}
        </>
      ),
    },
    {
      title: t('audit.organisation'),
      dataIndex: 'organisationName',
      render: (value: string | null) => value ?? '—',
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (value: string) => (
        <>
          {auditActionName(t, value)}
          <br />
          {/* The code itself, shown on purpose: auditors search and cite it (data-code marks it). */}
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-code="audit-action">
            {value}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('audit.target'),
      key: 'target',
      render: (_, event) =>
        event.targetType
          ? `${event.targetType}${event.targetId ? ` · ${event.targetId}` : ''}`
          : '—',
    },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      render: (_, event) => <OutcomeTag outcome={event.outcome} />,
    },
    {
      title: t('audit.ip'),
      dataIndex: 'ipAddress',
      // An address is read whole or not at all: never wrapped or cut.
      onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
      render: (value) => value ?? '—',
    },
    {
      title: t('common.actions'),
      key: 'open',
      fixed: 'end',
      render: (_, event) => (
        <Button type="link" size="small" onClick={() => onOpen(event)}>
          {t('common.details')}
        </Button>
      ),
    },
  ];
}
