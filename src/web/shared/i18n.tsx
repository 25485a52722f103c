import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { zh, en, type MessageKey } from './messages.js';
import { formatMessage } from './format-message.js';

export type Lang = 'zh-CN' | 'en-US';

interface I18n {
  lang: Lang;
  setLang(l: Lang): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** Picks the message of the current language from a bilingual API error or label. */
  pick(zhText: string, enText: string): string;
  /** 适老化 mode: large type, high contrast. */
  elderly: boolean;
  setElderly(on: boolean): void;
}

const I18nContext = createContext<I18n | undefined>(undefined);
const STORAGE_KEY = 'tongban.lang';

function initialLang(): Lang {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return saved === 'en-US' ? 'en-US' : 'zh-CN';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [elderly, setElderlyState] = useState<boolean>(() => typeof localStorage !== 'undefined' && localStorage.getItem('tongban.elderly') === '1');
  const setElderly = useCallback((on: boolean) => {
    localStorage.setItem('tongban.elderly', on ? '1' : '0');
    setElderlyState(on);
  }, []);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    document.documentElement.lang = l;
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => {
    const dict = lang === 'zh-CN' ? zh : en;
    return {
      lang,
      setLang,
      t: (key, vars) => formatMessage(dict[key] ?? zh[key] ?? key, vars, lang),
      pick: (zhText, enText) => (lang === 'zh-CN' ? zhText : enText),
      elderly,
      setElderly,
    };
  }, [lang, setLang, elderly, setElderly]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
