import { SearchOutlined } from '@ant-design/icons';
import { Button, Form, Input } from 'antd';
import { useEffect } from 'react';
import { useT } from '../../i18n/useT';
import { isCreditCodeShape, normaliseCreditCode } from '../../lib/creditCode';

/**
 * Look up an enterprise by its 统一社会信用代码: 18 characters of the code's alphabet are
 * checked here; the check character is checked by the server.
 */
export function CreditCodeSearch({
  value,
  onSearch,
  loading,
  testIds,
}: {
  value: string | undefined;
  onSearch: (creditCode: string) => void;
  loading?: boolean;
  testIds?: { input: string; button: string };
}) {
  const t = useT();
  const [form] = Form.useForm<{ creditCode: string }>();

  useEffect(() => {
    form.setFieldsValue({ creditCode: value ?? '' });
  }, [value, form]);

  return (
    <Form
      form={form}
      layout="inline"
      style={{ rowGap: 12 }}
      onFinish={({ creditCode }) => onSearch(normaliseCreditCode(creditCode))}
    >
      <Form.Item
        name="creditCode"
        label={t('writeOff.creditCode')}
        normalize={(text: string) => normaliseCreditCode(text ?? '')}
        rules={[
          { required: true, message: t('common.required') },
          {
            validator: (_, text: string) =>
              !text || isCreditCodeShape(text)
                ? Promise.resolve()
                : Promise.reject(new Error(t('writeOff.creditCodeShape'))),
          },
        ]}
      >
        <Input
          allowClear
          maxLength={18}
          placeholder={t('writeOff.creditCodePlaceholder')}
          className="mono"
          style={{ width: 260 }}
          data-testid={testIds?.input}
        />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        icon={<SearchOutlined />}
        loading={loading}
        data-testid={testIds?.button}
      >
        {t('common.search')}
      </Button>
    </Form>
  );
}
