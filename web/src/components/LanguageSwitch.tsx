import { Segmented } from 'antd';
import type { Lang } from '../i18n/context';
import { useI18n } from '../i18n/useT';

const OPTIONS: { label: string; value: Lang }[] = [
  { label: '中文', value: 'zh-CN' },
  { label: 'English', value: 'en' },
];

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Segmented<Lang>
      size="small"
      options={OPTIONS}
      value={lang}
      onChange={setLang}
      aria-label={t('lang.label')}
      data-testid="language-switch"
    />
  );
}
