import { Flex, Skeleton } from 'antd';
import { useOwnVouchers } from '../../api/vouchers';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { VoucherList } from '../../components/vouchers/VoucherList';
import { useT } from '../../i18n/useT';
import { UsageHistoryCard } from './UsageHistoryCard';

/** 我的资源券: balances, each voucher with its tranches, and the usage history. */
export default function MyVouchersPage() {
  const t = useT();
  const vouchers = useOwnVouchers();
  return (
    <>
      <PageHeader title={t('feature.vouchers.label')} />
      <Flex vertical gap={16}>
        {vouchers.isError ? (
          <QueryError error={vouchers.error} onRetry={() => vouchers.refetch()} />
        ) : vouchers.data ? (
          <VoucherList
            data={vouchers.data}
            emptyTitle={t('voucher.emptyOwn')}
            emptyHint={t('voucher.emptyOwnHint')}
          />
        ) : (
          <Skeleton active />
        )}
        <UsageHistoryCard />
      </Flex>
    </>
  );
}
