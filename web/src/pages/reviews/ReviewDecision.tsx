import { CheckOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { isApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import { useT } from '../../i18n/useT';
import { formatYuan } from '../../lib/money';

type Mode = 'approve' | 'return';

/**
 * 通过 / 退回 with a confirmation; 退回 needs a reason (≥ 2 characters). A refusal is shown in
 * the dialog in our words; 422 BUDGET_INSUFFICIENT names the shortfall.
 */
export function ReviewDecision({
  name,
  roundNo,
  onApprove,
  onReturn,
  approveDisabled,
}: {
  name: string;
  roundNo: number;
  onApprove: () => Promise<unknown>;
  onReturn: (reason: string) => Promise<unknown>;
  approveDisabled?: boolean;
}) {
  const t = useT();
  const [mode, setMode] = useState<Mode | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function open(next: Mode) {
    setMode(next);
    setReason('');
    setError(null);
  }

  async function confirm() {
    if (mode === 'return' && reason.trim().length < 2) {
      setError(t('review.reasonRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (mode === 'approve') await onApprove();
      else await onReturn(reason.trim());
      setMode(null);
    } catch (cause) {
      if (isApiError(cause, 'BUDGET_INSUFFICIENT') && typeof cause.body.shortfall === 'number') {
        setError(t('review.budgetShortfall', { shortfall: formatYuan(cause.body.shortfall) }));
      } else {
        setError(describeError(t, cause));
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Flex gap={8}>
        <Button
          type="primary"
          icon={<CheckOutlined />}
          onClick={() => open('approve')}
          disabled={approveDisabled}
          data-testid="review-approve"
        >
          {t('review.approve')}
        </Button>
        <Button
          danger
          icon={<RollbackOutlined />}
          onClick={() => open('return')}
          data-testid="review-return"
        >
          {t('review.return')}
        </Button>
      </Flex>
      <Modal
        open={mode !== null}
        title={mode === 'approve' ? t('review.approve') : t('review.return')}
        onCancel={() => setMode(null)}
        destroyOnHidden
        footer={[
          <Button key="cancel" onClick={() => setMode(null)}>
            {t('common.cancel')}
          </Button>,
          <Button
            key="ok"
            type="primary"
            danger={mode === 'return'}
            loading={busy}
            onClick={confirm}
            data-testid="review-confirm"
          >
            {mode === 'approve' ? t('review.approve') : t('review.return')}
          </Button>,
        ]}
      >
        <Typography.Paragraph>
          {mode === 'approve'
            ? t('review.approveConfirm', { name, round: roundNo })
            : t('review.returnConfirm', { name, round: roundNo })}
        </Typography.Paragraph>
        {mode === 'return' ? (
          <Input.TextArea
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            placeholder={t('review.reason')}
            maxLength={500}
            showCount
            rows={4}
            autoFocus
            data-testid="review-reason"
          />
        ) : null}
        {error ? (
          <Alert
            type="error"
            showIcon
            title={error}
            role="alert"
            style={{ marginTop: 16 }}
            data-testid="review-error"
          />
        ) : null}
      </Modal>
    </>
  );
}
