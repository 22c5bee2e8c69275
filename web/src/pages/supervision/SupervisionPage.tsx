import { Card, Flex, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useSupervisedVouchers } from '../../api/vouchers';
import { PageHeader } from '../../components/PageHeader';
import { CreditCodeSearch } from '../../components/vouchers/CreditCodeSearch';
import { EnterpriseVouchers } from '../../components/vouchers/EnterpriseVouchers';
import { useT } from '../../i18n/useT';

/** 全流程监管: for now, any enterprise's vouchers, tranches and their use, by credit code. */
export default function SupervisionPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const creditCode = params.get('creditCode') ?? undefined;
  const vouchers = useSupervisedVouchers(creditCode);

  const search = (code: string) => {
    setParams(code ? { creditCode: code } : {});
    if (code === creditCode) void vouchers.refetch();
  };

  return (
    <>
      <PageHeader title={t('feature.supervision.label')} />
      <Flex vertical gap={16}>
        <Card title={t('supervision.lookupTitle')}>
          <Typography.Paragraph type="secondary">{t('supervision.hint')}</Typography.Paragraph>
          <CreditCodeSearch
            value={creditCode}
            onSearch={search}
            loading={vouchers.isFetching}
            testIds={{ input: 'supervision-credit-code', button: 'supervision-search' }}
          />
        </Card>
        {creditCode ? <EnterpriseVouchers creditCode={creditCode} query={vouchers} /> : null}
      </Flex>
    </>
  );
}
