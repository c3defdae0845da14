/**
 * Zombie firms (僵尸企业): interest coverage EBIT / interest expense < 1 in each of
 * the firm's three most recent reporting years, and those years must be consecutive.
 * Interest coverage < 1 for three years is the screen of Caballero, Hoshi & Kashyap
 * (2008, AER 98(5)) as simplified by the OECD (McGowan, Andrews & Millot 2017, Econ.
 * Policy 33(96)); the three-year rule follows DOMAIN.md ("Screening").
 *
 * A year with zero or missing interest expense, or missing EBIT, is never a zombie
 * year: without debt service there is nothing the firm fails to cover, and a missing
 * figure is not evidence against the firm.
 */
import type { Snapshot } from '../../engine/index.ts';

export interface ZombieOptions {
  /** Number of most recent consecutive years that must all fail the coverage test. */
  years: number;
  /** A year fails when EBIT / interest < this ratio. */
  coverageBelow: number;
}

export const ZOMBIE_DEFAULTS: Readonly<ZombieOptions> = Object.freeze({ years: 3, coverageBelow: 1 });

export interface ZombieYear {
  year: number;
  ebit: number;
  interest: number;
  /** EBIT / interest. */
  coverage: number;
}

export interface ZombieResult {
  /** 1 when the firm is a zombie. Length nFirms. */
  zombie: Uint8Array;
  /** The failing years (most recent first) of each zombie firm. */
  evidence: Map<number, ZombieYear[]>;
  count: number;
  options: ZombieOptions;
}

export function zombieFirms(s: Snapshot, options: Partial<ZombieOptions> = {}): ZombieResult {
  const opts: ZombieOptions = { ...ZOMBIE_DEFAULTS, ...options };
  const rows = s.dataset.financials;
  // Group rows by firm with a counting sort, so 1M firms × 3 years stay in typed arrays.
  const start = new Int32Array(s.nFirms + 1);
  const firmOf = new Int32Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const f = s.index.get(rows[r].firm_id)!;
    firmOf[r] = f;
    start[f + 1]++;
  }
  for (let f = 0; f < s.nFirms; f++) start[f + 1] += start[f];
  const cursor = start.slice(0, s.nFirms);
  const byFirm = new Int32Array(rows.length);
  for (let r = 0; r < rows.length; r++) byFirm[cursor[firmOf[r]]++] = r;

  const zombie = new Uint8Array(s.nFirms);
  const evidence = new Map<number, ZombieYear[]>();
  const k = opts.years;
  const recentRows = new Int32Array(k);
  for (let f = 0; f < s.nFirms; f++) {
    const a = start[f], b = start[f + 1];
    if (b - a < k) continue;
    // The k most recent years must be latest, latest − 1, …: find each by a scan (a firm has few rows).
    let latest = -Infinity;
    for (let p = a; p < b; p++) if (rows[byFirm[p]].year > latest) latest = rows[byFirm[p]].year;
    let ok = true;
    for (let i = 0; i < k && ok; i++) {
      let found = -1;
      for (let p = a; p < b; p++) if (rows[byFirm[p]].year === latest - i) { found = byFirm[p]; break; }
      if (found < 0) { ok = false; break; } // the most recent years are not consecutive
      const { ebit, interest_expense: interest } = rows[found];
      ok = ebit !== undefined && interest !== undefined && interest > 0 && ebit / interest < opts.coverageBelow;
      recentRows[i] = found;
    }
    if (!ok) continue;
    zombie[f] = 1;
    evidence.set(f, Array.from(recentRows, (r) => {
      const row = rows[r];
      return { year: row.year, ebit: row.ebit!, interest: row.interest_expense!, coverage: row.ebit! / row.interest_expense! };
    }));
  }
  return { zombie, evidence, count: evidence.size, options: opts };
}
