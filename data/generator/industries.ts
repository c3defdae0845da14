/**
 * The industries of the synthetic Wenzhou-style cluster, with their GB/T 4754-2017
 * codes (国民经济行业分类), and the input table that says which industry supplies
 * which. Codes are checked against the 2017 class list (e.g. C3482 紧固件制造 is the
 * 2017 code; it was C3483 in the 2011 edition). F51 and G54 are division codes,
 * which the dataset format allows. The 2017 standard has no class for financing
 * guarantee companies (L7296 is *non*-financing guarantee); they are filed here under
 * J6639 其他非货币银行服务, which is where local registries commonly place them.
 */

export type IndustryRole = 'lead' | 'upstream' | 'service' | 'finance';

export interface IndustryInfo {
  /** GB/T 4754-2017 code. */
  code: string;
  zh: string;
  en: string;
  /** The word a firm of this industry carries in its name (鞋业, 阀门 …). */
  nameWord: string;
  role: IndustryRole;
  /** Share of the cluster's enterprises in this industry (weights sum to 1). */
  weight: number;
  /** Annual revenue per employee, 万元 (order of magnitude for the industry). */
  revenuePerEmployee: number;
  /** Probability that a firm of the industry exports (flag foreign_trade). */
  exportShare: number;
  /** Probability that a firm of the industry is a certified tech firm (flag tech). */
  techShare: number;
}

export const INDUSTRIES: readonly IndustryInfo[] = Object.freeze([
  { code: 'C1952', zh: '皮鞋制造', en: 'Leather footwear', nameWord: '鞋业', role: 'lead', weight: 0.14, revenuePerEmployee: 35, exportShare: 0.35, techShare: 0.02 },
  { code: 'C3587', zh: '眼镜制造', en: 'Eyewear', nameWord: '眼镜', role: 'lead', weight: 0.05, revenuePerEmployee: 30, exportShare: 0.45, techShare: 0.04 },
  { code: 'C3443', zh: '阀门和旋塞制造', en: 'Valves and cocks', nameWord: '阀门', role: 'lead', weight: 0.09, revenuePerEmployee: 60, exportShare: 0.25, techShare: 0.08 },
  { code: 'C3441', zh: '泵及真空设备制造', en: 'Pumps and vacuum equipment', nameWord: '泵业', role: 'lead', weight: 0.05, revenuePerEmployee: 60, exportShare: 0.2, techShare: 0.08 },
  { code: 'C3823', zh: '配电开关控制设备制造', en: 'Power distribution and switch control equipment', nameWord: '电气', role: 'lead', weight: 0.12, revenuePerEmployee: 70, exportShare: 0.15, techShare: 0.12 },
  { code: 'C3482', zh: '紧固件制造', en: 'Fasteners', nameWord: '标准件', role: 'lead', weight: 0.05, revenuePerEmployee: 55, exportShare: 0.2, techShare: 0.03 },
  { code: 'C1810', zh: '机织服装制造', en: 'Woven garments', nameWord: '服饰', role: 'lead', weight: 0.08, revenuePerEmployee: 30, exportShare: 0.3, techShare: 0.01 },
  { code: 'C3670', zh: '汽车零部件及配件制造', en: 'Auto parts and accessories', nameWord: '汽配', role: 'lead', weight: 0.08, revenuePerEmployee: 65, exportShare: 0.2, techShare: 0.1 },
  { code: 'C1910', zh: '皮革鞣制加工', en: 'Leather tanning', nameWord: '皮革', role: 'upstream', weight: 0.03, revenuePerEmployee: 80, exportShare: 0.05, techShare: 0.01 },
  { code: 'C2929', zh: '塑料零件及其他塑料制品制造', en: 'Plastic parts', nameWord: '塑胶', role: 'upstream', weight: 0.05, revenuePerEmployee: 60, exportShare: 0.05, techShare: 0.03 },
  { code: 'C3391', zh: '黑色金属铸造', en: 'Ferrous metal casting', nameWord: '铸造', role: 'upstream', weight: 0.04, revenuePerEmployee: 70, exportShare: 0.03, techShare: 0.02 },
  { code: 'C3831', zh: '电线、电缆制造', en: 'Wire and cable', nameWord: '线缆', role: 'upstream', weight: 0.03, revenuePerEmployee: 120, exportShare: 0.05, techShare: 0.05 },
  { code: 'C1751', zh: '化纤织造加工', en: 'Synthetic fibre weaving', nameWord: '纺织', role: 'upstream', weight: 0.03, revenuePerEmployee: 50, exportShare: 0.1, techShare: 0.01 },
  { code: 'C3251', zh: '铜压延加工', en: 'Copper rolling and drawing', nameWord: '铜业', role: 'upstream', weight: 0.02, revenuePerEmployee: 200, exportShare: 0.03, techShare: 0.02 },
  { code: 'C3812', zh: '电动机制造', en: 'Electric motors', nameWord: '电机', role: 'upstream', weight: 0.02, revenuePerEmployee: 70, exportShare: 0.1, techShare: 0.08 },
  { code: 'C2231', zh: '纸和纸板容器制造', en: 'Paper and paperboard containers', nameWord: '包装', role: 'upstream', weight: 0.02, revenuePerEmployee: 50, exportShare: 0.02, techShare: 0.01 },
  { code: 'F51', zh: '批发业', en: 'Wholesale trade', nameWord: '商贸', role: 'service', weight: 0.05, revenuePerEmployee: 150, exportShare: 0.3, techShare: 0 },
  { code: 'G54', zh: '道路运输业', en: 'Road transport', nameWord: '物流', role: 'service', weight: 0.03, revenuePerEmployee: 40, exportShare: 0, techShare: 0 },
  { code: 'I6513', zh: '应用软件开发', en: 'Application software development', nameWord: '信息技术', role: 'service', weight: 0.02, revenuePerEmployee: 45, exportShare: 0.02, techShare: 0.7 },
  { code: 'J6639', zh: '其他非货币银行服务（融资担保）', en: 'Other non-monetary banking (financing guarantee)', nameWord: '融资担保', role: 'finance', weight: 0, revenuePerEmployee: 0, exportShare: 0, techShare: 0 },
]);

