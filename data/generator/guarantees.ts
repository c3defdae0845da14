/**
 * Guarantee rows: the designed structures first, then chains drawn loan by loan.
 *
 * - Circle of size k: m_i → m_(i+1 mod k) on m_(i+1)'s loan, plus ⌊0.3 k⌋ chords
 *   inside the circle (real circles are denser than a bare cycle).
 * - Mutual pair: a → b and b → a, each on the other's loan.
 * - Joint group (联保小组): each member's loan is guaranteed by all other members
 *   with one `group`, each row for the full amount (joint and several liability).
 * - Hub (一保多): 5–15 guarantees to later borrowers; focus (多保一): 4–8 separate
 *   partial guarantees on one borrower's largest loan.
 * - Chains: each other loan is guaranteed with a probability that falls with its
 *   collateral (none 0.8, property 0.2, other 0.4) by a guarantee company (loans
 *   the plan marked), an ad-hoc joint group of 2–3 (8 %), or one firm from the
 *   same park (50 %), industry (30 %) or anywhere (20 %); 8 % of single guarantees
 *   are maximum-amount guarantees (最高额保证) without a loan id.
 * Every non-designed edge g → b has key(g) < key(b) (structures.ts), so chains
 * never close into new circles. Chain guarantors are preferably firms with assets
 * ≥ ¼ of the loan, and any promise above 1.5× the guarantor's assets is cut to
 * U(0.5, 1.5) × assets — large enough that guarantees exceed equity often (as in
 * Wenzhou 2011–2014), small enough that contagion is not saturated everywhere.
 */
import type { Rng } from '../../src/engine/index.ts';
import { COLLATERAL_KINDS } from '../../src/model/schema.ts';
import { intBetween, round2, uniform } from './draw.ts';
import { isoOfDay } from './dates.ts';
import type { FirmPlan } from './firms.ts';
import type { LoanPlan } from './loans.ts';
import { drawFrom, type Pools } from './pools.ts';
import type { StructurePlan } from './structures.ts';
import { firmId, loanId } from './ids.ts';

const PROPERTY = COLLATERAL_KINDS.indexOf('property');
const NONE = COLLATERAL_KINDS.indexOf('none');

