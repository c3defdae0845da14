/**
 * Small random draws on top of the project's one seeded source (src/engine/rng.ts)
 * and the rounding that keeps written amounts short and exact.
 */
import type { Rng } from '../../src/engine/index.ts';

/** Uniform in [lo, hi). */
export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}

/** Uniform integer in [lo, hi] (both ends included). */
export function intBetween(rng: Rng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

/** Log-normal with the given median and log-scale sigma. */
export function logNormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * rng.normal());
}

/** Index drawn with probability proportional to weights[i] (weights ≥ 0, sum > 0). */
export function pickWeighted(rng: Rng, weights: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  let u = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i];
    if (u < 0 && weights[i] > 0) return i;
  }
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
  throw new Error('pickWeighted: all weights are zero');
}

/** Rounded to 0.01 (of the amount unit, 万元: i.e. to 100 CNY). */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Rounded to 4 decimals (probabilities, rates). */
export function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** Rounded down to 4 decimals, so shares drawn this way never sum above their bound. */
export function floor4(x: number): number {
  return Math.floor(x * 10000) / 10000;
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
