/**
 * Invariants (fast-check) and agreement with dense textbook oracles written here from the
 * papers' formulas (plain matrices, no sparsity, no work queues), on random small networks.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  clearing, clearingVector, createThresholdRunner, debtRank, exposureNetworkFromMatrix,
  linearDebtRank, runContagion, thresholdCascade, totalExposure, CONTAGION_MODELS,
} from '../../../src/analysis/contagion/index.ts';

/** assets[i][j] = what i loses when j defaults; capital ≥ 0 (0 included on purpose). */
const system = fc.integer({ min: 2, max: 7 }).chain((n) =>
  fc.record({
    assets: fc.array(fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.1, max: 10, noNaN: true })), { minLength: n, maxLength: n }), { minLength: n, maxLength: n })
      .map((m) => m.map((row, i) => row.map((x, j) => (i === j ? 0 : x)))),
    capital: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.5, max: 20, noNaN: true })), { minLength: n, maxLength: n }),
    // Shocks below 1e-3 are left out: in amplifying systems (ρ > 1) the oracle would blow a
    // 1e-17 shock up to default while the models stop at their tolerance, by design.
    shock: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 1, noNaN: true })), { minLength: n, maxLength: n }),
    root: fc.integer({ min: 0, max: n - 1 }),
  }));

/** Battiston's impact W[i][j] of j's default on i: min(1, A_ij / c_i), 1 when c_i = 0 and A_ij > 0. */
function impact(assets: number[][], capital: number[], cap: boolean): number[][] {
  return assets.map((row, i) => row.map((a) => (a === 0 ? 0 : capital[i] > 0 ? (cap ? Math.min(1, a / capital[i]) : a / capital[i]) : 1)));
}

/** Battiston et al. 2012 exactly as written: states U/D/I, h_i(t) = min(1, h_i(t−1) + Σ_{j∈D} W_ij h_j(t−1)). */
function battistonDense(assets: number[][], capital: number[], h0: number[]): number[] {
  const n = capital.length, W = impact(assets, capital, true);
  let h = h0.slice();
  const state: ('U' | 'D' | 'I')[] = h0.map((x) => (x > 0 ? 'D' : 'U'));
  while (state.includes('D')) {
    const prev = h.slice();
    h = h.map((hi, i) => Math.min(1, hi + prev.reduce((acc, hj, j) => acc + (state[j] === 'D' ? W[i][j] * hj : 0), 0)));
    for (let j = 0; j < n; j++) if (state[j] === 'D') state[j] = 'I';
    for (let i = 0; i < n; i++) if (state[i] === 'U' && h[i] > 0) state[i] = 'D';
  }
  return h;
}

/** Bardoscia et al. 2015: h(t+1) = min(1, h(t) + Λ (h(t) − h(t−1))), h(−1) = 0. */
function linearDense(assets: number[][], capital: number[], h0: number[]): number[] {
  const L = impact(assets, capital, false);
  let prev = h0.map(() => 0), h = h0.slice();
  for (let t = 0; t < 100_000; t++) {
    const next = h.map((hi, i) => Math.min(1, hi + L[i].reduce((acc, l, j) => acc + l * (h[j] - prev[j]), 0)));
    prev = h;
    h = next;
    if (h.every((x, i) => Math.abs(x - prev[i]) < 1e-15)) break;
  }
  return h;
}

/** Furfine 2003: repeat until stable — defaulted if h0 = 1 or Σ_{j defaulted} A_ij ≥ c_i (1 − h0_i) > … with a positive loss. */
function furfineDense(assets: number[][], capital: number[], h0: number[]): boolean[] {
  const n = capital.length;
  const d = h0.map((x) => x >= 1);
  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i < n; i++) {
      if (d[i]) continue;
      const loss = assets[i].reduce((acc, a, j) => acc + (d[j] ? a : 0), 0);
      if (loss > 0 && loss >= capital[i] * (1 - h0[i])) { d[i] = true; changed = true; }
    }
  }
  return d;
}

/** Eisenberg–Noe by plain Picard iteration from p̄: p ← min(p̄, max(0, e + Πᵀ p)). */
function enDense(L: number[][], e: number[]): number[] {
  const n = e.length;
  const pbar = L.map((row) => row.reduce((a, b) => a + b, 0));
  let p = pbar.slice();
  for (let t = 0; t < 200_000; t++) {
    const next = p.map((_, i) => Math.min(pbar[i], Math.max(0, e[i] + L.reduce((acc, row, k) => acc + (pbar[k] > 0 ? (row[i] / pbar[k]) * p[k] : 0), 0))));
    const diff = Math.max(...next.map((x, i) => Math.abs(x - p[i])));
    p = next;
    if (diff < 1e-13) break;
  }
  return p;
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>, eps: number) => Array.from(a).every((x, i) => Math.abs(x - b[i]) <= eps);

