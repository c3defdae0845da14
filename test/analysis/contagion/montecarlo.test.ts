import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildSnapshot } from '../../../src/engine/index.ts';
import { buildExposures } from '../../../src/analysis/contagion/index.ts';
import { monteCarlo, normalCdf, normalQuantile, riskMeasures } from '../../../src/analysis/contagion/montecarlo.ts';
import type { Bank, Firm, Loan } from '../../../src/model/schema.ts';
import { dataset, firm } from '../guarantee/fixture.ts';

/**
 * n firms in one park and one industry, each borrowing `outstanding` from one bank whose
 * capital is far above any loss (so nothing cascades); no guarantees, no supply.
 * Bank loss of a draw = Σ over defaulted firms of outstanding × lgd (0.45).
 */
function portfolio(pds: number[], outstanding: (i: number) => number) {
  const firms: Firm[] = pds.map((pd, i) => firm(`F${String(i).padStart(4, '0')}`, { pd, park_id: 'P', equity: 1e9 }));
  const banks: Bank[] = [{ id: 'K', name: 'K', capital: 1e12 }];
  const loans: Loan[] = pds.map((_, i) => ({ id: `L${i}`, bank_id: 'K', borrower_id: firms[i].id, outstanding: outstanding(i) }));
  const s = buildSnapshot(dataset({ firms, banks, loans, parks: [{ id: 'P', name: 'P', lead_industries: [] }] }));
  return { s, net: buildExposures(s, { supply: false }) };
}

describe('normal distribution helpers', () => {
  it('match standard normal table values', () => {
    // Φ(1) = 0.841344746068543, Φ(−3) = 0.00134989803163009, Φ⁻¹(0.975) = 1.95996398454005 (standard tables, e.g. Abramowitz & Stegun 26.2).
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.841344746068543, 13);
    expect(normalCdf(-3)).toBeCloseTo(0.00134989803163009, 15);
    expect(normalQuantile(0.975)).toBeCloseTo(1.95996398454005, 11);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });
  it('Φ(Φ⁻¹(p)) = p (property)', () => {
    fc.assert(fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
      expect(Math.abs(normalCdf(normalQuantile(p)) - p)).toBeLessThan(1e-13 + 1e-10 * p);
    }));
  });
});

describe('riskMeasures (VaR, ES)', () => {
  it('follows the definitions on the losses 1 … 100', () => {
    const losses = Array.from({ length: 100 }, (_, i) => 100 - i); // any order
    // VaR_0.99 = L_(⌈99⌉) = 99; ES_0.99 = mean of the ⌊1⌋ largest = 100.
    expect(riskMeasures(losses, 0.99)).toMatchObject({ var: 99, es: 100, max: 100, mean: 50.5 });
    // VaR_0.95 = L_(95) = 95; ES_0.95 = mean(96, 97, 98, 99, 100) = 98.
    expect(riskMeasures(losses, 0.95)).toMatchObject({ var: 95, es: 98 });
    // 10,000 draws of a two-point loss: 0 with prob 0.985, 10 with prob 0.015 → VaR_0.99 = 10, ES = 10.
    const two = Array.from({ length: 10_000 }, (_, i) => (i < 150 ? 10 : 0));
    expect(riskMeasures(two, 0.99)).toMatchObject({ var: 10, es: 10, mean: 0.15 });
  });
  it('is order-free, with mean ≤ ES, VaR ≤ ES ≤ max (property)', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.double({ min: 0.5, max: 0.999, noNaN: true }), (xs, alpha) => {
      const r = riskMeasures(xs, alpha);
      const rev = riskMeasures([...xs].reverse(), alpha);
      expect(rev.var).toBe(r.var);
      expect(rev.es).toBe(r.es);
      expect(r.var).toBeLessThanOrEqual(r.es + 1e-9);
      expect(r.es).toBeLessThanOrEqual(r.max);
      expect(r.mean).toBeLessThanOrEqual(r.es * (1 + 1e-12) + 1e-9);
    }));
  });
});

