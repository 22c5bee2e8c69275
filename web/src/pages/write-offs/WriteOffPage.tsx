import { useQueryClient } from '@tanstack/react-query';
import { Card, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { deductionsKey, useEnterpriseVouchers, vouchersKey } from '../../api/vouchers';
import { PageHeader } from '../../components/PageHeader';
import { CreditCodeSearch } from '../../components/vouchers/CreditCodeSearch';
import { EnterpriseVouchers } from '../../components/vouchers/EnterpriseVouchers';
import { useT } from '../../i18n/useT';
import { DeductionForm } from './DeductionForm';
import { RecentDeductions } from './RecentDeductions';

/**
 * 核销: the operator clerk looks up an enterprise by credit code, deducts a bill from its
 * vouchers (exactly once), and reverses (冲正) a deduction when a bill is cancelled.
 */
export default function WriteOffPage() {
  const t = useT();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const creditCode = params.get('creditCode') ?? undefined;
  const vouchers = useEnterpriseVouchers(creditCode);

  const search = (code: string) => {
    setParams(code ? { creditCode: code } : {});
    if (code === creditCode) void vouchers.refetch();
  };
  // Counts reversals made on this page: the deduction form drops a refusal the reversal answered.
  const [reversals, setReversals] = useState(0);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: vouchersKey });
    void queryClient.invalidateQueries({ queryKey: deductionsKey });
  };

  return (
    <>
      <PageHeader title={t('feature.writeOffs.label')} />
      <Flex vertical gap={16}>
        <Card title={t('writeOff.lookupTitle')}>
          <Typography.Paragraph type="secondary">{t('writeOff.hint')}</Typography.Paragraph>
          <CreditCodeSearch
            value={creditCode}
            onSearch={search}
            loading={vouchers.isFetching}
            testIds={{ input: 'writeoff-credit-code', button: 'writeoff-search' }}
          />
        </Card>
        {creditCode ? (
          <EnterpriseVouchers
            creditCode={creditCode}
            query={vouchers}
            aside={(data) => (
              <DeductionForm
                key={creditCode}
                creditCode={creditCode}
                vouchers={data}
                onDeducted={refresh}
                reversals={reversals}
              />
            )}
          />
        ) : null}
        <RecentDeductions
          creditCode={vouchers.isSuccess ? creditCode : undefined}
          onShowAll={() => setParams({})}
          onReversed={() => {
            setReversals((count) => count + 1);
            refresh();
          }}
        />
      </Flex>
    </>
  );
}
