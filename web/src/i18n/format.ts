/**
 * Locale-aware number formatting. Amounts stay in the dataset's unit
 * (meta.unit currency units, 10000 = 万元, DATA_FORMAT.md); the unit is shown once
 * in the panel header instead of being multiplied out, so figures match the CSV.
 */
import type { Lang } from './i18n.ts';
import { t } from './i18n.ts';

const cache = new Map<string, Intl.NumberFormat>();
function formatter(lang: Lang, maximumFractionDigits: number): Intl.NumberFormat {
  const key = `${lang}|${maximumFractionDigits}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang, { maximumFractionDigits });
    cache.set(key, f);
  }
  return f;
}

/** An amount or count; missing values (null, undefined, NaN) render as an en dash. */
export function formatNumber(lang: Lang, value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return formatter(lang, digits).format(value);
}

/** A share in [0, 1] as a percentage. */
export function formatShare(lang: Lang, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return `${formatter(lang, 1).format(value * 100)} %`;
}

/** The label of the dataset's amount unit: 万元 for unit 10000 in CNY, else "unit currency". */
export function amountUnitLabel(lang: Lang, unit: number, currency: string): string {
  if (unit === 10000 && currency === 'CNY') return t(lang, 'unit.wan');
  if (unit === 1) return t(lang, 'unit.currency', { currency });
  return t(lang, 'unit.scaled', { unit: formatNumber(lang, unit, 0), currency });
}
