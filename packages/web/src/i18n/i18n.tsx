// A tiny translation layer: a language context, `useT()` returning `t(key, params)`.
// The choice lives in memory and in this tab's sessionStorage only (no cookie, no localStorage:
// nothing must outlive the tab on a device that may be shared with an abuser).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en.js';
import { fr, type Catalogue, type MessageKey } from './fr.js';

export const LANGUAGES = ['fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export type { MessageKey };
export type Params = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: Params) => string;

const catalogues: Record<Language, Catalogue> = { fr, en };
const STORAGE_KEY = 'brigade.lang';

/** Replaces `{name}` by params.name; unknown placeholders stay visible (a bug to notice, not hide). */
export function format(template: string, params?: Params): string {
  if (params === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function translator(lang: Language): Translate {
  const catalogue = catalogues[lang];
  return (key, params) => format(catalogue[key], params);
}

function isLanguage(value: unknown): value is Language {
  return value === 'fr' || value === 'en';
}

function storedLanguage(): Language {
  try {
    const value = sessionStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : 'fr';
  } catch {
    return 'fr';
  }
}

interface LanguageContextValue {
  lang: Language;
  setLang(lang: Language): void;
  t: Translate;
}

const LanguageContext = createContext<LanguageContextValue>({ lang: 'fr', setLang: () => {}, t: translator('fr') });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(storedLanguage);
  const setLang = useCallback((next: Language) => {
    setLangState(next);
    try {
      // French is the default: only a different choice needs remembering.
      if (next === 'fr') sessionStorage.removeItem(STORAGE_KEY);
      else sessionStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Storage refused (private mode quotas…): the choice still holds in memory.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(() => ({ lang, setLang, t: translator(lang) }), [lang, setLang]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useT(): Translate {
  return useContext(LanguageContext).t;
}

export function useLanguage(): { lang: Language; setLang(lang: Language): void } {
  const { lang, setLang } = useContext(LanguageContext);
  return { lang, setLang };
}
