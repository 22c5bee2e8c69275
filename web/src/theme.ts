import type { ThemeConfig } from 'antd';

/** Noto Sans SC comes from @fontsource (the machines have no CJK fonts of their own). */
export const FONT_FAMILY =
  "'Noto Sans SC', -apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', sans-serif";

export const appTheme: ThemeConfig = {
  token: {
    fontFamily: FONT_FAMILY,
    colorPrimary: '#1f5fbf',
    borderRadius: 6,
  },
  components: {
    Layout: { headerHeight: 56 },
  },
};