describe('models agree with the dense oracles', () => {
  it('DebtRank (Battiston) = dense U/D/I iteration', () => {
    fc.assert(fc.property(system, ({ assets, capital, shock }) => {
      const r = debtRank(exposureNetworkFromMatrix(assets, capital), { distress: Float64Array.from(shock) });
      return close(r.distress, battistonDense(assets, capital, shock), 1e-9);
    }), { numRuns: 300 });
  });

  it('linear DebtRank (Bardoscia) = dense increment iteration', () => {
    fc.assert(fc.property(system, ({ assets, capital, shock }) => {
      const r = linearDebtRank(exposureNetworkFromMatrix(assets, capital), { distress: Float64Array.from(shock) }, { tolerance: 1e-13 });
      return close(r.distress, linearDense(assets, capital, shock), 1e-7);
    }), { numRuns: 300 });
  });

  it('threshold cascade = dense Furfine fixpoint (one default, then a partial shock)', () => {
    fc.assert(fc.property(system, ({ assets, capital, shock, root }) => {
      const net = exposureNetworkFromMatrix(assets, capital);
      const h0 = shock.map((x, i) => (i === root ? 1 : x * 0.5));
      const r = thresholdCascade(net, { distress: Float64Array.from(h0) });
      return furfineDense(assets, capital, h0).every((d, i) => d === (r.defaulted[i] === 1));
    }), { numRuns: 300 });
  });

  it('clearing vector = dense Picard iteration, is a fixed point, and lies in [0, p̄]', () => {
    // External assets are kept ≥ 0.5 away from 0: with e ≈ 0 on a closed set of debtors the
    // fixed point is degenerate (a continuum of clearing vectors) and Picard never settles.
    const external = fc.oneof(fc.double({ min: -5, max: -0.5, noNaN: true }), fc.double({ min: 0.5, max: 15, noNaN: true }));
    fc.assert(fc.property(system, fc.array(external, { minLength: 7, maxLength: 7 }), ({ assets }, ext) => {
      const n = assets.length;
      // Reuse the random matrix as liabilities: L[i][j] = what i owes j.
      const debtor: number[] = [], creditor: number[] = [], liability: number[] = [];
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (assets[i][j] > 0) { debtor.push(i); creditor.push(j); liability.push(assets[i][j]); }
      const e = ext.slice(0, n);
      const cv = clearingVector({ n, debtor: Int32Array.from(debtor), creditor: Int32Array.from(creditor), liability: Float64Array.from(liability), external: Float64Array.from(e) });
      const pbar = assets.map((row) => row.reduce((a, b) => a + b, 0));
      const inRange = Array.from(cv.payments).every((p, i) => p >= -1e-12 && p <= pbar[i] + 1e-12);
      const phi = cv.payments.map((_, i) => Math.min(pbar[i], Math.max(0, e[i] + assets.reduce((acc, row, k) => acc + (pbar[k] > 0 ? (row[i] / pbar[k]) * cv.payments[k] : 0), 0))));
      return inRange && cv.residual <= 1e-9 && close(phi, cv.payments, 1e-8) && close(cv.payments, enDense(assets, e), 1e-6);
    }), { numRuns: 300 });
  });
});

