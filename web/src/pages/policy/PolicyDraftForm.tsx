import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Checkbox,
  Col,
  Divider,
  Flex,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Row,
  Typography,
} from 'antd';
import { useI18n } from '../../i18n/useT';
import { CATEGORIES, categoryLabel } from '../../lib/labels';
import {
  formatBasisPoints,
  parsePercentToBasisPoints,
  parseYuanToFen,
  yuanInputProblem,
} from '../../lib/money';
import { starNumeral } from '../../lib/stars';
import {
  formFieldLabel,
  type PolicyFormValues,
  parseMegabytesToBytes,
  STARS,
  UPLOAD_TYPES,
} from './policyForm';

type Name = Array<string | number>;

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The policy document as a form, in 元, %, months and days (issue 10 §2). Each rule's message
 * names its field and says what is allowed; the same rules as the server's (domain/policy.ts),
 * checked here first so that most mistakes never need a round trip.
 */
export function PolicyDraftForm({
  form,
  onValuesChange,
}: {
  form: FormInstance<PolicyFormValues>;
  onValuesChange: (all: PolicyFormValues) => void;
}) {
  const { t, lang } = useI18n();
  const label = (name: Name) => formFieldLabel(t, lang, name);
  /** “四星级额度”金额须大于 0: the field named, then what it allows. */
  const problem = (name: Name, text: string) =>
    new Error(t('validation.fieldProblem', { field: label(name), problem: text }));
  const check = <V,>(name: Name, test: (value: V) => string | null) => ({
    validator: async (_rule: unknown, value: V) => {
      const refusal = test(value);
      if (refusal) throw problem(name, refusal);
    },
  });
  const required = (name: Name) =>
    check(name, (value: string | undefined) =>
      (value ?? '').trim() === '' ? t('validation.empty') : null,
    );
  const yuan = (name: Name) =>
    check(name, (value: string | undefined) => {
      const fen = parseYuanToFen(value ?? '');
      if (fen !== null) return fen > 0 ? null : t('validation.amount.zero');
      const why = yuanInputProblem(value ?? '');
      return t(why.key, 'vars' in why ? why.vars : undefined);
    });
  const percent = (name: Name) =>
    check(name, (value: string | undefined) => {
      const basisPoints = parsePercentToBasisPoints(value ?? '');
      return basisPoints !== null && basisPoints > 0 ? null : t('policyForm.percentRange');
    });
  const whole = (name: Name, min: number, max: number) =>
    check(name, (value: number | null | undefined) =>
      typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
        ? null
        : t('policyForm.wholeRange', { min, max }),
    );
  const MONTHS_MAX = 120;

  const categoryOptions = [
    ...CATEGORIES,
    // A category this UI does not know yet, kept so that a draft does not drop it silently.
    ...(form.getFieldValue('eligibleCategories') ?? []).filter(
      (c: string) => !(CATEGORIES as readonly string[]).includes(c),
    ),
  ].map((category) => ({ value: category, label: categoryLabel(t, category) }));
  const typeOptions = UPLOAD_TYPES.map((type) => ({
    value: type,
    label: (type.split('/')[1] ?? type).toUpperCase(),
  }));

  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      onValuesChange={(_changed, all) => onValuesChange(all)}
      data-testid="policy-form"
      scrollToFirstError
    >
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 0 }}>
        {t('policyForm.sectionDocument')}
      </Typography.Title>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item
            name="version"
            label={t('policyForm.version')}
            extra={t('policyForm.versionHint')}
            rules={[required(['version'])]}
          >
            <Input maxLength={50} data-testid="policy-form-version" />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item
            name="documentNumber"
            label={t('policyForm.documentNumber')}
            rules={[required(['documentNumber'])]}
          >
            <Input maxLength={100} data-testid="policy-form-document-number" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="title" label={t('policyForm.title')} rules={[required(['title'])]}>
        <Input maxLength={200} data-testid="policy-form-title" />
      </Form.Item>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item
            name="timeZone"
            label={t('policyForm.timeZone')}
            extra={t('policyForm.timeZoneHint')}
            rules={[
              check(['timeZone'], (value: string | undefined) =>
                (value ?? '').trim() === ''
                  ? t('validation.empty')
                  : isKnownTimeZone(value ?? '')
                    ? null
                    : t('policyForm.timeZoneInvalid'),
              ),
            ]}
          >
            <Input maxLength={64} data-testid="policy-form-time-zone" />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item label={t('policyForm.effective')}>
            <Typography.Text data-testid="policy-form-effective">
              {t('policyForm.effectiveValue')}
            </Typography.Text>
          </Form.Item>
        </Col>
      </Row>

      <Divider />
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {t('policyForm.sectionAmounts')}
      </Typography.Title>
      <Row gutter={16}>
        {STARS.map((star) => (
          <Col span={8} key={star}>
            <Form.Item
              name={`tier${star}`}
              label={label([`tier${star}`])}
              extra={t('policyForm.tierHint')}
              rules={[yuan([`tier${star}`])]}
            >
              <Input prefix="¥" inputMode="decimal" data-testid={`policy-form-tier-${star}`} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Form.Item
        name="oneVoucherPerEnterprisePerListYear"
        label={t('policyForm.onePerYear')}
        valuePropName="checked"
      >
        <Checkbox data-testid="policy-form-one-per-year">
          {t('policyForm.onePerYearCheck')}
        </Checkbox>
      </Form.Item>

      <Divider />
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {t('policyForm.sectionTranches')}
      </Typography.Title>
      <Form.List
        name="tranches"
        rules={[
          {
            validator: async (_rule, tranches: PolicyFormValues['tranches'] | undefined) => {
              const shares = (tranches ?? []).map((rule) =>
                parsePercentToBasisPoints(rule?.share ?? ''),
              );
              if (shares.some((share) => share === null)) return;
              const sum = shares.reduce<number>((total, share) => total + (share ?? 0), 0);
              if (sum !== 10_000) {
                throw problem(
                  ['tranches'],
                  t('policyForm.tranchesSum', { sum: formatBasisPoints(sum) }),
                );
              }
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, index) => {
              const seq = starNumeral(index + 1, lang);
              return (
                <Row
                  gutter={16}
                  key={field.key}
                  align="top"
                  data-testid={`policy-form-tranche-${index}`}
                >
                  <Col span={7}>
                    <Form.Item
                      name={[field.name, 'share']}
                      label={label(['tranches', index, 'share'])}
                      extra={index === 0 ? t('policyForm.trancheShareHint') : undefined}
                      rules={[percent(['tranches', index, 'share'])]}
                    >
                      <Input
                        suffix="%"
                        inputMode="decimal"
                        data-testid={`policy-form-tranche-${index}-share`}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={7}>
                    <Form.Item
                      name={[field.name, 'activeFromMonths']}
                      label={label(['tranches', index, 'activeFromMonths'])}
                      extra={index === 0 ? t('policyForm.trancheActiveFromHint') : undefined}
                      dependencies={index > 0 ? [['tranches', index - 1]] : []}
                      rules={[
                        whole(['tranches', index, 'activeFromMonths'], 0, MONTHS_MAX),
                        check(['tranches', index, 'activeFromMonths'], (value: number | null) => {
                          if (typeof value !== 'number') return null;
                          if (index === 0)
                            return value === 0 ? null : t('policyForm.trancheFirstFromClaim');
                          const previous = form.getFieldValue(['tranches', index - 1]) as
                            | PolicyFormValues['tranches'][number]
                            | undefined;
                          const ends =
                            (previous?.activeFromMonths ?? 0) + (previous?.validForMonths ?? 0);
                          return value >= ends
                            ? null
                            : t('policyForm.trancheOverlap', { months: ends });
                        }),
                      ]}
                    >
                      <InputNumber
                        precision={0}
                        suffix={lang === 'en' ? 'months' : '个月'}
                        style={{ width: '100%' }}
                        data-testid={`policy-form-tranche-${index}-from`}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={7}>
                    <Form.Item
                      name={[field.name, 'validForMonths']}
                      label={label(['tranches', index, 'validForMonths'])}
                      extra={index === 0 ? t('policyForm.trancheValidForHint') : undefined}
                      rules={[whole(['tranches', index, 'validForMonths'], 1, MONTHS_MAX)]}
                    >
                      <InputNumber
                        precision={0}
                        suffix={lang === 'en' ? 'months' : '个月'}
                        style={{ width: '100%' }}
                        data-testid={`policy-form-tranche-${index}-valid`}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={3}>
                    {fields.length > 1 ? (
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('policyForm.trancheRemove', { seq })}
                        title={t('policyForm.trancheRemove', { seq })}
                        onClick={() => remove(field.name)}
                        style={{ marginTop: 30 }}
                      />
                    ) : null}
                  </Col>
                </Row>
              );
            })}
            <Form.ErrorList errors={errors} />
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ share: '', activeFromMonths: null, validForMonths: 12 })}
              style={{ marginBottom: 16 }}
              data-testid="policy-form-tranche-add"
            >
              {t('policyForm.trancheAdd')}
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item label={t('policyForm.expiry')}>
        <Typography.Text>{t('policy.voidUnused')}</Typography.Text>
      </Form.Item>
      <Form.List
        name="expiryReminderDays"
        rules={[
          {
            validator: async (_rule, days: Array<number | null> | undefined) => {
              const given = (days ?? []).filter((n): n is number => typeof n === 'number');
              if (new Set(given).size !== given.length) {
                throw problem(['expiryReminderDays'], t('policyForm.reminderDuplicate'));
              }
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
            <legend style={{ fontSize: 14, marginBottom: 8 }}>
              {t('policyForm.reminderDays')}
            </legend>
            <Flex gap={12} wrap align="flex-start">
              {fields.map((field, index) => (
                <Flex key={field.key} gap={4} align="flex-start">
                  <Form.Item
                    name={field.name}
                    rules={[whole(['expiryReminderDays'], 1, 365)]}
                    style={{ marginBottom: 8 }}
                  >
                    <InputNumber
                      precision={0}
                      suffix={lang === 'en' ? 'days' : '天'}
                      aria-label={t('policyForm.reminderDay', { seq: index + 1 })}
                      style={{ width: 120 }}
                      data-testid={`policy-form-reminder-${index}`}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('policyForm.reminderRemove', { seq: index + 1 })}
                    title={t('policyForm.reminderRemove', { seq: index + 1 })}
                    onClick={() => remove(field.name)}
                  />
                </Flex>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add(null)}
                data-testid="policy-form-reminder-add"
              >
                {t('policyForm.reminderAdd')}
              </Button>
            </Flex>
            <Form.ErrorList errors={errors} />
          </fieldset>
        )}
      </Form.List>

      <Divider />
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {t('policyForm.sectionUse')}
      </Typography.Title>
      <Form.Item
        name="eligibleCategories"
        label={t('policyForm.categories')}
        rules={[
          check(['eligibleCategories'], (value: string[] | undefined) =>
            (value ?? []).length > 0 ? null : t('policyForm.categoriesEmpty'),
          ),
        ]}
      >
        <Checkbox.Group options={categoryOptions} data-testid="policy-form-categories" />
      </Form.Item>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item
            name="coverageCap"
            label={t('policyForm.coverageCap')}
            extra={t('policyForm.coverageCapHint')}
            rules={[percent(['coverageCap'])]}
          >
            <Input suffix="%" inputMode="decimal" data-testid="policy-form-coverage-cap" />
          </Form.Item>
        </Col>
      </Row>

      <Divider />
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {t('policyForm.sectionOperation')}
      </Typography.Title>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item
            name="uploadMaxMegabytes"
            label={t('policyForm.uploadMaxMegabytes')}
            extra={t('policyForm.uploadMaxHint')}
            rules={[
              check(['uploadMaxMegabytes'], (value: string | undefined) =>
                parseMegabytesToBytes(value ?? '') === null
                  ? t('policyForm.megabytesInvalid')
                  : null,
              ),
            ]}
          >
            <Input suffix="MB" inputMode="decimal" data-testid="policy-form-upload-max" />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item
            name="uploadAllowedTypes"
            label={t('policyForm.uploadTypes')}
            rules={[
              check(['uploadAllowedTypes'], (value: string[] | undefined) =>
                (value ?? []).length > 0 ? null : t('policyForm.uploadTypesEmpty'),
              ),
            ]}
          >
            <Checkbox.Group options={typeOptions} data-testid="policy-form-upload-types" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item
            name="monthlyReportDueDay"
            label={t('policyForm.monthlyReportDueDay')}
            extra={t('policyForm.monthlyReportDueDayHint')}
            rules={[whole(['monthlyReportDueDay'], 1, 28)]}
          >
            <InputNumber
              precision={0}
              suffix={lang === 'en' ? 'th' : '日'}
              style={{ width: 160 }}
              data-testid="policy-form-report-day"
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="paymentDueDays"
            label={t('policyForm.paymentDueDays')}
            extra={t('policyForm.paymentDueDaysHint')}
            rules={[whole(['paymentDueDays'], 1, 365)]}
          >
            <InputNumber
              precision={0}
              suffix={lang === 'en' ? 'days' : '天'}
              style={{ width: 160 }}
              data-testid="policy-form-payment-days"
            />
          </Form.Item>
        </Col>
      </Row>

      <Divider />
      <Typography.Title level={3} style={{ fontSize: 16 }}>
        {t('policyForm.sectionAnomalies')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('policyForm.anomaliesHint')}</Typography.Paragraph>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item
            name="lateSpendDays"
            label={t('policyForm.lateSpendDays')}
            rules={[whole(['lateSpendDays'], 1, 90)]}
          >
            <InputNumber
              precision={0}
              suffix={lang === 'en' ? 'days' : '天'}
              style={{ width: 160 }}
              data-testid="policy-form-late-days"
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="lateSpendShare"
            label={t('policyForm.lateSpendShare')}
            rules={[percent(['lateSpendShare'])]}
          >
            <Input suffix="%" inputMode="decimal" data-testid="policy-form-late-share" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item
            name="roundAmountUnit"
            label={t('policyForm.roundAmountUnit')}
            rules={[yuan(['roundAmountUnit'])]}
          >
            <Input prefix="¥" inputMode="decimal" data-testid="policy-form-round-unit" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="roundAmountBills"
            label={t('policyForm.roundAmountBills')}
            rules={[whole(['roundAmountBills'], 2, 1000)]}
          >
            <InputNumber
              precision={0}
              style={{ width: 160 }}
              data-testid="policy-form-round-bills"
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item
            name="nearBalanceMargin"
            label={t('policyForm.nearBalanceMargin')}
            rules={[percent(['nearBalanceMargin'])]}
          >
            <Input suffix="%" inputMode="decimal" data-testid="policy-form-near-margin" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="nearBalanceBills"
            label={t('policyForm.nearBalanceBills')}
            rules={[whole(['nearBalanceBills'], 2, 1000)]}
          >
            <InputNumber
              precision={0}
              style={{ width: 160 }}
              data-testid="policy-form-near-bills"
            />
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}
