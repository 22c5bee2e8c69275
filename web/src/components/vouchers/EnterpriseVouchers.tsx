import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Col, Flex, Row, Skeleton, Typography } from 'antd';
import type { ReactNode } from 'react';
import { isApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import type { VouchersResponse } from '../../api/types';
import { useT } from '../../i18n/useT';
import { QueryError } from '../QueryError';
import { VoucherCards, VoucherList, VoucherRules } from './VoucherList';
import { VoucherSummaryCards } from './VoucherSummaryCards';

/**
 * An enterprise looked up by credit code (clerk, Data Bureau): its vouchers, or why not —
 * a code failing its check character, or no such enterprise — in plain words. `aside` (the
 * clerk's deduction form) sits beside the balances, above the vouchers' details.
 */
export function EnterpriseVouchers({
  creditCode,
  query,
  aside,
}: {
  creditCode: string;
  query: UseQueryResult<VouchersResponse>;
  aside?: (data: VouchersResponse) => ReactNode;
}) {
  const t = useT();
  if (query.isError) {
    const error = query.error;
    if (isApiError(error, 'VALIDATION_FAILED') || isApiError(error, 'ENTERPRISE_NOT_FOUND')) {
      return (
        <Alert
          type="warning"
          showIcon
          title={describeError(t, error, { VALIDATION_FAILED: 'writeOff.creditCodeInvalid' })}
          description={<span className="mono">{creditCode}</span>}
          data-testid="lookup-error"
        />
      );
    }
    return <QueryError error={error} onRetry={() => query.refetch()} />;
  }
  if (!query.data) return <Skeleton active />;
  const name = query.data.vouchers[0]?.enterpriseName;
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 0 }} data-testid="lookup-enterprise">
        {name ?? ''}{' '}
        <Typography.Text type="secondary" className="mono">
          {creditCode}
        </Typography.Text>
      </Typography.Title>
      {aside ? (
        <Flex vertical gap={16}>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <Flex vertical gap={16}>
                <VoucherSummaryCards summary={query.data.summary} />
                <VoucherRules />
              </Flex>
            </Col>
            <Col xs={24} xl={10}>
              {aside(query.data)}
            </Col>
          </Row>
          <VoucherCards vouchers={query.data.vouchers} emptyTitle={t('voucher.emptyOther')} />
        </Flex>
      ) : (
        <VoucherList data={query.data} emptyTitle={t('voucher.emptyOther')} />
      )}
    </>
  );
}
