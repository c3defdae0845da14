/** Human formatting of dataset amounts shared by commands. */
import type { DatasetMeta } from '../model/schema.ts';

/** The amount unit as people say it: 10000 CNY = 万元, 1 CNY = 元, else "× unit CUR". */
export function unitLabel(meta: DatasetMeta): string {
  if (meta.currency === 'CNY') {
    if (meta.unit === 10000) return '万元';
    if (meta.unit === 1) return '元';
    if (meta.unit === 1e8) return '亿元';
  }
  return meta.unit === 1 ? meta.currency : `× ${meta.unit} ${meta.currency}`;
}

/** An amount with thousands separators and two decimals (万元 to the hundred yuan). */
export function amount(x: number): string {
  return Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : '-';
}
