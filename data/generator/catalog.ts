/**
 * The fixed catalogue of the synthetic cluster: districts, parks, banks and the
 * characters firm names are made of. Districts are Wenzhou's real county-level
 * divisions (so region filters look familiar); every park, bank and firm name is
 * invented — any match with a registered name is a coincidence.
 */
import type { BankKind, ParkKind } from '../../src/model/schema.ts';

/** County-level divisions of Wenzhou, with the share of firms outside parks. */
export const DISTRICTS: readonly { name: string; short: string; weight: number }[] = Object.freeze([
  { name: '鹿城区', short: '鹿城', weight: 0.14 },
  { name: '龙湾区', short: '龙湾', weight: 0.12 },
  { name: '瓯海区', short: '瓯海', weight: 0.14 },
  { name: '洞头区', short: '洞头', weight: 0.02 },
  { name: '乐清市', short: '乐清', weight: 0.15 },
  { name: '瑞安市', short: '瑞安', weight: 0.14 },
  { name: '龙港市', short: '龙港', weight: 0.05 },
  { name: '永嘉县', short: '永嘉', weight: 0.1 },
  { name: '平阳县', short: '平阳', weight: 0.06 },
  { name: '苍南县', short: '苍南', weight: 0.05 },
  { name: '文成县', short: '文成', weight: 0.015 },
  { name: '泰顺县', short: '泰顺', weight: 0.015 },
]);

export interface ParkSpec {
  name: string;
  /** Index into DISTRICTS. */
  district: number;
  kind: ParkKind;
  lead: readonly string[];
  rating: number;
}

/**
 * Parks in the order they are taken: the first six (four micro-enterprise parks,
 * the industrial park and the tech park) are always present, the last two join
 * as the cluster grows.
 */
export const PARK_SPECS: readonly ParkSpec[] = Object.freeze([
  { name: '瓯海鞋革小微企业园', district: 2, kind: 'micro', lead: ['C1952', 'C1910'], rating: 4.2 },
  { name: '永嘉泵阀小微企业园', district: 7, kind: 'micro', lead: ['C3443', 'C3441'], rating: 3.9 },
  { name: '乐清电气小微企业园', district: 4, kind: 'micro', lead: ['C3823', 'C3831'], rating: 4.5 },
  { name: '瑞安汽配小微企业园', district: 5, kind: 'micro', lead: ['C3670', 'C3482'], rating: 4.0 },
  { name: '龙湾智造产业园', district: 1, kind: 'industrial', lead: ['C3391', 'C2929', 'C3812'], rating: 3.8 },
  { name: '瓯江科创园', district: 0, kind: 'tech', lead: ['I6513', 'C3823'], rating: 4.6 },
  { name: '鹿城眼镜小微企业园', district: 0, kind: 'micro', lead: ['C3587'], rating: 3.6 },
  { name: '瓯海服装小微企业园', district: 2, kind: 'micro', lead: ['C1810', 'C1751'], rating: 3.7 },
]);

/**
 * Banks in the order they are taken (the first eight cover every kind). Tier-1
 * capital is set from each bank's loan book in the dataset at the capital ratio of
 * its kind (see loans.ts), i.e. the capital that backs the book this cluster sees.
 */
export const BANK_SPECS: readonly { name: string; kind: BankKind }[] = Object.freeze([
  { name: '国瑞银行温州分行', kind: 'state' },
  { name: '瀚海商业银行温州分行', kind: 'joint_stock' },
  { name: '瓯越银行', kind: 'city' },
  { name: '雁荡农村商业银行', kind: 'rural' },
  { name: '飞云村镇银行', kind: 'village' },
  { name: '华岳银行温州分行', kind: 'state' },
  { name: '同舟银行温州分行', kind: 'joint_stock' },
  { name: '楠溪农村商业银行', kind: 'rural' },
  { name: '东瓯城市商业银行', kind: 'city' },
  { name: '玉苍村镇银行', kind: 'village' },
  { name: '中恒银行温州分行', kind: 'state' },
  { name: '启明银行温州分行', kind: 'joint_stock' },
]);

/**
 * Tier-1 capital per unit of loans by bank kind: the big banks hold more capital
 * against a local book because the book is a small part of their balance sheet.
 */
export const CAPITAL_PER_LOAN: Readonly<Record<BankKind, number>> = Object.freeze({
  state: 0.6, joint_stock: 0.35, city: 0.14, rural: 0.12, village: 0.1, other: 0.12,
});

/** Base lending rate by bank kind (fraction); firm size and risk add a spread. */
export const BASE_RATE: Readonly<Record<BankKind, number>> = Object.freeze({
  state: 0.034, joint_stock: 0.038, city: 0.043, rural: 0.048, village: 0.055, other: 0.05,
});

/** Characters of a firm's trade name (字号); two distinct ones make a name. */
export const TRADE_NAME_CHARS = '明辉华宏鑫泰盛达恒瑞丰源隆昌嘉兴福顺利康安凯宇腾欣锦诚信德永正东新金美豪伟创博远通力捷汇峰海龙益卓群';
