import { Card, Col, Row, Statistic } from 'antd';
import type { VoucherSummary } from '../../api/types';
import { useT } from '../../i18n/useT';
import { formatYuan } from '../../lib/money';

const KEYS = ['available', 'pending', 'used', 'voided'] as const;
const COLOURS: Record<(typeof KEYS)[number], string | undefined> = {
  available: '#389e0d',
  pending: undefined,
  used: undefined,
  voided: '#8c8c8c',
};

/** 可用额度、待生效额度、已使用、已作废 */
export function VoucherSummaryCards({ summary }: { summary: VoucherSummary }) {
  const t = useT();
  return (
    <Row gutter={[16, 16]}>
      {KEYS.map((key) => (
        <Col key={key} xs={12} lg={6}>
          <Card size="small">
            <Statistic
              title={t(`voucher.summary.${key}`)}
              value={summary[key]}
              styles={{ content: { color: COLOURS[key] } }}
              formatter={() => (
                <span data-testid={`voucher-summary-${key}`}>{formatYuan(summary[key])}</span>
              )}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
