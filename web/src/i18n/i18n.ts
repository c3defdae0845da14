/**
 * Language choice and message lookup. The language comes from (1) the user's
 * last choice in localStorage, else (2) the first of navigator.languages that we
 * support (any `zh*` → zh-CN, any `en*` → en), else en. The choice is written to
 * `<html lang>` so screen readers and fonts follow it.
 */
import { en, zhCN, type MessageKey, type Messages } from './messages.ts';

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const LANG_STORAGE_KEY = 'xinlian.lang';

const TABLES: Record<Lang, Messages> = { 'zh-CN': zhCN, en };

/** Pure: pick the language from a stored value and the browser's preferences. */
export function resolveLang(stored: string | null, preferred: readonly string[]): Lang {
  if (stored === 'zh-CN' || stored === 'en') return stored;
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export function detectLang(): Lang {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(LANG_STORAGE_KEY);
  } catch {
    // Storage can be disabled (privacy mode); fall back to the browser language.
  }
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  return resolveLang(stored, preferred);
}

export function persistLang(lang: Lang): void {
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Not fatal: the choice just will not survive a reload.
  }
  document.documentElement.lang = lang;
}

/** The message for `key` in `lang`, with `{name}` placeholders filled from `params`. */
export function t(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const template = TABLES[lang][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The other language, for the switch button. */
export function otherLang(lang: Lang): Lang {
  return lang === 'en' ? 'zh-CN' : 'en';
}

/** Native name of a language, shown on the switch (never translated). */
export const LANG_NAMES: Record<Lang, string> = { 'zh-CN': '中文', en: 'English' };
