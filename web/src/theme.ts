import type { ThemeConfig } from 'antd';

/** Noto Sans SC comes from @fontsource (the machines have no CJK fonts of their own). */
export const FONT_FAMILY =
  "'Noto Sans SC', -apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/**
 * Colours chosen for WCAG 2.1 AA (≥ 4.5:1 for text on its own background; docs/decisions.md
 * D-a11y-1). antd's defaults fall short: tertiary/description text #8c8c8c (3.36:1 on white),
 * links #1677ff (4.1:1), success text #52c41a and warning text #faad14 on their tag backgrounds
 * (2.2:1, 1.8:1), placeholders at 25 % black, and the preset tag colours' text (step 7 of
 * green/orange/gold/cyan/lime/volcano, 2.5–3.4:1 on step 1).
 */
export const A11Y_COLOURS = {
  primary: '#1f5fbf', // 6.09:1 on white
  // antd lightens the primary under the mouse (#417dcc: white text on it 4.17:1); darken it.
  primaryHover: '#17488f', // white on it ≈ 8.5:1
  tertiaryText: '#666666', // 5.74:1 on white, 5.27:1 on the layout's #f5f5f5
  placeholder: '#757575', // 4.61:1 on white
  success: '#237804', // 5.59:1 on white, 5.44:1 on its tag background
  warning: '#ad4e00', // 5.43:1 on white, 5.09:1 on its tag background
  error: '#cf1322', // 5.57:1 on white, 5.07:1 on its tag background
} as const;

export const appTheme: ThemeConfig = {
  token: {
    fontFamily: FONT_FAMILY,
    colorPrimary: A11Y_COLOURS.primary,
    colorInfo: A11Y_COLOURS.primary,
    colorLink: A11Y_COLOURS.primary,
    colorPrimaryHover: A11Y_COLOURS.primaryHover,
    colorLinkHover: A11Y_COLOURS.primaryHover,
    colorSuccess: A11Y_COLOURS.success,
    colorWarning: A11Y_COLOURS.warning,
    colorError: A11Y_COLOURS.error,
    // The tag and alert backgrounds stay antd's light ones (derived from the darker text colours
    // above they turn grey: #adb8a5 under green text, 2.7:1).
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorWarningBg: '#fff7e6',
    colorWarningBorder: '#ffd591',
    colorErrorBg: '#fff1f0',
    colorErrorBorder: '#ffa39e',
    colorTextTertiary: A11Y_COLOURS.tertiaryText,
    colorTextDescription: A11Y_COLOURS.tertiaryText,
    colorTextPlaceholder: A11Y_COLOURS.placeholder,
    // Preset tags draw step 7 of a colour on its step 1; orange and volcano are seeded one
    // step darker so that step 7 reaches 4.5:1 (#ad4e00 on #fff6e6, #ad2102 on #ffefe6).
    // (Overriding green7… does not reach the tags: antd derives them from these seeds.)
    // Green, gold and cyan tags would turn grey that way: the UI uses success/warning/geekblue.
    orange: '#d46b08',
    volcano: '#d4380d',
    borderRadius: 6,
  },
  components: {
    Layout: { headerHeight: 56 },
    // An empty table's “暂无数据” is drawn in the disabled colour (25 % black): readable instead.
    Table: { colorTextDisabled: A11Y_COLOURS.placeholder },
  },
};
