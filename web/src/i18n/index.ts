export { en, zhCN, type MessageKey, type Messages } from './messages.ts';
export { LANGS, LANG_NAMES, LANG_STORAGE_KEY, detectLang, otherLang, persistLang, resolveLang, t, type Lang } from './i18n.ts';
export { amountUnitLabel, formatNumber, formatShare } from './format.ts';
