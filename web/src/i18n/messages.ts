import { en } from '../locales/en';
import { type MessageKey, type Messages, zhCN } from '../locales/zh-CN';
import type { Lang, Vars } from './context';

const dictionaries: Record<Lang, Messages> = { 'zh-CN': zhCN, en };

export const LANG_STORAGE_KEY = 'yunquan.lang';

export function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function storeLang(lang: Lang): void {
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const text = dictionaries[lang][key] ?? zhCN[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

/** For keys built from data (role codes, outcomes): falls back when the key is unknown. */
export function hasMessage(key: string): key is MessageKey {
  return key in zhCN;
}
