import { Button, type TableProps, Typography } from 'antd';
import type { AuditEvent } from '../../api/types';
import type { Translate } from '../../i18n/context';
import { roleLabel } from '../../lib/labels';
import { formatDateTime } from '../../lib/time';
import { OutcomeTag } from './OutcomeTag';

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
    { title: t('audit.seq'), dataIndex: 'seq' },
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
      render: (value: string) => <Typography.Text code>{value}</Typography.Text>,
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
    { title: t('audit.ip'), dataIndex: 'ipAddress', render: (value) => value ?? '—' },
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
