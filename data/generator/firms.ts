/**
 * Firm plan: who the firms are, held in typed arrays so a million firms cost tens
 * of megabytes, not a million objects.
 *
 * Size: employees drawn per size class (micro 38 %, small 47 %, medium 12 %, large
 * 3 %), with the industrial headcount bounds of 中小企业划型标准规定 (工信部联企业
 * [2011] 300号: micro < 20, small 20–299, medium 300–999, large ≥ 1000),
 * log-uniform inside each class: the heavy right tail of firm sizes (Axtell 2001,
 * Science 293:1818). Revenue =
 * employees × industry revenue per employee × LN(0, 0.35) (Gibrat-style
 * multiplicative noise); assets = revenue × U(0.6, 1.4); liabilities = assets ×
 * leverage, leverage ~ N(0.55, 0.15) clipped to [0.1, 0.95], zombies U(0.75, 1.15)
 * (so some have negative equity). Amounts are kept in integer hundredths of 万元 so
 * that equity = assets − liabilities is exact in the written decimals.
 */
import type { Rng } from '../../src/engine/index.ts';
import { FIRM_FLAGS, type FirmFlag } from '../../src/model/schema.ts';
import { DISTRICTS, PARK_SPECS } from './catalog.ts';
import { clamp, intBetween, logNormal, pickWeighted, uniform } from './draw.ts';
import { GUARANTOR_INDUSTRY, INDUSTRIES, industryIndex } from './industries.ts';

export const ROLE_ENTERPRISE = 0;
/** Professional guarantee company (firm kind `guarantor`). */
export const ROLE_GUARANTOR = 1;
/** Shell firm: no employees, no revenue, no supply ties. */
export const ROLE_SHELL = 2;

export const SIZE_MICRO = 0;
export const SIZE_SMALL = 1;
export const SIZE_MEDIUM = 2;
export const SIZE_LARGE = 3;
const SIZE_WEIGHTS = [0.38, 0.47, 0.12, 0.03];
const SIZE_EMPLOYEES: readonly [number, number][] = [[1, 19], [20, 299], [300, 999], [1000, 4000]];

/** Financial-health class read by the financials (interest coverage) phase. */
export const HEALTH_SOUND = 0;
/** EBIT / interest < 1 in each of the three years: a zombie by DOMAIN.md. */
export const HEALTH_ZOMBIE = 1;
/** Coverage < 1 in two of the three years only: must not be screened as zombie. */
export const HEALTH_NEAR_ZOMBIE = 2;

export const SHARE_SHELL = 0.015;
export const SHARE_ZOMBIE = 0.04;
export const SHARE_NEAR_ZOMBIE = 0.03;
export const SHARE_DISHONEST = 0.02;

export interface FirmPlan {
  n: number;
  /** Index into INDUSTRIES. */
  industry: Uint8Array;
  /** Index into the dataset's parks, −1 outside any park. */
  park: Int8Array;
  /** Index into DISTRICTS. */
  district: Uint8Array;
  role: Uint8Array;
  size: Uint8Array;
  health: Uint8Array;
  employees: Int32Array;
  founded: Int16Array;
  /** Latest-year revenue in hundredths of 万元 (integer valued). */
  revenue100: Float64Array;
  assets100: Float64Array;
  liabilities100: Float64Array;
  /** Bit i set = FIRM_FLAGS[i]. */
  flags: Uint8Array;
  lgd: Float64Array;
}

export function flagMask(flag: FirmFlag): number {
  return 1 << FIRM_FLAGS.indexOf(flag);
}

/** How many of `n` firms are professional guarantee companies (a few per region). */
export function guaranteeCompanyCount(n: number): number {
  return Math.max(3, Math.round(Math.sqrt(n) / 8));
}

