import { Alert, Typography } from 'antd';
import type { DeductionResult, VouchersResponse } from '../../api/types';
import { useT } from '../../i18n/useT';
import { formatYuan } from '../../lib/money';
import { formatDateTime } from '../../lib/time';

/** What the deduction did: voucher part, cash part, what is left, and from which tranche. */
export function DeductionResultPanel({
  result,
  vouchers,
}: {
  result: DeductionResult;
  vouchers: VouchersResponse;
}) {
  const t = useT();
  const seqOf = new Map(
    vouchers.vouchers.flatMap((voucher) => voucher.tranches.map((tr) => [tr.trancheId, tr.seq])),
  );
  return (
    <div data-testid="writeoff-result" style={{ marginTop: 16 }}>
      <Alert
        type="success"
        showIcon
        title={t('writeOff.resultTitle')}
        description={
          <>
            <Typography.Paragraph strong style={{ marginBottom: 4 }}>
              {t('writeOff.result', {
                deducted: formatYuan(result.deducted),
                payable: formatYuan(result.payable),
                available: formatYuan(result.availableAfter),
              })}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
              {t('writeOff.resultMeta', {
                orderNo: result.orderNo,
                requested: formatYuan(result.requested),
                time: formatDateTime(result.createdAt, true),
              })}
            </Typography.Paragraph>
            {result.allocations.map((allocation) => (
              <div key={allocation.trancheId}>
                {t('writeOff.allocation', {
                  seq: seqOf.get(allocation.trancheId) ?? '?',
                  amount: formatYuan(allocation.amount),
                })}
              </div>
            ))}
          </>
        }
      />
    </div>
  );
}
