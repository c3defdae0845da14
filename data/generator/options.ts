/**
 * Generator options: merged over the frozen DEFAULTS, checked, and completed with
 * the counts that scale with the cluster: with s = log10(firms / 200), parks =
 * round(6 + s) in [6, 8] and banks = round(8 + 1.4 s) in [8, 12] (2,000 firms: 7
 * parks, 9 banks; 1M firms: 8 parks, 12 banks).
 */
import { UsageError } from '../../src/io/errors.ts';
import { BANK_SPECS, PARK_SPECS } from './catalog.ts';

export interface GeneratorOptions {
  /** Number of firms (enterprises, guarantee companies and shells together). */
  firms: number;
  /** 32-bit integer seed; same options → byte-identical output. */
  seed: number;
  /** Reporting date, ISO `YYYY-MM-DD`; loan maturities and financial years hang off it. */
  asOf: string;
  /** Number of parks (6–8); default scales with `firms`. */
  parks?: number;
  /** Number of banks (8–12); default scales with `firms`. */
  banks?: number;
  /** dataset.json `name`; default `wenzhou-<firms>-s<seed>`. */
  name?: string;
}

export const DEFAULTS: Readonly<GeneratorOptions> = Object.freeze({
  firms: 2000,
  seed: 42,
  asOf: '2025-12-31',
});

/** Options with every count decided, as recorded in dataset.json `generator`. */
export interface ResolvedOptions {
  firms: number;
  seed: number;
  asOf: string;
  parks: number;
  banks: number;
  name: string;
}

export const MIN_FIRMS = 50;
export const MAX_FIRMS = 20_000_000;

export function resolveOptions(options: Partial<GeneratorOptions> = {}): ResolvedOptions {
  const o = { ...DEFAULTS, ...stripUndefined(options) };
  if (!Number.isInteger(o.firms) || o.firms < MIN_FIRMS || o.firms > MAX_FIRMS) {
    throw new UsageError(`firms must be an integer in [${MIN_FIRMS}, ${MAX_FIRMS}], got ${o.firms}`);
  }
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) {
    throw new UsageError(`seed must be an integer in [0, 4294967295], got ${o.seed}`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(o.asOf) || Number.isNaN(Date.parse(`${o.asOf}T00:00:00Z`)) || new Date(`${o.asOf}T00:00:00Z`).toISOString().slice(0, 10) !== o.asOf) {
    throw new UsageError(`asOf must be an ISO date YYYY-MM-DD, got ${o.asOf}`);
  }
  const scale = Math.log10(o.firms / 200);
  const parks = o.parks ?? clamp(Math.round(6 + scale), 6, PARK_SPECS.length);
  const banks = o.banks ?? clamp(Math.round(8 + 1.4 * scale), 8, BANK_SPECS.length);
  if (!Number.isInteger(parks) || parks < 6 || parks > PARK_SPECS.length) throw new UsageError(`parks must be an integer in [6, ${PARK_SPECS.length}], got ${parks}`);
  if (!Number.isInteger(banks) || banks < 8 || banks > BANK_SPECS.length) throw new UsageError(`banks must be an integer in [8, ${BANK_SPECS.length}], got ${banks}`);
  return { firms: o.firms, seed: o.seed, asOf: o.asOf, parks, banks, name: o.name ?? `wenzhou-${o.firms}-s${o.seed}` };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