describe('monteCarlo (Gaussian copula + threshold cascade)', () => {
  it('matches the analytic expected loss when defaults are independent', async () => {
    // Loadings 0: firm i defaults alone with probability pd_i, so E[L] = Σ pd_i × outstanding_i × 0.45
    // and Var[L] = Σ pd_i (1 − pd_i) (outstanding_i × 0.45)², the sum of independent Bernoulli terms.
    const pds = Array.from({ length: 200 }, (_, i) => 0.005 + (i % 20) * 0.005);
    const out = (i: number) => 10 + (i % 7) * 5;
    const { s, net } = portfolio(pds, out);
    let el = 0, variance = 0;
    pds.forEach((p, i) => { const a = out(i) * 0.45; el += p * a; variance += p * (1 - p) * a * a; });
    const draws = 4000;
    const r = await monteCarlo(s, net, { draws, seed: 7, workers: 0, parkLoading: 0, industryLoading: 0 });
    const se = Math.sqrt(variance / draws);
    expect(Math.abs(r.loss.mean - el)).toBeLessThan(4 * se);
    // The sample standard error estimates the analytic one (within 10 %).
    expect(r.loss.standardError / se).toBeGreaterThan(0.9);
    expect(r.loss.standardError / se).toBeLessThan(1.1);
    // Default count ~ Poisson-binomial: mean Σ pd = 200 × mean(pd).
    const sumPd = pds.reduce((a, b) => a + b, 0);
    expect(Math.abs(r.defaults.meanInitial - sumPd)).toBeLessThan(4 * Math.sqrt(pds.reduce((a, p) => a + p * (1 - p), 0) / draws));
    expect(r.defaults.meanContagion).toBe(0);
  });

  it('reproduces the copula default correlation of one park and one industry', async () => {
    // 100 identical firms, pd 0.05, a_park 0.4, a_ind 0.3: pairwise latent correlation ρ = 0.16 + 0.09 = 0.25.
    // Default count K: Var K = n p (1 − p) + n (n − 1)(p₂ − p²), p₂ = P(both default)
    //   = ∫ φ(z) Φ((t − √ρ z)/√(1 − ρ))² dz (Vasicek), integrated here by Simpson's rule with an
    // erf from Abramowitz & Stegun 7.1.26, independent of the code under test.
    const n = 100, p = 0.05, rho = 0.25;
    const erf = (x: number) => {
      const s = Math.sign(x), a = Math.abs(x), t = 1 / (1 + 0.3275911 * a);
      return s * (1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a));
    };
    const Phi = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
    const t = -1.6448536269514722; // Φ⁻¹(0.05), standard table value
    let p2 = 0;
    const h = 0.001, steps = 16_000; // z from −8 to 8
    for (let k = 0; k <= steps; k++) {
      const z = -8 + k * h;
      const f = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) * Phi((t - Math.sqrt(rho) * z) / Math.sqrt(1 - rho)) ** 2;
      p2 += f * (k === 0 || k === steps ? 1 : k % 2 ? 4 : 2);
    }
    p2 *= h / 3;
    const varK = n * p * (1 - p) + n * (n - 1) * (p2 - p * p);
    const { s, net } = portfolio(new Array(n).fill(p), () => 1 / 0.45); // loss = K exactly (amount × lgd = 1)
    const draws = 6000;
    const r = await monteCarlo(s, net, { draws, seed: 11, workers: 0, parkLoading: 0.4, industryLoading: 0.3 });
    const mean = r.loss.mean;
    let ss = 0;
    for (const x of r.losses) ss += (x - mean) ** 2;
    const sampleVar = ss / (draws - 1);
    expect(Math.abs(mean - n * p)).toBeLessThan(4 * Math.sqrt(varK / draws));
    // About 2.4 × the independent variance (n p (1 − p) = 4.75): correlation is really there.
    expect(varK / (n * p * (1 - p))).toBeGreaterThan(2);
    expect(sampleVar / varK).toBeGreaterThan(0.88);
    expect(sampleVar / varK).toBeLessThan(1.12);
  });

  it('runs each draw through the default cascade', async () => {
    // A (pd 1) always defaults; B guarantees A's loan (100) with equity 1, so B loses 100 × 0.45 = 45 ≥ 1
    // and defaults by contagion in every draw. Bank: A's loan is fully covered (uncovered 0); B's loan 50
    // is not, so the bank loses 50 × 0.45 = 22.5 in every draw.
    const ds = dataset({
      firms: [firm('A', { pd: 1, equity: 10 }), firm('B', { pd: 0, equity: 1 })],
      banks: [{ id: 'K', name: 'K', capital: 1000 }],
      loans: [{ id: 'L1', bank_id: 'K', borrower_id: 'A', outstanding: 100 }, { id: 'L2', bank_id: 'K', borrower_id: 'B', outstanding: 50 }],
      guarantees: [{ id: 'g', guarantor_id: 'B', borrower_id: 'A', loan_id: 'L1', amount: 100 }],
    });
    const s = buildSnapshot(ds);
    const r = await monteCarlo(s, buildExposures(s, { supply: false }), { draws: 300, workers: 0 });
    expect(r.loss).toMatchObject({ mean: 22.5, var: 22.5, es: 22.5, max: 22.5 });
    expect(r.defaults).toEqual({ meanInitial: 1, meanTotal: 2, meanContagion: 1, maxTotal: 2 });
    expect([...r.firmDefaultFrequency]).toEqual([1, 1]);
    expect(r.banks[0]).toMatchObject({ bank: 'K', mean: 22.5, defaultFrequency: 0 });
    expect(r.histogram.counts.reduce((a, b) => a + b, 0)).toBe(300);
  });

  it('is reproducible: same seed same result, whatever the number of workers', async () => {
    const pds = Array.from({ length: 300 }, (_, i) => 0.01 + (i % 10) * 0.01);
    const { s, net } = portfolio(pds, (i) => 1 + (i % 13));
    const base = { draws: 1200, seed: 3, blockSize: 100 };
    const inline = await monteCarlo(s, net, { ...base, workers: 0 });
    const again = await monteCarlo(s, net, { ...base, workers: 0 });
    const one = await monteCarlo(s, net, { ...base, workers: 1 });
    const two = await monteCarlo(s, net, { ...base, workers: 2 });
    const strip = (r: typeof inline) => ({ ...r, options: { ...r.options, workers: 0 } });
    expect(strip(again)).toEqual(strip(inline));
    expect(strip(one)).toEqual(strip(inline));
    expect(strip(two)).toEqual(strip(inline));
    const other = await monteCarlo(s, net, { ...base, seed: 4, workers: 0 });
    expect(other.losses).not.toEqual(inline.losses);
    expect(inline.options).toMatchObject({ draws: 1200, seed: 3, blockSize: 100, parkLoading: 0.3, industryLoading: 0.3, alpha: 0.99 });
  });
});