/** Index of the industry of professional guarantee companies in INDUSTRIES. */
export const GUARANTOR_INDUSTRY = INDUSTRIES.findIndex((i) => i.role === 'finance');

const BY_CODE = new Map(INDUSTRIES.map((info, i) => [info.code, i]));

/** Index in INDUSTRIES of a code; throws on an unknown code (a programming error). */
export function industryIndex(code: string): number {
  const i = BY_CODE.get(code);
  if (i === undefined) throw new Error(`unknown industry code ${code}`);
  return i;
}

/** Code → { zh, en } for reports and the viewer. */
export function industryLabel(code: string): { zh: string; en: string } | undefined {
  const i = BY_CODE.get(code);
  return i === undefined ? undefined : { zh: INDUSTRIES[i].zh, en: INDUSTRIES[i].en };
}

/**
 * Input table: supplier industry → customer industry, with the weight of that input
 * in the customer's purchases (weights per customer are normalised when drawn).
 * Leather → shoes, casting → valves and pumps, copper → wire → low-voltage gear …;
 * wholesalers resell finished goods and feed raw materials to the upstream trades,
 * and road transport serves every manufacturer.
 */
export const INDUSTRY_INPUTS: readonly { supplier: string; customer: string; weight: number }[] = Object.freeze([
  { supplier: 'C1910', customer: 'C1952', weight: 4 },
  { supplier: 'C2929', customer: 'C1952', weight: 2 },
  { supplier: 'C1751', customer: 'C1952', weight: 1 },
  { supplier: 'C2231', customer: 'C1952', weight: 1 },
  { supplier: 'C2929', customer: 'C3587', weight: 3 },
  { supplier: 'C3251', customer: 'C3587', weight: 2 },
  { supplier: 'C3482', customer: 'C3587', weight: 1 },
  { supplier: 'C2231', customer: 'C3587', weight: 1 },
  { supplier: 'C3391', customer: 'C3443', weight: 4 },
  { supplier: 'C3482', customer: 'C3443', weight: 2 },
  { supplier: 'C3251', customer: 'C3443', weight: 1 },
  { supplier: 'C3391', customer: 'C3441', weight: 3 },
  { supplier: 'C3812', customer: 'C3441', weight: 3 },
  { supplier: 'C3482', customer: 'C3441', weight: 1 },
  { supplier: 'C3443', customer: 'C3441', weight: 1 },
  { supplier: 'C3831', customer: 'C3823', weight: 3 },
  { supplier: 'C3251', customer: 'C3823', weight: 2 },
  { supplier: 'C2929', customer: 'C3823', weight: 2 },
  { supplier: 'C3482', customer: 'C3823', weight: 1 },
  { supplier: 'I6513', customer: 'C3823', weight: 1 },
  { supplier: 'F51', customer: 'C3482', weight: 2 },
  { supplier: 'C3391', customer: 'C3482', weight: 1 },
  { supplier: 'C1751', customer: 'C1810', weight: 4 },
  { supplier: 'C2231', customer: 'C1810', weight: 1 },
  { supplier: 'C3391', customer: 'C3670', weight: 3 },
  { supplier: 'C2929', customer: 'C3670', weight: 2 },
  { supplier: 'C3482', customer: 'C3670', weight: 2 },
  { supplier: 'C3831', customer: 'C3670', weight: 1 },
  { supplier: 'C3812', customer: 'C3670', weight: 1 },
  { supplier: 'I6513', customer: 'C3670', weight: 1 },
  { supplier: 'F51', customer: 'C1910', weight: 1 },
  { supplier: 'F51', customer: 'C2929', weight: 1 },
  { supplier: 'F51', customer: 'C3391', weight: 1 },
  { supplier: 'C3251', customer: 'C3831', weight: 3 },
  { supplier: 'C2929', customer: 'C3831', weight: 1 },
  { supplier: 'F51', customer: 'C1751', weight: 1 },
  { supplier: 'F51', customer: 'C3251', weight: 1 },
  { supplier: 'C3251', customer: 'C3812', weight: 2 },
  { supplier: 'C3391', customer: 'C3812', weight: 1 },
  { supplier: 'F51', customer: 'C2231', weight: 1 },
  { supplier: 'C1952', customer: 'F51', weight: 3 },
  { supplier: 'C1810', customer: 'F51', weight: 2 },
  { supplier: 'C3587', customer: 'F51', weight: 1 },
  { supplier: 'C3823', customer: 'F51', weight: 2 },
  { supplier: 'C3443', customer: 'F51', weight: 1 },
  { supplier: 'F51', customer: 'G54', weight: 1 },
  { supplier: 'F51', customer: 'I6513', weight: 1 },
  ...['C1952', 'C3587', 'C3443', 'C3441', 'C3823', 'C3482', 'C1810', 'C3670'].map((customer) => ({ supplier: 'G54', customer, weight: 0.5 })),
]);
