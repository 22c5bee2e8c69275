import { Descriptions, Drawer, Typography } from 'antd';
import type { AuditEvent } from '../../api/types';
import { useT } from '../../i18n/useT';
import { roleLabel } from '../../lib/labels';
import { formatDateTime } from '../../lib/time';
import { OutcomeTag } from './OutcomeTag';
import { UnsealedTag } from './UnsealedTag';

function Mono({ value }: { value: string | null }) {
  if (!value) return <>—</>;
  return (
    <Typography.Text copyable className="mono">
      {value}
    </Typography.Text>
  );
}

/** The whole audit row, including its place in the hash chain. */
export function AuditDetailDrawer({
  event,
  onClose,
}: {
  event: AuditEvent | null;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Drawer
      open={event !== null}
      onClose={onClose}
      size={720}
      title={
        event
          ? event.seq === null
            ? t('audit.drawerTitleUnsealed')
            : t('audit.drawerTitle', { seq: event.seq })
          : ''
      }
      data-testid="audit-detail"
    >
      {event ? (
        <>
          <Descriptions
            column={1}
            bordered
            size="small"
            styles={{ label: { width: 140 } }}
            items={[
              {
                key: 'time',
                label: t('audit.time'),
                children: formatDateTime(event.occurredAt, true),
              },
              {
                key: 'seq',
                label: t('audit.seq'),
                children: event.seq ?? <UnsealedTag />,
              },
              {
                key: 'outcome',
                label: t('audit.outcome'),
                children: <OutcomeTag outcome={event.outcome} />,
              },
              { key: 'action', label: t('audit.action'), children: <Mono value={event.action} /> },
              { key: 'actor', label: t('audit.actor'), children: event.actorName ?? '—' },
              {
                key: 'actorId',
                label: t('audit.actorUserId'),
                children: <Mono value={event.actorUserId} />,
              },
              {
                key: 'actorRole',
                label: t('audit.actorRole'),
                children: roleLabel(t, event.actorRole),
              },
              {
                key: 'org',
                label: t('audit.organisation'),
                children: event.organisationName ?? '—',
              },
              {
                key: 'orgId',
                label: t('audit.organisationId'),
                children: <Mono value={event.organisationId} />,
              },
              {
                key: 'targetType',
                label: t('audit.targetType'),
                children: event.targetType ?? '—',
              },
              {
                key: 'targetId',
                label: t('audit.targetId'),
                children: <Mono value={event.targetId} />,
              },
              {
                key: 'requestId',
                label: t('audit.requestId'),
                children: <Mono value={event.requestId} />,
              },
              { key: 'ip', label: t('audit.ip'), children: event.ipAddress ?? '—' },
              { key: 'id', label: 'ID', children: <Mono value={event.id} /> },
              {
                key: 'prevHash',
                label: t('audit.prevHash'),
                children: <Mono value={event.prevHash} />,
              },
              { key: 'hash', label: t('audit.hash'), children: <Mono value={event.hash} /> },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {event.seq === null ? t('audit.unsealedHint') : t('audit.chainNote')}
          </Typography.Paragraph>
          <Typography.Title level={5}>{t('audit.detail')}</Typography.Title>
          <pre
            className="mono"
            style={{ background: '#f6f8fa', padding: 12, borderRadius: 6, whiteSpace: 'pre-wrap' }}
            data-testid="audit-detail-json"
          >
            {event.detail ? JSON.stringify(event.detail, null, 2) : '—'}
          </pre>
        </>
      ) : null}
    </Drawer>
  );
}
