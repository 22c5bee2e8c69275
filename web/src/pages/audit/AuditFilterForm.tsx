import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Button, DatePicker, Flex, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import type { AuditFilters } from '../../api/audit';
import type { AuditOutcome } from '../../api/types';
import { useT } from '../../i18n/useT';
import { businessWallTimeToIso, isoToBusinessWallTime } from '../../lib/time';
import { AUDIT_ACTION_CODES, auditActionName } from './auditActions';

interface Values {
  range?: [Dayjs | null, Dayjs | null] | null;
  actor?: string;
  action?: string;
  outcome?: AuditOutcome;
  q?: string;
}

function toValues(filters: AuditFilters): Values {
  return {
    range:
      filters.from || filters.to
        ? [
            filters.from ? isoToBusinessWallTime(filters.from) : null,
            filters.to ? isoToBusinessWallTime(filters.to) : null,
          ]
        : null,
    actor: filters.actor,
    action: filters.action,
    outcome: filters.outcome,
    q: filters.q,
  };
}

/** Time range (Beijing time), actor, action, outcome and free text. */
export function AuditFilterForm({
  filters,
  onSearch,
}: {
  filters: AuditFilters;
  onSearch: (next: Partial<AuditFilters>) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();

  useEffect(() => {
    form.setFieldsValue(toValues(filters));
  }, [filters, form]);

  function submit(values: Values) {
    const [from, to] = values.range ?? [null, null];
    onSearch({
      from: from ? businessWallTimeToIso(from) : undefined,
      to: to ? businessWallTimeToIso(to) : undefined,
      actor: values.actor?.trim() || undefined,
      action: values.action?.trim() || undefined,
      outcome: values.outcome,
      q: values.q?.trim() || undefined,
      page: 1,
    });
  }

  function reset() {
    form.resetFields();
    onSearch({
      from: undefined,
      to: undefined,
      actor: undefined,
      action: undefined,
      outcome: undefined,
      q: undefined,
      page: 1,
    });
  }

  const outcomes: AuditOutcome[] = ['success', 'failure', 'denied'];
  return (
    <Form form={form} layout="inline" onFinish={submit} style={{ rowGap: 12, marginBottom: 16 }}>
      <Form.Item name="range" label={t('audit.range')}>
        <DatePicker.RangePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          allowEmpty
        />
      </Form.Item>
      <Form.Item name="actor" label={t('audit.actor')}>
        <Input allowClear style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name="action" label={t('audit.action')}>
        <AutoComplete
          allowClear
          style={{ width: 220 }}
          placeholder={t('audit.actionPlaceholder')}
          options={AUDIT_ACTION_CODES.map((code) => ({
            value: code,
            label: `${auditActionName(t, code)}（${code}）`,
          }))}
          filterOption={(input, option) => {
            const text = input.trim().toLowerCase();
            return (
              !text ||
              String(option?.value ?? '')
                .toLowerCase()
                .includes(text) ||
              String(option?.label ?? '')
                .toLowerCase()
                .includes(text)
            );
          }}
        />
      </Form.Item>
      <Form.Item name="outcome" label={t('audit.outcome')}>
        <Select
          allowClear
          style={{ width: 110 }}
          options={outcomes.map((value) => ({ value, label: t(`audit.outcome.${value}`) }))}
        />
      </Form.Item>
      <Form.Item name="q" label={t('audit.q')}>
        <Input allowClear style={{ width: 220 }} placeholder={t('audit.qPlaceholder')} />
      </Form.Item>
      <Flex gap={8}>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
          {t('common.search')}
        </Button>
        <Button onClick={reset}>{t('common.reset')}</Button>
      </Flex>
    </Form>
  );
}
