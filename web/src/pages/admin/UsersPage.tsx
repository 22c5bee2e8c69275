import { PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Input, Select, Table } from 'antd';
import { useState } from 'react';
import { type UserFilters, usersKey, useUsers } from '../../api/admin';
import { useMe } from '../../api/session';
import type { AdminUser, Role } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useT } from '../../i18n/useT';
import { CreateUserModal } from './CreateUserModal';
import { EditUserModal } from './EditUserModal';
import { roleOptions } from './roleOptions';
import { type TemporaryPassword, TemporaryPasswordModal } from './TemporaryPasswordModal';
import { UserRowActions } from './UserRowActions';
import { userColumns } from './userColumns';

/** 用户管理: search, filter by role, create, edit, disable/enable, unlock, reset password. */
export default function UsersPage() {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const [filters, setFilters] = useState<UserFilters>({ page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<AdminUser | null>(null);
  const [temporary, setTemporary] = useState<TemporaryPassword | null>(null);
  const users = useUsers(filters);

  const refresh = () => queryClient.invalidateQueries({ queryKey: usersKey });

  const columns = userColumns(t, (user) => (
    <UserRowActions
      user={user}
      isSelf={user.id === me?.user.id}
      onEdit={setEditing}
      onChanged={refresh}
      onTemporaryPassword={setTemporary}
    />
  ));

  return (
    <>
      <PageHeader
        title={t('feature.users.label')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="user-create"
          >
            {t('users.create')}
          </Button>
        }
      />
      <Flex gap={12} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('users.search')}
          aria-label={t('users.search')}
          style={{ width: 280 }}
          onSearch={(q) => setFilters((f) => ({ ...f, q: q.trim() || undefined, page: 1 }))}
          data-testid="user-search"
        />
        <Select
          allowClear
          placeholder={t('users.allRoles')}
          aria-label={t('users.allRoles')}
          style={{ width: 200 }}
          options={roleOptions(t)}
          onChange={(role?: Role) => setFilters((f) => ({ ...f, role, page: 1 }))}
        />
      </Flex>
      {users.isError ? (
        <QueryError error={users.error} onRetry={() => users.refetch()} />
      ) : (
        <Table<AdminUser>
          rowKey="id"
          columns={columns}
          dataSource={users.data?.items ?? []}
          loading={users.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: filters.page,
            pageSize: filters.pageSize,
            total: users.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
          }}
        />
      )}
      <CreateUserModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(user, temporaryPassword) => {
          setCreating(false);
          message.success(t('users.created'));
          setTemporary({ username: user.username, name: user.name, password: temporaryPassword });
          void refresh();
        }}
      />
      <EditUserModal
        user={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          message.success(t('users.saved'));
          void refresh();
        }}
      />
      <TemporaryPasswordModal value={temporary} onClose={() => setTemporary(null)} />
    </>
  );
}
