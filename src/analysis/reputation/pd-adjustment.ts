/**
 * Reputation-adjusted probability of default: pd' = pd · exp(−β · default cost ratio).
 * A firm with much to lose by defaulting defaults less (seed 004, 失信代价); β is an
 * assumption, not an estimate, so its default is 0 and the adjustment is off unless a
 * user sets it. Missing ratios (no revenue) leave pd unchanged. The contagion models
 * take the returned array as their pd input.
 */
export interface PdAdjustmentOptions {
  /** β ≥ 0; 0 = off. */
  beta: number;
}

export const PD_ADJUSTMENT_DEFAULTS: Readonly<PdAdjustmentOptions> = Object.freeze({ beta: 0 });

export function adjustPd(pd: Float64Array, costRatio: Float64Array, options: Partial<PdAdjustmentOptions> = {}): Float64Array {
  const { beta } = { ...PD_ADJUSTMENT_DEFAULTS, ...options };
  const out = new Float64Array(pd.length);
  for (let i = 0; i < pd.length; i++) {
    const r = i < costRatio.length ? costRatio[i] : NaN;
    out[i] = beta === 0 || !Number.isFinite(r) ? pd[i] : pd[i] * Math.exp(-beta * Math.max(0, r));
  }
  return out;
}
