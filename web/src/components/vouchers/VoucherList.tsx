import { Alert, Empty, Flex } from 'antd';
import type { Voucher, VouchersResponse } from '../../api/types';
import { useT } from '../../i18n/useT';
import { VoucherCard } from './VoucherCard';
import { VoucherSummaryCards } from './VoucherSummaryCards';

/** 第1期 70% … 不返现金: how tranches, validity and expiry work. */
export function VoucherRules() {
  const t = useT();
  return (
    <Alert type="info" showIcon title={t('voucher.rulesTitle')} description={t('voucher.rules')} />
  );
}

/** One card per voucher, or an honest empty state. */
export function VoucherCards({
  vouchers,
  emptyTitle,
  emptyHint,
  showEnterprise = false,
}: {
  vouchers: Voucher[];
  emptyTitle: string;
  emptyHint?: string;
  showEnterprise?: boolean;
}) {
  if (vouchers.length === 0) {
    return (
      <Empty
        description={
          <>
            <div>{emptyTitle}</div>
            {emptyHint ? <div style={{ fontSize: 12 }}>{emptyHint}</div> : null}
          </>
        }
        data-testid="voucher-empty"
      />
    );
  }
  return (
    <>
      {vouchers.map((voucher) => (
        <VoucherCard key={voucher.voucherId} voucher={voucher} showEnterprise={showEnterprise} />
      ))}
    </>
  );
}

/**
 * Summary cards, the rules of use, and one card per voucher — or an honest empty state.
 * Shared by the enterprise's own page and the Data Bureau's supervision page; the clerk's
 * 核销 page lays the same pieces out around its form.
 */
export function VoucherList({
  data,
  emptyTitle,
  emptyHint,
  showEnterprise = false,
}: {
  data: VouchersResponse;
  emptyTitle: string;
  emptyHint?: string;
  showEnterprise?: boolean;
}) {
  return (
    <Flex vertical gap={16}>
      <VoucherSummaryCards summary={data.summary} />
      <VoucherRules />
      <VoucherCards
        vouchers={data.vouchers}
        emptyTitle={emptyTitle}
        emptyHint={emptyHint}
        showEnterprise={showEnterprise}
      />
    </Flex>
  );
}
