/**
 * The screen of the recommendation list (推荐清单, seed 001; DOMAIN.md "Screening"):
 * a firm is screened out when it is a zombie (zombie.ts), a shell (shell.ts) or
 * flagged dishonest (失信被执行人). Every exclusion carries a reason code, a Chinese
 * and an English text, and the numbers it rests on, so a list can be audited line
 * by line. Professional guarantee companies are not borrowers of the list; they are
 * skipped (not screened out) and counted separately.
 */
import { hasFlag, type Snapshot } from '../../engine/index.ts';
import { shellFirms } from './shell.ts';
import { zombieFirms, ZOMBIE_DEFAULTS, type ZombieOptions } from './zombie.ts';

export type ScreenCode = 'zombie' | 'shell' | 'dishonest';

export interface ScreenReason {
  code: ScreenCode;
  zh: string;
  en: string;
  /** The figures behind the reason (e.g. coverage per year). */
  numbers: Record<string, number>;
}

export interface ScreenOptions {
  zombie: ZombieOptions;
}

export const SCREEN_DEFAULTS: Readonly<ScreenOptions> = Object.freeze({ zombie: ZOMBIE_DEFAULTS });

/** Bit of each reason in `ScreeningResult.reasons`. */
export const SCREEN_BITS: Readonly<Record<ScreenCode, number>> = Object.freeze({ zombie: 1, shell: 2, dishonest: 4 });

export interface ScreeningResult {
  /** Reason bitmask per firm (SCREEN_BITS); 0 = passes. Length nFirms. */
  reasons: Uint8Array;
  /** 1 for professional guarantee companies, which the list does not rank. */
  notBorrower: Uint8Array;
  counts: { zombie: number; shell: number; dishonest: number; screenedOut: number; passed: number; guaranteeCompanies: number };
  options: ScreenOptions;
  /** The full reasons of one firm (built on demand: 1M firms need no objects). */
  explain(firm: number): ScreenReason[];
}

export function screenFirms(s: Snapshot, options: { zombie?: Partial<ZombieOptions> } = {}): ScreeningResult {
  const opts: ScreenOptions = { ...SCREEN_DEFAULTS, ...options, zombie: { ...SCREEN_DEFAULTS.zombie, ...options.zombie } };
  const z = zombieFirms(s, opts.zombie);
  const sh = shellFirms(s);
  const reasons = new Uint8Array(s.nFirms);
  const notBorrower = new Uint8Array(s.nFirms);
  const counts = { zombie: z.count, shell: sh.count, dishonest: 0, screenedOut: 0, passed: 0, guaranteeCompanies: 0 };
  for (let f = 0; f < s.nFirms; f++) {
    let r = 0;
    if (z.zombie[f]) r |= SCREEN_BITS.zombie;
    if (sh.shell[f]) r |= SCREEN_BITS.shell;
    if (hasFlag(s, f, 'dishonest')) { r |= SCREEN_BITS.dishonest; counts.dishonest++; }
    reasons[f] = r;
    if (s.guarantorCompany[f]) { notBorrower[f] = 1; counts.guaranteeCompanies++; }
    if (r) counts.screenedOut++;
    else if (!notBorrower[f]) counts.passed++;
  }
  const explain = (f: number): ScreenReason[] => {
    const out: ScreenReason[] = [];
    if (reasons[f] & SCREEN_BITS.zombie) {
      const years = z.evidence.get(f)!;
      const numbers: Record<string, number> = {};
      for (const y of years) {
        numbers[`coverage_${y.year}`] = y.coverage;
        numbers[`ebit_${y.year}`] = y.ebit;
        numbers[`interest_${y.year}`] = y.interest;
      }
      const list = years.map((y) => `${y.year}: ${round(y.coverage)}`).join(', ');
      out.push({
        code: 'zombie',
        zh: `僵尸企业：最近连续${years.length}年利息保障倍数（EBIT/利息）均低于${opts.zombie.coverageBelow}（${list}）`,
        en: `zombie: interest coverage (EBIT/interest) below ${opts.zombie.coverageBelow} in each of the ${years.length} most recent consecutive years (${list})`,
        numbers,
      });
    }
    if (reasons[f] & SCREEN_BITS.shell) {
      const so = s.supply.out.offsets, si = s.supply.in.offsets;
      out.push({
        code: 'shell',
        zh: '空壳企业：员工数为0、营业收入为0，且无任何供销往来',
        en: 'shell: no employees, no revenue and no supply relation as supplier or customer',
        numbers: {
          employees: s.employees[f] || 0,
          revenue: s.revenue[f] || 0,
          supplyRows: so[f + 1] - so[f] + si[f + 1] - si[f],
        },
      });
    }
    if (reasons[f] & SCREEN_BITS.dishonest) {
      out.push({ code: 'dishonest', zh: '失信被执行人', en: 'listed as a dishonest judgment debtor (失信被执行人)', numbers: {} });
    }
    return out;
  };
  return { reasons, notBorrower, counts, options: opts, explain };
}

function round(x: number): string {
  return (Math.round(x * 100) / 100).toString();
}
