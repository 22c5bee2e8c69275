import { Flex } from 'antd';
import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { DemoBanner } from '../components/DemoBanner';
import { FullPageSpin } from '../components/FullPageSpin';

/** Every page: the demo banner on top, then the page. */
export function RootLayout() {
  return (
    <Flex vertical style={{ minHeight: '100vh' }}>
      <DemoBanner />
      <Suspense fallback={<FullPageSpin />}>
        <Outlet />
      </Suspense>
    </Flex>
  );
}