export function planFirms(rng: Rng, n: number, nParks: number, asOfYear: number): FirmPlan {
  const p: FirmPlan = {
    n,
    industry: new Uint8Array(n), park: new Int8Array(n).fill(-1), district: new Uint8Array(n),
    role: new Uint8Array(n), size: new Uint8Array(n), health: new Uint8Array(n),
    employees: new Int32Array(n), founded: new Int16Array(n),
    revenue100: new Float64Array(n), assets100: new Float64Array(n), liabilities100: new Float64Array(n),
    flags: new Uint8Array(n), lgd: new Float64Array(n),
  };
  const industryWeights = INDUSTRIES.map((i) => i.weight);
  const districtWeights = DISTRICTS.map((d) => d.weight);
  const parks = PARK_SPECS.slice(0, nParks);
  const leadParks: number[][] = INDUSTRIES.map((info) => parks.flatMap((s, k) => (s.lead.includes(info.code) ? [k] : [])));
  const industrialPark = parks.findIndex((s) => s.kind === 'industrial');
  const techPark = parks.findIndex((s) => s.kind === 'tech');
  const microParks = parks.flatMap((s, k) => (s.kind === 'micro' ? [k] : []));
  const software = industryIndex('I6513');
  const nGuarantors = guaranteeCompanyCount(n);
  // Guarantee companies are spread evenly through the id range so that any prefix
  // of the firm list looks like the whole cluster.
  const guarantorEvery = Math.floor(n / nGuarantors);
  const dishonest = flagMask('dishonest'), tech = flagMask('tech'), foreign = flagMask('foreign_trade'), stateOwned = flagMask('state_owned');

  for (let f = 0; f < n; f++) {
    if (f % guarantorEvery === guarantorEvery - 1 && Math.floor(f / guarantorEvery) < nGuarantors) {
      p.role[f] = ROLE_GUARANTOR;
      p.industry[f] = GUARANTOR_INDUSTRY;
      p.district[f] = pickWeighted(rng, districtWeights);
      p.size[f] = SIZE_SMALL;
      p.employees[f] = intBetween(rng, 8, 60);
      p.founded[f] = intBetween(rng, 2005, asOfYear - 3);
      // Registered capital of a local financing guarantee company: 2–15 亿元.
      const assets = uniform(rng, 20_000, 150_000);
      p.assets100[f] = Math.round(assets * 100);
      p.liabilities100[f] = Math.round(assets * uniform(rng, 0.1, 0.3) * 100);
      p.revenue100[f] = Math.round(assets * uniform(rng, 0.02, 0.04) * 100);
      p.flags[f] = rng.next() < 0.5 ? stateOwned : 0;
      p.lgd[f] = 0.4;
      continue;
    }
    const ind = pickWeighted(rng, industryWeights);
    p.industry[f] = ind;
    const info = INDUSTRIES[ind];
    p.park[f] = choosePark(rng, leadParks[ind], industrialPark, techPark, microParks, ind === software, info.role);
    p.district[f] = p.park[f] >= 0 ? parks[p.park[f]].district : pickWeighted(rng, districtWeights);

    if (rng.next() < SHARE_SHELL) {
      p.role[f] = ROLE_SHELL;
      p.size[f] = SIZE_MICRO;
      p.founded[f] = intBetween(rng, asOfYear - 6, asOfYear - 1);
      const assets = uniform(rng, 50, 500);
      p.assets100[f] = Math.round(assets * 100);
      p.liabilities100[f] = Math.round(assets * uniform(rng, 0, 0.9) * 100);
      p.flags[f] = rng.next() < 0.1 ? dishonest : 0;
      p.lgd[f] = 0.9;
      continue;
    }
    const size = pickWeighted(rng, SIZE_WEIGHTS);
    p.size[f] = size;
    const [lo, hi] = SIZE_EMPLOYEES[size];
    const employees = Math.floor(Math.exp(uniform(rng, Math.log(lo), Math.log(hi + 1))));
    p.employees[f] = Math.min(hi, employees);
    p.founded[f] = intBetween(rng, size >= SIZE_MEDIUM ? 1985 : 1995, asOfYear - 1);
    const u = rng.next();
    const health = u < SHARE_ZOMBIE ? HEALTH_ZOMBIE : u < SHARE_ZOMBIE + SHARE_NEAR_ZOMBIE ? HEALTH_NEAR_ZOMBIE : HEALTH_SOUND;
    p.health[f] = health;
    const revenue = p.employees[f] * info.revenuePerEmployee * logNormal(rng, 1, 0.35) * (health === HEALTH_ZOMBIE ? 0.7 : 1);
    const assets = revenue * uniform(rng, 0.6, 1.4);
    const leverage = health === HEALTH_ZOMBIE ? uniform(rng, 0.75, 1.15) : clamp(0.55 + 0.15 * rng.normal(), 0.1, 0.95);
    p.revenue100[f] = Math.max(100, Math.round(revenue * 100));
    p.assets100[f] = Math.max(100, Math.round(assets * 100));
    p.liabilities100[f] = Math.round(p.assets100[f] * leverage);
    let flags = 0;
    if (rng.next() < (health === HEALTH_ZOMBIE ? 0.12 : SHARE_DISHONEST)) flags |= dishonest;
    if (rng.next() < info.techShare) flags |= tech;
    if (rng.next() < info.exportShare * (size === SIZE_MICRO ? 0.5 : 1)) flags |= foreign;
    if (size === SIZE_LARGE && rng.next() < 0.05) flags |= stateOwned;
    p.flags[f] = flags;
    p.lgd[f] = Math.round(clamp(0.45 + 0.08 * rng.normal(), 0.25, 0.7) * 100) / 100;
  }
  return p;
}

/**
 * Park membership: a firm of a park's lead industry joins it with probability 0.62,
 * software firms mostly join the tech park, upstream trades often sit in the
 * industrial park, and a few firms join parks outside their industry (the
 * diversity that park-fit analysis must see).
 */
function choosePark(rng: Rng, leads: number[], industrial: number, techPark: number, micro: number[], isSoftware: boolean, role: string): number {
  const u = rng.next();
  if (isSoftware) return u < 0.8 && techPark >= 0 ? techPark : -1;
  if (leads.length > 0 && u < 0.62) return leads[rng.int(leads.length)];
  if (role === 'upstream' && u < 0.8 && industrial >= 0) return industrial;
  const v = rng.next();
  if (v < 0.08 && industrial >= 0) return industrial;
  if (v < 0.14 && micro.length > 0) return micro[rng.int(micro.length)];
  return -1;
}