export function* guaranteeRows(rng: Rng, firms: FirmPlan, pools: Pools, structures: StructurePlan, loans: LoanPlan): Generator<unknown[]> {
  const { key } = structures;
  let nextId = 0;
  let nextGroup = 0;
  const row = (g: number, b: number, l: number, amount: number, group?: string, withLoan = true): unknown[] => [
    `G${String(++nextId).padStart(8, '0')}`, firmId(g), firmId(b), withLoan ? loanId(l) : undefined, capFor(g, amount), group,
    isoOfDay(loans.start[l]), isoOfDay(withLoan ? loans.maturity[l] : loans.start[l] + 3 * 365),
  ];
  /** Banks accept a guarantor for at most ~1.5× its assets: larger promises are cut to U(0.5, 1.5) × assets. */
  const capFor = (g: number, amount: number): number => {
    const assets = firms.assets100[g] / 100;
    return amount <= 1.5 * assets ? amount : Math.max(0.01, round2(assets * uniform(rng, 0.5, 1.5)));
  };
  const someLoan = (b: number) => loans.firstLoan[b] + rng.int(loans.firstLoan[b + 1] - loans.firstLoan[b]);
  const partOrFull = (l: number) => (rng.next() < 0.6 ? loans.amount[l] : round2(loans.amount[l] * uniform(rng, 0.5, 1)));
  /**
   * A guarantor for a loan of `amount` to borrower b: an active enterprise ordered
   * before b, preferably one whose assets are at least a quarter of the amount (a
   * bank would not accept a much smaller firm); otherwise the first one ordered.
   */
  const guarantorFor = (b: number, amount: number, exclude: readonly number[] = []): number => {
    let fallback = -1;
    for (let t = 0; t < 8; t++) {
      const u = rng.next();
      const g = u < 0.5 && firms.park[b] >= 0 ? drawFrom(rng, pools.byPark, firms.park[b])
        : u < 0.8 ? drawFrom(rng, pools.byIndustry, firms.industry[b])
        : pools.all[rng.int(pools.all.length)];
      if (g < 0 || g === b || key[g] >= key[b] || exclude.includes(g)) continue;
      if (firms.assets100[g] / 100 >= 0.25 * amount) return g;
      if (fallback < 0) fallback = g;
    }
    return fallback;
  };

  for (const s of structures.structures) {
    const m = s.members;
    const k = m.length;
    if (s.kind === 'circle') {
      for (let i = 0; i < k; i++) {
        const b = m[(i + 1) % k];
        const l = someLoan(b);
        yield row(m[i], b, l, partOrFull(l));
      }
      const used = new Set<number>();
      for (let c = Math.floor(k * 0.3); c > 0; c--) {
        const i = rng.int(k), j = rng.int(k);
        if (i === j || j === (i + 1) % k || used.has(i * k + j)) continue;
        used.add(i * k + j);
        const l = someLoan(m[j]);
        yield row(m[i], m[j], l, partOrFull(l));
      }
    } else if (s.kind === 'mutual') {
      const l1 = someLoan(m[1]);
      yield row(m[0], m[1], l1, partOrFull(l1));
      const l0 = someLoan(m[0]);
      yield row(m[1], m[0], l0, partOrFull(l0));
    } else {
      for (const b of m) {
        const l = someLoan(b);
        const group = `J${String(++nextGroup).padStart(6, '0')}`;
        for (const g of m) if (g !== b) yield row(g, b, l, loans.amount[l], group);
      }
    }
  }

  for (const h of structures.hubs) {
    for (let c = intBetween(rng, 5, 15); c > 0; c--) {
      for (let t = 0; t < 10; t++) {
        const l = rng.int(loans.m);
        const b = loans.borrower[l];
        if (b !== h && key[b] > key[h]) {
          yield row(h, b, l, partOrFull(l));
          break;
        }
      }
    }
  }

  for (const b of structures.focus) {
    let l = loans.firstLoan[b];
    for (let j = l + 1; j < loans.firstLoan[b + 1]; j++) if (loans.amount[j] > loans.amount[l]) l = j;
    const chosen: number[] = [];
    for (let c = intBetween(rng, 4, 8); c > 0; c--) {
      const g = guarantorFor(b, loans.amount[l], chosen);
      if (g < 0) continue;
      chosen.push(g);
      yield row(g, b, l, round2(loans.amount[l] * uniform(rng, 0.2, 0.6)));
    }
  }

  for (let l = 0; l < loans.m; l++) {
    const b = loans.borrower[l];
    if (loans.guaranteeCompany[l] >= 0) {
      yield row(loans.guaranteeCompany[l], b, l, loans.amount[l]);
      continue;
    }
    const c = loans.collateral[l];
    if (rng.next() >= (c === NONE ? 0.8 : c === PROPERTY ? 0.2 : 0.4)) continue;
    if (rng.next() < 0.08) {
      const chosen: number[] = [];
      for (let k = intBetween(rng, 2, 3); k > 0; k--) {
        const g = guarantorFor(b, loans.amount[l], chosen);
        if (g >= 0) chosen.push(g);
      }
      if (chosen.length >= 2) {
        const group = `J${String(++nextGroup).padStart(6, '0')}`;
        const amount = rng.next() < 0.6 ? loans.amount[l] : round2(loans.amount[l] / chosen.length);
        for (const g of chosen) yield row(g, b, l, amount, group);
        continue;
      }
    }
    const g = guarantorFor(b, loans.amount[l]);
    if (g < 0) continue;
    if (rng.next() < 0.08) yield row(g, b, l, round2(loans.amount[l] * uniform(rng, 1, 1.5)), undefined, false);
    else yield row(g, b, l, partOrFull(l));
  }
}
