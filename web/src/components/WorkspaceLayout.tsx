import { HomeOutlined } from '@ant-design/icons';
import { Layout, Menu, type MenuProps, Typography, theme } from 'antd';
import { Suspense, useEffect, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { useSystemInfo } from '../api/system';
import type { Me, Role } from '../api/types';
import { useT } from '../i18n/useT';
import { useFocusableScrollRegions } from '../lib/useFocusableScrollRegions';
import { FEATURES } from '../workspace/features';
import { menuFeatures, WORKSPACES } from '../workspace/workspaces';
import { AppHeader } from './AppHeader';
import { FullPageSpin } from './FullPageSpin';

const { Sider, Header, Content, Footer } = Layout;

/** One role's workspace: its own side menu, its title, and the page chosen in the menu. */
export function WorkspaceLayout({ role, me }: { role: Role; me: Me }) {
  const t = useT();
  const { token } = theme.useToken();
  const location = useLocation();
  const { data: info } = useSystemInfo();
  const [collapsed, setCollapsed] = useState(false);
  useFocusableScrollRegions();
  const { base } = WORKSPACES[role];

  const features = menuFeatures(role, me.permissions);
  const items: MenuProps['items'] = [
    { key: '', icon: <HomeOutlined />, label: <Link to={base}>{t('nav.home')}</Link> },
    ...features.map((feature) => {
      const Icon = feature.icon;
      return {
        key: feature.path,
        icon: <Icon />,
        label: <Link to={`${base}/${feature.path}`}>{t(`feature.${feature.key}.label`)}</Link>,
      };
    }),
  ];
  const selected = location.pathname.slice(base.length + 1).split('/')[0] ?? '';
  const current = features.find((feature) => feature.path === selected);
  const workspaceTitle = t(`workspace.${role}.title`);
  const pageTitle = current ? t(`feature.${current.key}.label`) : workspaceTitle;

  useEffect(() => {
    document.title = `${pageTitle} · ${t('app.name')}`;
  }, [pageTitle, t]);

  return (
    <Layout style={{ flex: 1 }} data-testid={`workspace-${role}`}>
      <Sider
        width={224}
        theme="light"
        breakpoint="lg"
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}
      >
        <Link to={base} style={{ display: 'block', padding: '16px 24px' }}>
          <Typography.Text strong style={{ fontSize: 20, color: token.colorPrimary }}>
            {collapsed ? t('app.name').slice(0, 1) : t('app.name')}
          </Typography.Text>
        </Link>
        <Menu
          mode="inline"
          selectedKeys={[selected]}
          items={items}
          aria-label={t('nav.menu')}
          style={{ borderInlineEnd: 'none' }}
        />
      </Sider>
      <Layout>
        <Header
          style={{
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            paddingInline: 24,
          }}
        >
          <AppHeader
            title={workspaceTitle}
            me={me}
            notificationsHref={`${base}/${FEATURES.notifications.path}`}
          />
        </Header>
        <Content role="main" style={{ padding: 24 }}>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Content>
        <Footer style={{ textAlign: 'center', color: token.colorTextTertiary }}>
          {t('app.name')} · {t('app.fullName')}
          {info?.version ? ` · v${info.version}` : ''}
        </Footer>
      </Layout>
    </Layout>
  );
}
