/**
 * Loan plan: the bank loans of every firm, in typed arrays grouped by borrower.
 *
 * A firm's interest-bearing debt = liabilities × U(0.45, 0.75), split over 0–5 loans
 * by size class (micro firms often borrow nothing; every circle member, focus
 * borrower and distressed firm borrows). Banks by kind follow firm size (micro →
 * rural and village banks, large → state and joint-stock banks). Terms of 1–3
 * years; maturities around asOf with ~22 % inside the next 90 days (the renewal
 * window, 无还本续贷) and ~3 % already past due (then special mention or NPL).
 * Tier-1 capital of a bank = its outstanding book here × the kind's capital ratio
 * (catalog.ts), so bank losses in stress tests are on the scale of this cluster.
 */
import type { Rng } from '../../src/engine/index.ts';
import { COLLATERAL_KINDS, LOAN_STATUSES, type BankKind } from '../../src/model/schema.ts';
import { BANK_SPECS, BASE_RATE, CAPITAL_PER_LOAN } from './catalog.ts';
import { clamp, intBetween, pickWeighted, round2, round4, uniform } from './draw.ts';
import { HEALTH_SOUND, HEALTH_ZOMBIE, ROLE_GUARANTOR, ROLE_SHELL, SIZE_MEDIUM, SIZE_MICRO, SIZE_SMALL, flagMask, type FirmPlan } from './firms.ts';
import type { StructurePlan } from './structures.ts';

export const STATUS_NORMAL = LOAN_STATUSES.indexOf('normal');
export const STATUS_SPECIAL_MENTION = LOAN_STATUSES.indexOf('special_mention');
export const STATUS_NPL = LOAN_STATUSES.indexOf('npl');
export const COLLATERAL_NONE = COLLATERAL_KINDS.indexOf('none');

/** Bank-kind weights by firm size class (micro, small, medium, large). */
const KIND_ORDER: readonly BankKind[] = ['state', 'joint_stock', 'city', 'rural', 'village'];
const KIND_BY_SIZE: readonly (readonly number[])[] = [
  [0.1, 0.1, 0.25, 0.35, 0.2],
  [0.2, 0.2, 0.25, 0.25, 0.1],
  [0.35, 0.3, 0.2, 0.15, 0],
  [0.45, 0.4, 0.15, 0, 0],
];
/** Collateral weights (COLLATERAL_KINDS order) for micro/small and for medium/large firms. */
const COLLATERAL_SMALL = [0.55, 0.2, 0.1, 0.1, 0.02, 0.03];
const COLLATERAL_LARGE = [0.2, 0.45, 0.15, 0.12, 0.05, 0.03];
const RATE_SPREAD = [0.012, 0.008, 0.004, 0];
const TERM_WEIGHTS = [0.7, 0.15, 0.15];

export interface LoanPlan {
  m: number;
  /** Loans of firm f are rows [firstLoan[f], firstLoan[f+1]). */
  firstLoan: Int32Array;
  borrower: Int32Array;
  bank: Uint8Array;
  /** Whole 万元. */
  amount: Float64Array;
  outstanding: Float64Array;
  start: Int32Array;
  maturity: Int32Array;
  rate: Float64Array;
  collateral: Uint8Array;
  renewal: Uint8Array;
  status: Uint8Array;
  riskShare: Uint8Array;
  /** Guarantee company that covers the loan, −1 when none. */
  guaranteeCompany: Int32Array;
  /** Per firm: annual interest expense, 万元. */
  interest: Float64Array;
  /** Per bank: tier-1 capital, 万元. */
  bankCapital: Float64Array;
}

