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
