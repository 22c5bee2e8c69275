import { App, Card, Flex, Switch, Typography } from 'antd';
import { Link } from 'react-router';
import { describeError } from '../../api/errors';
import { usePublicFigures, usePublishRecipients } from '../../api/transparency';
import { useT } from '../../i18n/useT';

/** The Data Bureau administrator's switch: publish the year's recipients on 信息公开. */
export function TransparencySwitch({ year }: { year: number }) {
  const t = useT();
  const { message } = App.useApp();
  const figures = usePublicFigures(year);
  const publish = usePublishRecipients(year);
  const published = figures.data?.figures?.recipientsPublished ?? false;
  return (
    <Card size="small" style={{ marginTop: 16 }}>
      <Flex align="center" gap={12} wrap>
        <Switch
          checked={published}
          loading={figures.isFetching || publish.isPending}
          onChange={(checked) =>
            publish.mutate(checked, {
              onSuccess: () =>
                message.success(
                  checked ? t('transparency.publishedNow') : t('transparency.withdrawnNow'),
                ),
              onError: (error) => message.error(describeError(t, error)),
            })
          }
          aria-label={t('transparency.publishSwitch', { year })}
          data-testid="transparency-publish"
        />
        <Typography.Text>{t('transparency.publishSwitch', { year })}</Typography.Text>
        <Link to="/transparency">{t('transparency.open')}</Link>
      </Flex>
    </Card>
  );
}