export function planLoans(rng: Rng, firms: FirmPlan, structures: StructurePlan, nBanks: number, asOfDay: number): LoanPlan {
  const n = firms.n;
  const banks = BANK_SPECS.slice(0, nBanks);
  const banksOfKind = KIND_ORDER.map((k) => banks.flatMap((b, i) => (b.kind === k ? [i] : [])));
  const guaranteeCompanies: number[] = [];
  for (let f = 0; f < n; f++) if (firms.role[f] === ROLE_GUARANTOR) guaranteeCompanies.push(f);
  const mustBorrow = new Uint8Array(n);
  for (let f = 0; f < n; f++) if (structures.member[f] >= 0 || firms.health[f] !== HEALTH_SOUND) mustBorrow[f] = 1;
  for (const f of structures.focus) mustBorrow[f] = 1;
  const dishonest = flagMask('dishonest'), tech = flagMask('tech');

  let cap = Math.ceil(n * 1.6) + 16;
  let borrower = new Int32Array(cap), bank = new Uint8Array(cap), amount = new Float64Array(cap), outstanding = new Float64Array(cap);
  let start = new Int32Array(cap), maturity = new Int32Array(cap), rate = new Float64Array(cap), collateral = new Uint8Array(cap);
  let renewal = new Uint8Array(cap), status = new Uint8Array(cap), riskShare = new Uint8Array(cap), guaranteeCompany = new Int32Array(cap);
  const grow = () => {
    cap *= 2;
    const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    borrower = g(borrower); bank = g(bank); amount = g(amount); outstanding = g(outstanding);
    start = g(start); maturity = g(maturity); rate = g(rate); collateral = g(collateral);
    renewal = g(renewal); status = g(status); riskShare = g(riskShare); guaranteeCompany = g(guaranteeCompany);
  };
  const firstLoan = new Int32Array(n + 1);
  const interest = new Float64Array(n);
  const book = new Float64Array(nBanks);
  let m = 0;

  for (let f = 0; f < n; f++) {
    firstLoan[f] = m;
    const role = firms.role[f];
    if (role === ROLE_GUARANTOR) continue;
    const size = firms.size[f];
    let count: number;
    if (role === ROLE_SHELL) count = rng.next() < 0.5 ? 1 : 0;
    else if (size === SIZE_MICRO) count = rng.next() < 0.25 ? 0 : 1;
    else if (size === SIZE_SMALL) count = rng.next() < 0.4 ? 2 : 1;
    else if (size === SIZE_MEDIUM) count = intBetween(rng, 1, 3);
    else count = intBetween(rng, 2, 5);
    if (count === 0 && mustBorrow[f]) count = 1;
    if (count === 0) continue;
    const debt = (firms.liabilities100[f] / 100) * uniform(rng, 0.45, 0.75);
    const weights: number[] = [];
    let wSum = 0;
    for (let j = 0; j < count; j++) {
      weights.push(uniform(rng, 0.5, 1.5));
      wSum += weights[j];
    }
    const distressed = firms.health[f] === HEALTH_ZOMBIE;
    for (let j = 0; j < count; j++) {
      if (m === cap) grow();
      borrower[m] = f;
      const kinds = KIND_BY_SIZE[size].map((w, k) => (banksOfKind[k].length > 0 ? w : 0));
      const kind = pickWeighted(rng, kinds);
      const b = banksOfKind[kind][rng.int(banksOfKind[kind].length)];
      bank[m] = b;
      const amt = role === ROLE_SHELL ? intBetween(rng, 50, 500) : Math.max(5, Math.round((debt * weights[j]) / wSum));
      amount[m] = amt;
      const term = 1 + pickWeighted(rng, TERM_WEIGHTS);
      const u = rng.next();
      const offset = u < 0.03 ? intBetween(rng, -90, -1) : u < 0.25 ? intBetween(rng, 0, 90) : intBetween(rng, 91, term * 365 - 1);
      maturity[m] = asOfDay + offset;
      start[m] = asOfDay + offset - term * 365;
      let st = STATUS_NORMAL;
      const v = rng.next();
      if (offset < 0) st = v < 0.6 ? STATUS_SPECIAL_MENTION : STATUS_NPL;
      else {
        const [pSm, pNpl] = role === ROLE_SHELL ? [0.1, 0.1] : firms.flags[f] & dishonest ? [0.15, 0.15] : distressed ? [0.2, 0.12] : [0.03, 0.012];
        st = v < pNpl ? STATUS_NPL : v < pNpl + pSm ? STATUS_SPECIAL_MENTION : STATUS_NORMAL;
      }
      status[m] = st;
      const out = st === STATUS_NPL ? amt * uniform(rng, 0.7, 1) : rng.next() < 0.6 ? amt : amt * uniform(rng, 0.4, 1);
      outstanding[m] = Math.min(amt, Math.max(0.01, round2(out)));
      rate[m] = round4(clamp(BASE_RATE[KIND_ORDER[kind]] + RATE_SPREAD[size] + 0.003 * rng.normal() + (st === STATUS_NORMAL ? 0 : 0.01), 0.025, 0.12));
      const cw = size <= SIZE_SMALL ? COLLATERAL_SMALL.slice() : COLLATERAL_LARGE.slice();
      if (firms.flags[f] & tech) cw[COLLATERAL_KINDS.indexOf('ip')] = 0.1;
      collateral[m] = pickWeighted(rng, cw);
      renewal[m] = rng.next() < 0.12 ? 1 : 0;
      guaranteeCompany[m] = -1;
      if (role !== ROLE_SHELL && size <= SIZE_SMALL && collateral[m] === COLLATERAL_NONE && guaranteeCompanies.length > 0 && rng.next() < 0.18) {
        guaranteeCompany[m] = guaranteeCompanies[rng.int(guaranteeCompanies.length)];
      }
      riskShare[m] = (guaranteeCompany[m] >= 0 && rng.next() < 0.7) || (size === SIZE_MICRO && rng.next() < 0.03) ? 1 : 0;
      interest[f] += outstanding[m] * rate[m];
      book[b] += outstanding[m];
      m++;
    }
  }
  firstLoan[n] = m;
  const bankCapital = new Float64Array(nBanks);
  for (let b = 0; b < nBanks; b++) bankCapital[b] = Math.max(1000, Math.round(book[b] * CAPITAL_PER_LOAN[banks[b].kind]));
  const cut = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => a.slice(0, m) as T;
  return {
    m, firstLoan,
    borrower: cut(borrower), bank: cut(bank), amount: cut(amount), outstanding: cut(outstanding),
    start: cut(start), maturity: cut(maturity), rate: cut(rate), collateral: cut(collateral),
    renewal: cut(renewal), status: cut(status), riskShare: cut(riskShare), guaranteeCompany: cut(guaranteeCompany),
    interest, bankCapital,
  };
}
