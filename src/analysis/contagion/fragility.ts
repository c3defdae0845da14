/**
 * Fragility of guarantee circles: the spectral radius ρ(Λ_C) of each circle's impact matrix,
 * Λ(i→j) = exposure of j to i / capital of j over the circle's members (all channels between
 * them). Following Bardoscia, Battiston, Caccioli & Caldarelli 2017 ("Pathways towards
 * instability in financial networks", Nat. Commun. 8:14416), ρ > 1 means a small distress
 * amplifies as it circulates in the circle instead of dying out.
 * Power iteration on M = Λ + I (same Perron vector, ρ(M) = ρ(Λ) + 1, and the shift removes the
 * oscillation of periodic circles such as a mutual pair), stopped by the Collatz–Wielandt
 * bounds min_i (Mx)_i/x_i ≤ ρ(M) ≤ max_i (Mx)_i/x_i once they are within `tolerance`.
 */
import { stronglyConnectedComponents, type Snapshot } from '../../engine/index.ts';
import { impactWeights } from './exposures.ts';
import type { ExposureNetwork } from './types.ts';

export interface FragilityOptions {
  tolerance: number;
  maxIterations: number;
  /** Smallest circle size reported (a mutual pair is a circle of size 2). */
  minSize: number;
}

export const DEFAULT_FRAGILITY_OPTIONS: Readonly<FragilityOptions> = Object.freeze({
  tolerance: 1e-9,
  maxIterations: 10_000,
  minSize: 2,
});

export interface CircleFragility {
  /** Member node indices, ascending. */
  members: number[];
  memberIds: string[];
  /** Estimate of ρ(Λ) (midpoint of the bounds). */
  spectralRadius: number;
  lower: number;
  upper: number;
  iterations: number;
  converged: boolean;
  /** ρ > 1: distress amplifies inside the circle. */
  amplifies: boolean;
}

export interface SpectralRadius {
  value: number;
  lower: number;
  upper: number;
  iterations: number;
  converged: boolean;
}

/**
 * Spectral radius of a non-negative square matrix given as triplets (row, col, value) over
 * `size` rows. For an irreducible matrix the bounds close on ρ; otherwise they still bracket it.
 */
export function spectralRadius(size: number, rows: Int32Array, cols: Int32Array, values: Float64Array, options: Partial<FragilityOptions> = {}): SpectralRadius {
  const o = { ...DEFAULT_FRAGILITY_OPTIONS, ...options };
  let x = new Float64Array(size).fill(1 / size);
  let y = new Float64Array(size);
  let lower = 0, upper = Infinity, it = 0;
  while (it < o.maxIterations) {
    it++;
    // y = (Λ + I) x, with Λ(i→j) acting as Λ[j][i] on the distress vector (distress flows i → j).
    y.set(x);
    for (let k = 0; k < rows.length; k++) y[cols[k]] += values[k] * x[rows[k]];
    let lo = Infinity, hi = 0, norm = 0;
    for (let i = 0; i < size; i++) {
      const r = y[i] / x[i];
      if (r < lo) lo = r;
      if (r > hi) hi = r;
      norm += y[i];
    }
    lower = lo - 1;
    upper = hi - 1;
    for (let i = 0; i < size; i++) y[i] /= norm;
    const t = x; x = y; y = t;
    if (upper - lower <= o.tolerance) break;
  }
  return { value: (lower + upper) / 2, lower, upper, iterations: it, converged: upper - lower <= o.tolerance };
}

/** Fragility of every guarantee circle (SCC of the guarantee graph of size ≥ minSize). */
export function circleFragility(s: Snapshot, net: ExposureNetwork, options: Partial<FragilityOptions> = {}): { circles: CircleFragility[]; options: FragilityOptions } {
  const o = { ...DEFAULT_FRAGILITY_OPTIONS, ...options };
  const scc = stronglyConnectedComponents(s.n, s.guarantee.out);
  const membersOf = new Map<number, number[]>();
  for (let v = 0; v < s.n; v++) {
    const c = scc.comp[v];
    if (scc.size[c] >= o.minSize) {
      let list = membersOf.get(c);
      if (!list) membersOf.set(c, (list = []));
      list.push(v);
    }
  }
  const w = impactWeights(net, false);
  const local = new Int32Array(s.n).fill(-1);
  const circles: CircleFragility[] = [];
  for (const members of membersOf.values()) {
    members.forEach((v, k) => (local[v] = k));
    const rows: number[] = [], cols: number[] = [], vals: number[] = [];
    for (const i of members) {
      for (let p = net.out.offsets[i]; p < net.out.offsets[i + 1]; p++) {
        const j = net.out.nbr[p];
        if (local[j] >= 0 && w[p] > 0) { rows.push(local[i]); cols.push(local[j]); vals.push(w[p]); }
      }
    }
    const r = spectralRadius(members.length, Int32Array.from(rows), Int32Array.from(cols), Float64Array.from(vals), o);
    for (const v of members) local[v] = -1;
    circles.push({
      members, memberIds: members.map((v) => s.ids[v]),
      spectralRadius: r.value, lower: r.lower, upper: r.upper, iterations: r.iterations, converged: r.converged,
      amplifies: r.lower > 1,
    });
  }
  circles.sort((a, b) => b.spectralRadius - a.spectralRadius || a.members[0] - b.members[0]);
  return { circles, options: o };
}
