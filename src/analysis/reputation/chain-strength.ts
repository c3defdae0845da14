/**
 * Chain strength (信誉链强度) of a firm: the strongest path from the firm to any bank
 * through supply, guarantee, ownership and loan ties,
 *   chain(f) = max over paths P from a bank to f of Π_{e∈P} s_e   (s from ties.ts),
 * i.e. how well the firm's reputation reaches a lender through partners a bank already
 * knows (seed 004's 信誉链; the "data penetration" of supply-chain finance, seed 002).
 * Solved for all firms at once by multi-source Dijkstra from all banks on −log s
 * (src/engine/paths.ts). Ties are undirected: a bank learns about a firm from its
 * suppliers and from its customers alike, and a guarantor vouches for the borrower
 * as much as the borrower's standing reflects on the guarantor.
 * A firm with its own strong bank relationship gets chain = its bank tie (one hop).
 */
import { strongestPaths, type Snapshot, type StrengthGraph, type StrongestPaths } from '../../engine/index.ts';
import { tieStrengths, type TieOptions, type TieStrengths } from './ties.ts';

export type TieKind = 'supply' | 'guarantee' | 'ownership' | 'loan';

export interface ChainStrengthOptions {
  ties: Partial<TieOptions>;
  /** Which relationships carry reputation. */
  kinds: readonly TieKind[];
}

export const CHAIN_STRENGTH_DEFAULTS: Readonly<ChainStrengthOptions> = Object.freeze({
  ties: Object.freeze({}),
  kinds: Object.freeze(['supply', 'guarantee', 'ownership', 'loan'] as TieKind[]),
});

export interface ChainStep {
  from: string;
  to: string;
  kind: TieKind;
  /** Row of the relationship in its Dataset table. */
  row: number;
  strength: number;
}

export interface ChainStrengthResult {
  /** Per firm, in [0, 1]; 0 when no bank is reachable. Length nFirms. */
  strength: Float64Array;
  /** Bank node index the best path starts from, −1 when none. Length nFirms. */
  bank: Int32Array;
  /** Edges on the best path. Length nFirms. */
  hops: Int32Array;
  ties: TieStrengths;
  options: ChainStrengthOptions;
  /** The best path of a firm, bank first, each step with its tie. */
  path(firm: number): ChainStep[];
}

export function chainStrength(s: Snapshot, options: Partial<ChainStrengthOptions> = {}, ties?: TieStrengths): ChainStrengthResult {
  const opts: ChainStrengthOptions = { ...CHAIN_STRENGTH_DEFAULTS, ...options };
  const t = ties ?? tieStrengths(s, opts.ties);
  const { graph, decode } = reputationGraph(s, t, opts.kinds);
  const banks = new Int32Array(s.nBanks);
  for (let b = 0; b < s.nBanks; b++) banks[b] = s.nFirms + b;
  const r: StrongestPaths = strongestPaths(graph, banks);
  const strength = r.strength.slice(0, s.nFirms);
  const bank = r.origin.slice(0, s.nFirms);
  const hops = r.hops.slice(0, s.nFirms);
  const path = (firm: number): ChainStep[] => {
    const steps: ChainStep[] = [];
    for (let v = firm; r.pred[v] >= 0; v = r.pred[v]) {
      const { kind, row, strength: st } = decode(r.predEdge[v]);
      steps.push({ from: s.ids[r.pred[v]], to: s.ids[v], kind, row, strength: st });
    }
    return steps.reverse();
  };
  return { strength, bank, hops, ties: t, options: opts, path };
}

/** The undirected reputation graph over the Snapshot's nodes, with the edge-id decoder. */
export function reputationGraph(s: Snapshot, t: TieStrengths, kinds: readonly TieKind[]): {
  graph: StrengthGraph;
  decode(id: number): { kind: TieKind; row: number; strength: number };
} {
  const parts: { kind: TieKind; src: Int32Array; dst: Int32Array; w: Float64Array }[] = [];
  for (const kind of kinds) parts.push({ kind, src: s[kind].src, dst: s[kind].dst, w: t[kind] });
  // The undirected CSR is filled straight from the edge kinds (edge id = running row number
  // over the kinds), without concatenated copies: at 1M firms those would be ~90 MB of garbage.
  const base: number[] = [];
  let m = 0;
  for (const p of parts) { base.push(m); m += p.src.length; }
  const n = s.n;
  const offsets = new Int32Array(n + 1);
  for (const p of parts) for (let i = 0; i < p.src.length; i++) { offsets[p.src[i] + 1]++; offsets[p.dst[i] + 1]++; }
  for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
  const cursor = offsets.slice(0, n);
  const nbr = new Int32Array(2 * m), edge = new Int32Array(2 * m), strength = new Float64Array(2 * m);
  parts.forEach((p, k) => {
    const { src, dst, w } = p;
    for (let i = 0; i < src.length; i++) {
      const a = src[i], b = dst[i], id = base[k] + i;
      let q = cursor[a]++;
      nbr[q] = b; edge[q] = id; strength[q] = w[i];
      q = cursor[b]++;
      nbr[q] = a; edge[q] = id; strength[q] = w[i];
    }
  });
  const graph: StrengthGraph = { n, offsets, nbr, edge, strength };
  const decode = (g: number) => {
    let i = parts.length - 1;
    while (base[i] > g) i--;
    return { kind: parts[i].kind, row: g - base[i], strength: parts[i].w[g - base[i]] };
  };
  return { graph, decode };
}
