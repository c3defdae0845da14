/**
 * Rows of the node tables and of loans.csv, from the plan. Firm names follow the
 * registered-name pattern 行政区划 + 字号 + 行业 + 组织形式 (e.g. 瓯海明辉鞋业有限公司);
 * large firms sometimes carry the provincial prefix and are joint-stock companies.
 * Baseline PD is logistic in leverage, size and the planned distress:
 * logit(pd) = −4.6 + 3.2 (L/A − 0.55) − 0.18 ln(1 + employees) + 1.6 zombie
 * + 0.6 near-zombie + 1.3 dishonest + 1.2 shell + 0.35 ε, clipped to [0.0005, 0.6].
 */
import type { Rng } from '../../src/engine/index.ts';
import { COLLATERAL_KINDS, FIRM_FLAGS, LOAN_STATUSES } from '../../src/model/schema.ts';
import { BANK_SPECS, DISTRICTS, PARK_SPECS, TRADE_NAME_CHARS } from './catalog.ts';
import { clamp, round4, uniform } from './draw.ts';
import { isoOfDay } from './dates.ts';
import { HEALTH_NEAR_ZOMBIE, HEALTH_ZOMBIE, ROLE_GUARANTOR, ROLE_SHELL, SIZE_LARGE, flagMask, type FirmPlan } from './firms.ts';
import { bankId, firmId, loanId, parkId } from './ids.ts';
import { INDUSTRIES } from './industries.ts';
import type { LoanPlan } from './loans.ts';

export function* parkRows(rng: Rng, firms: FirmPlan, nParks: number): Generator<unknown[]> {
  const members = new Int32Array(nParks);
  for (let f = 0; f < firms.n; f++) if (firms.park[f] >= 0) members[firms.park[f]]++;
  for (let p = 0; p < nParks; p++) {
    const s = PARK_SPECS[p];
    const capacity = Math.max(20, Math.ceil(members[p] * uniform(rng, 1.1, 1.4)));
    yield [parkId(p), s.name, DISTRICTS[s.district].name, s.kind, s.lead.slice(), s.rating, capacity];
  }
}

export function* bankRows(loans: LoanPlan, nBanks: number): Generator<unknown[]> {
  for (let b = 0; b < nBanks; b++) yield [bankId(b), BANK_SPECS[b].name, BANK_SPECS[b].kind, loans.bankCapital[b]];
}

export function* firmRows(rng: Rng, firms: FirmPlan): Generator<unknown[]> {
  const dishonest = flagMask('dishonest');
  const names = new Set<string>();
  for (let f = 0; f < firms.n; f++) {
    const role = firms.role[f];
    const info = INDUSTRIES[firms.industry[f]];
    const district = DISTRICTS[firms.district[f]];
    const provincial = firms.size[f] === SIZE_LARGE && rng.next() < 0.5;
    // Registered names are unique: on a clash draw again, then with a three-character 字号.
    let name = '';
    for (let attempt = 0; name === '' || names.has(name); attempt++) {
      const tradeName = drawTradeName(rng, attempt < 4 ? 2 : 3) + (attempt >= 12 ? String(attempt) : '');
      name = provincial ? `浙江${tradeName}${info.nameWord}股份有限公司` : `${district.short}${tradeName}${info.nameWord}有限公司`;
    }
    names.add(name);
    const assets = firms.assets100[f], liabilities = firms.liabilities100[f];
    const employees = role === ROLE_SHELL ? 0 : firms.employees[f];
    const flags = FIRM_FLAGS.filter((flag) => (firms.flags[f] & flagMask(flag)) !== 0);
    let pd: number;
    if (role === ROLE_GUARANTOR) pd = round4(uniform(rng, 0.003, 0.01));
    else {
      const health = firms.health[f];
      const z = -4.6 + 3.2 * (liabilities / assets - 0.55) - 0.18 * Math.log1p(employees)
        + (health === HEALTH_ZOMBIE ? 1.6 : 0) + (health === HEALTH_NEAR_ZOMBIE ? 0.6 : 0)
        + (firms.flags[f] & dishonest ? 1.3 : 0) + (role === ROLE_SHELL ? 1.2 : 0) + 0.35 * rng.normal();
      pd = clamp(round4(1 / (1 + Math.exp(-z))), 0.0005, 0.6);
    }
    yield [
      firmId(f), name, info.code, role === ROLE_GUARANTOR ? 'guarantor' : 'enterprise',
      firms.park[f] >= 0 ? parkId(firms.park[f]) : undefined, district.name, firms.founded[f], employees,
      assets / 100, liabilities / 100, (assets - liabilities) / 100, role === ROLE_SHELL ? 0 : firms.revenue100[f] / 100,
      pd, firms.lgd[f], flags,
    ];
  }
}

/** A trade name (字号) of `length` distinct characters. */
function drawTradeName(rng: Rng, length: number): string {
  const chars = TRADE_NAME_CHARS;
  let out = '';
  while (out.length < length) {
    const c = chars[rng.int(chars.length)];
    if (!out.includes(c)) out += c;
  }
  return out;
}

export function* loanRows(loans: LoanPlan): Generator<unknown[]> {
  for (let l = 0; l < loans.m; l++) {
    yield [
      loanId(l), bankId(loans.bank[l]), firmId(loans.borrower[l]), loans.amount[l], loans.outstanding[l],
      isoOfDay(loans.start[l]), isoOfDay(loans.maturity[l]), loans.rate[l], COLLATERAL_KINDS[loans.collateral[l]],
      loans.renewal[l] === 1, LOAN_STATUSES[loans.status[l]], loans.riskShare[l] === 1,
    ];
  }
}
