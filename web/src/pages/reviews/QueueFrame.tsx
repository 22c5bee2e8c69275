import { Input, Tabs } from 'antd';
import type { ReactNode } from 'react';
import type { ReviewStatus } from '../../api/enterprise';
import type { QueueCounts } from '../../api/reviews';
import { useT } from '../../i18n/useT';

const STATUSES: ReviewStatus[] = ['submitted', 'returned', 'approved'];

/** Tabs by status with counts, and a search box, above a queue's table. */
export function QueueFrame({
  status,
  counts,
  onStatus,
  onSearch,
  children,
}: {
  status: ReviewStatus;
  counts: QueueCounts | undefined;
  onStatus: (status: ReviewStatus) => void;
  onSearch: (q: string) => void;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <>
      <Tabs
        activeKey={status}
        onChange={(key) => onStatus(key as ReviewStatus)}
        items={STATUSES.map((key) => ({
          key,
          label: t(`review.tab.${key}`, { count: counts?.[key] ?? 0 }),
        }))}
        tabBarExtraContent={
          <Input.Search
            allowClear
            placeholder={t('review.search')}
            onSearch={(value) => onSearch(value.trim())}
            style={{ width: 300 }}
            data-testid="review-search"
          />
        }
      />
      {children}
    </>
  );
}
