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
  const zombie = new Uint8Array(s.nFirms);
  const evidence = new Map<number, ZombieYear[]>();
  const k = opts.years, below = opts.coverageBelow;
  const recentRows = new Int32Array(k);

  /** Judge the rows order[a..b) (row indices, file order) of firm f; order null = the rows a..b themselves. */
  const judge = (f: number, order: Int32Array | null, a: number, b: number): void => {
    if (b - a < k) return;
    // The k most recent years must be latest, latest − 1, …: find each by a scan (a firm has few rows).
    let latest = -Infinity;
    for (let p = a; p < b; p++) {
      const y = rows[order === null ? p : order[p]].year;
      if (y > latest) latest = y;
    }
    for (let i = 0; i < k; i++) {
      let found = -1;
      for (let p = a; p < b; p++) {
        const r = order === null ? p : order[p];
        if (rows[r].year === latest - i) { found = r; break; }
      }
      if (found < 0) return; // the most recent years are not consecutive
      const row = rows[found];
      const ebit = row.ebit, interest = row.interest_expense;
      if (!(ebit !== undefined && interest !== undefined && interest > 0 && ebit / interest < below)) return;
      recentRows[i] = found;
    }
    zombie[f] = 1;
    evidence.set(f, Array.from(recentRows, (r) => {
      const row = rows[r];
      return { year: row.year, ebit: row.ebit!, interest: row.interest_expense!, coverage: row.ebit! / row.interest_expense! };
    }));
  };

  // financials.csv is written firm by firm in firms.csv order, so each row's firm is the
  // previous row's or a later one: trying those before the Map saves ~3M hash lookups at
  // 1M firms, and the rows of a firm are then a run judged in place with no index arrays
  // (each 1M-element typed array pressures the GC of a large heap).
  const ids = s.ids, index = s.index, nF = s.nFirms;
  let runFirm = -1, runStart = 0, grouped = true;
  for (let r = 0; r < rows.length; r++) {
    const id = rows[r].firm_id;
    if (runFirm >= 0 && ids[runFirm] === id) continue;
    const f = runFirm + 1 < nF && ids[runFirm + 1] === id ? runFirm + 1 : index.get(id)!;
    if (f <= runFirm) { grouped = false; break; } // rows out of firm order: group them below
    if (runFirm >= 0) judge(runFirm, null, runStart, r);
    runFirm = f;
    runStart = r;
  }
  if (grouped) {
    if (runFirm >= 0) judge(runFirm, null, runStart, rows.length);
    return { zombie, evidence, count: evidence.size, options: opts };
  }

  // Any other row order: group rows by firm with a stable counting sort, so each firm's rows
  // keep file order (the first row of a duplicated year is the one judged, as above).
  zombie.fill(0);
  evidence.clear();
  const start = new Int32Array(nF + 1);
  const firmOf = new Int32Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const f = index.get(rows[r].firm_id)!;
    firmOf[r] = f;
    start[f + 1]++;
  }
  for (let f = 0; f < nF; f++) start[f + 1] += start[f];
  const cursor = start.slice(0, nF);
  const byFirm = new Int32Array(rows.length);
  for (let r = 0; r < rows.length; r++) byFirm[cursor[firmOf[r]]++] = r;
  for (let f = 0; f < nF; f++) judge(f, byFirm, start[f], start[f + 1]);
  return { zombie, evidence, count: evidence.size, options: opts };
}