describe('invariants of every model', () => {
  it('distress in [0, 1], loss ≤ total exposure, defaults have distress 1, rounds add up to the loss', () => {
    fc.assert(fc.property(system, fc.constantFrom(...CONTAGION_MODELS), ({ assets, capital, shock }, model) => {
      const net = exposureNetworkFromMatrix(assets, capital);
      const r = runContagion(net, model, { distress: Float64Array.from(shock) });
      const cap = totalExposure(net);
      for (let v = 0; v < net.n; v++) {
        if (!(r.distress[v] >= 0 && r.distress[v] <= 1)) return false;
        if (r.loss[v] > cap[v] + 1e-9) return false;
        if (r.defaulted[v] && r.distress[v] !== 1) return false;
      }
      const sum = Array.from(r.loss).reduce((a, b) => a + b, 0);
      // The per-round losses account for the whole system loss.
      const byRound = r.rounds.reduce((a, x) => a + x.loss, 0);
      return Math.abs(sum - r.systemLoss) < 1e-9 && Math.abs(byRound - sum) <= 1e-9 * Math.max(1, sum);
    }), { numRuns: 300 });
  });

  it('edge losses amount × transmitted add up to each node loss', () => {
    fc.assert(fc.property(system, fc.constantFrom(...CONTAGION_MODELS), ({ assets, capital, shock }, model) => {
      const net = exposureNetworkFromMatrix(assets, capital);
      const r = runContagion(net, model, { distress: Float64Array.from(shock) }, { tolerance: 1e-13 });
      const rebuilt = new Float64Array(net.n);
      for (let i = 0; i < net.n; i++) for (let p = net.out.offsets[i]; p < net.out.offsets[i + 1]; p++) rebuilt[net.out.nbr[p]] += net.amount[p] * r.transmitted![i];
      return close(rebuilt, r.loss, 1e-9);
    }), { numRuns: 200 });
  });

  it('linear DebtRank, threshold and clearing are monotone in the shock', () => {
    fc.assert(fc.property(system, fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('linear', 'threshold', 'clearing' as const), ({ assets, capital, shock }, extra, model) => {
      const net = exposureNetworkFromMatrix(assets, capital);
      const small = Float64Array.from(shock, (x) => x * 0.5);
      const large = Float64Array.from(shock, (x) => Math.min(1, x * 0.5 + extra * 0.5));
      const a = runContagion(net, model, { distress: small }, { tolerance: 1e-13 });
      const b = runContagion(net, model, { distress: large }, { tolerance: 1e-13 });
      return Array.from(a.distress).every((x, i) => x <= b.distress[i] + 1e-7) && a.systemLoss <= b.systemLoss + 1e-7;
    }), { numRuns: 300 });
  });

  it('is deterministic: the same input gives identical results', () => {
    fc.assert(fc.property(system, fc.constantFrom(...CONTAGION_MODELS), ({ assets, capital, shock }, model) => {
      const run = () => runContagion(exposureNetworkFromMatrix(assets, capital), model, { distress: Float64Array.from(shock) });
      const a = run(), b = run();
      return JSON.stringify([Array.from(a.distress), Array.from(a.loss), a.rounds]) === JSON.stringify([Array.from(b.distress), Array.from(b.loss), b.rounds]);
    }), { numRuns: 100 });
  });
});

describe('ThresholdRunner (Monte Carlo entry point)', () => {
  it('matches thresholdCascade draw after draw, with a list or a mask, reusing its buffers', () => {
    fc.assert(fc.property(system, fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 4 }), { minLength: 1, maxLength: 6 }), ({ assets, capital }, draws) => {
      const net = exposureNetworkFromMatrix(assets, capital);
      const runner = createThresholdRunner(net);
      for (const raw of draws) {
        const list = raw.filter((v) => v < net.n);
        const expected = thresholdCascade(net, { defaults: list });
        const mask = new Uint8Array(net.n);
        for (const v of list) mask[v] = 1;
        for (const input of [Int32Array.from(list), mask]) {
          const draw = runner.run(input);
          // Losses may differ in the last bit: the draw adds them in the order defaults are listed.
          if (!close(runner.loss, expected.loss, 1e-12)) return false;
          if (!close(runner.defaulted, expected.defaulted, 0)) return false;
          if (Math.abs(draw.systemLoss - expected.systemLoss) > 1e-9) return false;
          if (draw.defaults !== expected.defaulted.reduce((a, b) => a + b, 0)) return false;
        }
      }
      return true;
    }), { numRuns: 200 });
  });

  it('uses only the first `count` entries of a reused buffer', () => {
    const net = exposureNetworkFromMatrix([[0, 1, 0], [10, 0, 3], [3, 2, 0]], [2, 5, 2]);
    const runner = createThresholdRunner(net);
    const buffer = Int32Array.of(2, 0, 1);
    expect(runner.run(buffer, 1).defaults).toBe(1);
    expect(Array.from(runner.affected()).sort()).toEqual([1, 2]);
  });
});

describe('diagnostics', () => {
  it('reports non-convergence when maxRounds cuts a long cycle', () => {
    // Two firms guaranteeing each other with impact 0.9 each way: linear DebtRank's increments
    // shrink by 0.81 per two rounds, so 5 rounds cannot reach 1e-9.
    const net = exposureNetworkFromMatrix([[0, 0.9], [0.9, 0]], [1, 1]);
    const cut = linearDebtRank.detailed(net, { distress: Float64Array.of(0.1, 0) }, { maxRounds: 5 });
    expect(cut.converged).toBe(false);
    expect(cut.residual).toBeGreaterThan(1e-9);
    const full = linearDebtRank.detailed(net, { distress: Float64Array.of(0.1, 0) });
    expect(full.converged).toBe(true);
    // Closed form of the least fixed point: h1 = 0.1 + 0.9 h2, h2 = 0.9 h1 ⇒ h1 = 0.1 / 0.19.
    expect(full.result.distress[0]).toBeCloseTo(0.1 / 0.19, 8);
    expect(clearing.detailed(net, { defaults: [0] }).converged).toBe(true);
  });
});
