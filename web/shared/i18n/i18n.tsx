import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

/** Vietnamese first; English is the second language, switchable in the header and remembered by the browser. */
export const languages = ['vi', 'en'] as const;
export type Language = (typeof languages)[number];

/** A message: a text, or a function of its parameters. */
type Message = string | ((...args: never[]) => string);
export interface MessageTree {
  [key: string]: Message | MessageTree;
}

/** The English texts must have every key of the Vietnamese ones, with the same parameters. */
export type Translation<T> = {
  [K in keyof T]: T[K] extends string ? string : T[K] extends (...args: infer A) => string ? (...args: A) => string : Translation<T[K]>;
};

export interface Messages<T> {
  vi: T;
  en: Translation<T>;
}

/**
 * A desk's or a capability's texts, kept beside its code (`messages.ts`): every string a person sees goes through
 * one of these. A key missing in English, or a parameter changed in one language only, fails the typecheck.
 */
export function defineMessages<T extends MessageTree>(vi: T, en: Translation<T>): Messages<T> {
  return { vi, en };
}

interface LanguageState {
  language: Language;
  setLanguage(language: Language): void;
}

const LanguageContext = createContext<LanguageState>({ language: 'vi', setLanguage: () => undefined });
const storageKey = 'tongdai1022.language';

function storedLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(storageKey);
    return stored === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi'; // storage refused (private mode): Vietnamese
  }
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(storedLanguage);
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      window.localStorage.setItem(storageKey, next);
    } catch {
      // not remembered: it still applies to this page
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo(() => ({ language, setLanguage }), [language, setLanguage]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  return useContext(LanguageContext);
}

/** The texts of `messages` in the current language. */
export function useMessages<T>(messages: Messages<T>): T {
  const { language } = useLanguage();
  return (language === 'en' ? messages.en : messages.vi) as T;
}
