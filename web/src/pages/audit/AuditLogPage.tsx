import { Table } from 'antd';
import { useState } from 'react';
import { useAuditEvents } from '../../api/audit';
import type { AuditEvent } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { AuditDetailDrawer } from './AuditDetailDrawer';
import { AuditFilterForm } from './AuditFilterForm';
import { auditColumns } from './auditColumns';
import { PAGE_SIZES, useAuditSearch } from './useAuditSearch';

/** 审计日志: search the audit trail (paged by the server) and open any row in full. */
export default function AuditLogPage() {
  const t = useT();
  const [filters, setFilters] = useAuditSearch();
  const [open, setOpen] = useState<AuditEvent | null>(null);
  const events = useAuditEvents(filters);

  return (
    <>
      <PageHeader title={t('feature.audit.label')} />
      <AuditFilterForm filters={filters} onSearch={setFilters} />
      {events.isError ? (
        <QueryError error={events.error} onRetry={() => events.refetch()} />
      ) : (
        <Table<AuditEvent>
          rowKey="id"
          size="small"
          columns={auditColumns(t, setOpen)}
          dataSource={events.data?.items ?? []}
          loading={events.isFetching}
          scroll={{ x: 'max-content' }}
          onRow={(event) => ({ onDoubleClick: () => setOpen(event) })}
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total: events.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) =>
              setFilters({ page: pageSize === filters.pageSize ? page : 1, pageSize }),
          }}
          data-testid="audit-table"
        />
      )}
      <AuditDetailDrawer event={open} onClose={() => setOpen(null)} />
    </>
  );
}
