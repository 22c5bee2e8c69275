import { createContext } from 'react';
import type { MessageKey } from '../locales/zh-CN';

export type Lang = 'zh-CN' | 'en';

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

export interface I18nValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

export const I18nContext = createContext<I18nValue | null>(null);
