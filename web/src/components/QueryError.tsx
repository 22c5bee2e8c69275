import { Button, Result } from 'antd';
import { isApiError } from '../api/client';
import { describeError } from '../api/errors';
import { useT } from '../i18n/useT';

/** A failed load: what went wrong in our words, the request id for support, and a retry. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  const requestId = isApiError(error) ? error.requestId : undefined;
  return (
    <Result
      status="error"
      title={t('common.loadFailed')}
      subTitle={
        <>
          {describeError(t, error)}
          {requestId ? <div>{t('error.requestId', { id: requestId })}</div> : null}
        </>
      }
      extra={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : null}
    />
  );
}
