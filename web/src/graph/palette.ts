/**
 * Colours and edge styles. Parks use the Okabe–Ito palette (Okabe & Ito 2008,
 * "Color Universal Design"), distinguishable under the common colour-vision
 * deficiencies, continued by Paul Tol's "muted" scheme (Tol 2021, SRON/EPS/TN/09-002)
 * when a dataset has more than seven parks. Okabe–Ito's black is left out (it is
 * the bank colour) and its yellow goes last (weak contrast on a light canvas).
 */
import type { EdgeKind } from '../api/index.ts';

export const PARK_PALETTE: readonly string[] = Object.freeze([
  '#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442',
  '#332288', '#88CCEE', '#44AA99', '#117733', '#999933', '#DDCC77', '#CC6677', '#882255', '#AA4499',
]);

/** Firms outside any park: neutral grey, so parks stand out. */
export const NO_PARK_COLOR = '#A7ADB5';
/** Banks: near-black slate, drawn as diamonds. */
export const BANK_COLOR = '#27313F';
/** Everything not in the current selection's neighbourhood. */
export const MUTED_NODE_COLOR = '#E9ECEF';
export const MUTED_EDGE_COLOR = '#F1F3F5';
export const SELECTION_RING_COLOR = '#111827';

/** Park colour by park index; the palette cycles past its length (legend still names each park). */
export function parkColor(parkIndex: number): string {
  if (parkIndex < 0) return NO_PARK_COLOR;
  return PARK_PALETTE[parkIndex % PARK_PALETTE.length];
}

export interface EdgeStyle {
  color: string;
  /** sigma edge program: 'arrow' for directed risk/trade flows, 'line' for the dense loan layer. */
  type: 'arrow' | 'line';
  /** Thickness in screen pixels before zoom. */
  size: number;
  /** Colour when the tie belongs to the focused node (the light loan grey would vanish). */
  focusColor: string;
}

/**
 * Guarantees are the contagion channel (DOMAIN.md), so they are the strongest and
 * carry arrows; loans are the densest layer, so they are thin and light. In the
 * overview ties are translucent, so thousands of them read as density rather than
 * as a solid mass; the ties of a focused node are drawn opaque (`focusColor`).
 */
export const EDGE_STYLES: Readonly<Record<EdgeKind, EdgeStyle>> = Object.freeze({
  loan: { color: 'rgba(123, 135, 148, 0.28)', type: 'line', size: 0.6, focusColor: '#52606D' },
  guarantee: { color: 'rgba(178, 24, 43, 0.5)', type: 'arrow', size: 1.4, focusColor: '#B2182B' },
  supply: { color: 'rgba(27, 120, 55, 0.3)', type: 'arrow', size: 1, focusColor: '#1B7837' },
  ownership: { color: 'rgba(106, 61, 154, 0.55)', type: 'line', size: 1.2, focusColor: '#6A3D9A' },
});

/** Categories past the palette's length (small industries, small communities): one neutral grey. */
export const OTHER_COLOR = '#C3C8CF';

/** Screening status colours (Okabe–Ito, plus Tol's wine for several reasons): green passes, warm hues fail. */
export const SCREENING_COLORS: Readonly<Record<string, string>> = Object.freeze({
  passed: '#009E73',
  zombie: '#D55E00',
  shell: '#E69F00',
  dishonest: '#CC79A7',
  multiple: '#882255',
  guarantor: '#56B4E9',
});

/**
 * Sequential ramps as anchor stops, interpolated linearly in sRGB into a 256-entry table
 * (so a reducer maps a value to a colour with one array read and no string building).
 * Viridis (van der Walt & Smith, matplotlib 2015): perceptually uniform and colour-blind
 * safe, for measures; these are matplotlib's viridis at 0, 1/8, …, 1. YlOrRd (ColorBrewer,
 * Brewer 2003) from its third class on, for contagion distress: light stays readable on the canvas.
 */
export const VIRIDIS_STOPS: readonly string[] = Object.freeze([
  '#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725',
]);
export const DISTRESS_STOPS: readonly string[] = Object.freeze([
  '#fed976', '#feb24c', '#fd8d3c', '#fc4e2a', '#e31a1c', '#bd0026', '#800026',
]);
/** Distress exactly 0 (not reached by the cascade): a neutral grey, so the cascade stands out. */
export const UNAFFECTED_COLOR = '#D3D8DE';

export const RAMP_STEPS = 256;

function hexToRgb(hex: string): [number, number, number] {
  const x = Number.parseInt(hex.slice(1), 16);
  return [(x >> 16) & 255, (x >> 8) & 255, x & 255];
}

const hex2 = (x: number) => Math.round(x).toString(16).padStart(2, '0');

/** The 256-step table of a ramp given by evenly spaced stops. */
export function rampTable(stops: readonly string[]): readonly string[] {
  const rgb = stops.map(hexToRgb);
  const table: string[] = [];
  for (let i = 0; i < RAMP_STEPS; i++) {
    const pos = (i / (RAMP_STEPS - 1)) * (rgb.length - 1);
    const k = Math.min(rgb.length - 2, Math.floor(pos));
    const f = pos - k;
    const [a, b] = [rgb[k], rgb[k + 1]];
    table.push(`#${hex2(a[0] + (b[0] - a[0]) * f)}${hex2(a[1] + (b[1] - a[1]) * f)}${hex2(a[2] + (b[2] - a[2]) * f)}`);
  }
  return Object.freeze(table);
}

export const VIRIDIS: readonly string[] = rampTable(VIRIDIS_STOPS);
export const DISTRESS: readonly string[] = rampTable(DISTRESS_STOPS);

/** Colour of t ∈ [0, 1] (clamped; NaN → 0) on a ramp table. */
export function rampColor(table: readonly string[], t: number): string {
  const i = t > 0 ? Math.round(Math.min(1, t) * (table.length - 1)) : 0;
  return table[i];
}

/** `#rrggbb` + alpha → `rgba(…)`, for translucent tie colours derived from category colours. */
export function withAlpha(hex: string, alpha: number): string {
  const [r, g, b] = hexToRgb(hex);
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
