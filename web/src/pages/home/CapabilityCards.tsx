import { ArrowRightOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Row, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { Role } from '../../api/types';
import { useI18n } from '../../i18n/useT';
import { formatArticles } from '../../lib/articles';
import type { Feature } from '../../workspace/features';
import { featureHref } from '../../workspace/workspaces';

/** One card per menu entry: what it is for, and the way in. */
export function CapabilityCards({ role, features }: { role: Role; features: Feature[] }) {
  const { t, lang } = useI18n();
  return (
    <Row gutter={[16, 16]}>
      {features.map((feature) => {
        const Icon = feature.icon;
        return (
          <Col key={feature.key} xs={24} md={12} xl={8}>
            <Card
              style={{ height: '100%' }}
              title={
                <Flex align="center" gap={8}>
                  <Icon />
                  {t(`feature.${feature.key}.label`)}
                </Flex>
              }
              extra={<Tag color="success">{t('home.available')}</Tag>}
              data-testid={`capability-${feature.key}`}
            >
              <Typography.Paragraph type="secondary" style={{ minHeight: 44 }}>
                {t(`feature.${feature.key}.desc`)}
              </Typography.Paragraph>
              {feature.articles ? (
                <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                  {t('home.basis', { articles: formatArticles(feature.articles, lang) })}
                </Typography.Paragraph>
              ) : null}
              <Link to={featureHref(role, feature)}>
                <Button type="primary" icon={<ArrowRightOutlined />}>
                  {t('home.open')}
                </Button>
              </Link>
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
