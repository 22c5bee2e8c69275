import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { setDayjsLang } from '../lib/time';
import { I18nContext, type I18nValue, type Lang } from './context';
import { loadLang, storedLang, storeLang, translate } from './messages';

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);

  useEffect(() => {
    document.documentElement.lang = lang;
    setDayjsLang(lang);
  }, [lang]);

  // A language switch takes effect once its dictionary is here (English is fetched on demand).
  const setLang = useCallback((next: Lang) => {
    storeLang(next);
    void loadLang(next).then(() => {
      setDayjsLang(next);
      setLangState(next);
    });
  }, []);

  const value = useMemo<I18nValue>(
    () => ({ lang, setLang, t: (key, vars) => translate(lang, key, vars) }),
    [lang, setLang],
  );

  return <I18nContext value={value}>{children}</I18nContext>;
}
