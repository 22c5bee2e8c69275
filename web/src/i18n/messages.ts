import { type MessageKey, type Messages, zhCN } from '../locales/zh-CN';
import type { Lang, Vars } from './context';

/**
 * Chinese is the reference language and always present. English is fetched when first chosen
 * (a separate chunk): most users never download it, and every page's first download stays
 * within its budget (server/test/http/web-assets.test.ts).
 */
let english: Messages | null = null;
let englishLoading: Promise<void> | null = null;

export function loadLang(lang: Lang): Promise<void> {
  if (lang === 'zh-CN' || english) return Promise.resolve();
  englishLoading ??= import('../locales/en').then((module) => {
    english = module.en;
  });
  return englishLoading;
}

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
  const dictionary = lang === 'en' && english ? english : zhCN;
  const text = dictionary[key] ?? zhCN[key] ?? key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

/** For keys built from data (role codes, outcomes): falls back when the key is unknown. */
export function hasMessage(key: string): key is MessageKey {
  return key in zhCN;
}
