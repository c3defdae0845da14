/**
 * Strongest paths: for every node v, the path from any source maximizing the product
 * of edge strengths s ∈ (0, 1]:  S(v) = max over paths P from a source to v of Π_{e∈P} s_e.
 * Taking costs c_e = −log s_e ≥ 0 turns this into a shortest-path problem, solved by
 * multi-source Dijkstra (Dijkstra 1959, Numer. Math. 1:269–271) with an indexed binary
 * heap on typed arrays: O((n + m) log n), iterative, no per-node objects.
 * Edges with s ≤ 0 (or NaN) carry nothing and are skipped; s > 1 is clamped to 1.
 */

/** Adjacency with one strength per adjacency slot (CSR positions). */
export interface StrengthGraph {
  n: number;
  offsets: Int32Array;
  nbr: Int32Array;
  /** Caller's edge id of each slot (reported in paths). */
  edge: Int32Array;
  /** Strength of each slot, aligned with nbr. */
  strength: Float64Array;
}

export interface StrongestPaths {
  /** Best product of strengths from any source; 1 at sources, 0 when unreachable. */
  strength: Float64Array;
  /** Previous node on the best path, −1 at sources and unreachable nodes. */
  pred: Int32Array;
  /** Edge id (StrengthGraph.edge) used to reach the node, −1 at sources / unreachable. */
  predEdge: Int32Array;
  /** The source the best path starts from, −1 when unreachable. */
  origin: Int32Array;
  /** Number of edges on the best path, −1 when unreachable. */
  hops: Int32Array;
}

/**
 * Undirected StrengthGraph from edge lists: edge i joins a[i] and b[i] with strength
 * w[i] and id[i]; each edge appears in both endpoints' lists (counting sort, O(n + m)).
 */
export function undirectedStrengthGraph(n: number, a: Int32Array, b: Int32Array, w: Float64Array, id: Int32Array): StrengthGraph {
  const m = a.length;
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < m; i++) {
    offsets[a[i] + 1]++;
    offsets[b[i] + 1]++;
  }
  for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
  const cursor = offsets.slice(0, n);
  const nbr = new Int32Array(2 * m), edge = new Int32Array(2 * m), strength = new Float64Array(2 * m);
  for (let i = 0; i < m; i++) {
    let p = cursor[a[i]]++;
    nbr[p] = b[i]; edge[p] = id[i]; strength[p] = w[i];
    p = cursor[b[i]]++;
    nbr[p] = a[i]; edge[p] = id[i]; strength[p] = w[i];
  }
  return { n, offsets, nbr, edge, strength };
}

export function strongestPaths(g: StrengthGraph, sources: ArrayLike<number>): StrongestPaths {
  const { n, offsets, nbr, edge, strength: sw } = g;
  const dist = new Float64Array(n).fill(Infinity);
  const pred = new Int32Array(n).fill(-1);
  const predEdge = new Int32Array(n).fill(-1);
  const origin = new Int32Array(n).fill(-1);
  const hops = new Int32Array(n).fill(-1);
  const heap = new MinHeap(n, dist);
  for (let i = 0; i < sources.length; i++) {
    const v = sources[i];
    if (dist[v] === 0) continue;
    dist[v] = 0;
    origin[v] = v;
    hops[v] = 0;
    heap.pushOrDecrease(v);
  }
  const done = new Uint8Array(n);
  while (heap.size > 0) {
    const v = heap.pop();
    done[v] = 1;
    const dv = dist[v];
    for (let p = offsets[v]; p < offsets[v + 1]; p++) {
      const s = sw[p];
      if (!(s > 0)) continue;
      const w = nbr[p];
      if (done[w]) continue;
      const d = dv + (s >= 1 ? 0 : -Math.log(s));
      if (d < dist[w]) {
        dist[w] = d;
        pred[w] = v;
        predEdge[w] = edge[p];
        origin[w] = origin[v];
        hops[w] = hops[v] + 1;
        heap.pushOrDecrease(w);
      }
    }
  }
  const strength = new Float64Array(n);
  for (let v = 0; v < n; v++) strength[v] = dist[v] === Infinity ? 0 : Math.exp(-dist[v]);
  return { strength, pred, predEdge, origin, hops };
}

/** Nodes of the best path from its source to v (source first), empty when unreachable. */
export function pathNodes(r: StrongestPaths, v: number): number[] {
  if (r.origin[v] < 0) return [];
  const out: number[] = [];
  for (let u = v; u >= 0; u = r.pred[u]) out.push(u);
  return out.reverse();
}

/**
 * Indexed binary min-heap of node ids keyed by an external Float64Array, with
 * decrease-key through a position array (the textbook structure of Cormen et al.,
 * Introduction to Algorithms, ch. 6). Ties broken by node id so results are stable.
 */
class MinHeap {
  size = 0;
  private readonly items: Int32Array;
  private readonly pos: Int32Array;
  constructor(n: number, private readonly key: Float64Array) {
    this.items = new Int32Array(n);
    this.pos = new Int32Array(n).fill(-1);
  }
  private less(a: number, b: number): boolean {
    const ka = this.key[a], kb = this.key[b];
    return ka < kb || (ka === kb && a < b);
  }
  pushOrDecrease(v: number): void {
    let i = this.pos[v];
    if (i < 0) {
      i = this.size++;
      this.items[i] = v;
      this.pos[v] = i;
    }
    this.up(i);
  }
  pop(): number {
    const { items, pos } = this;
    const top = items[0];
    pos[top] = -2; // popped
    const last = items[--this.size];
    if (this.size > 0) {
      items[0] = last;
      pos[last] = 0;
      this.down(0);
    }
    return top;
  }
  private up(i: number): void {
    const { items, pos } = this;
    const v = items[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const u = items[parent];
      if (!this.less(v, u)) break;
      items[i] = u;
      pos[u] = i;
      i = parent;
    }
    items[i] = v;
    pos[v] = i;
  }
  private down(i: number): void {
    const { items, pos, size } = this;
    const v = items[i];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      if (c + 1 < size && this.less(items[c + 1], items[c])) c++;
      if (!this.less(items[c], v)) break;
      items[i] = items[c];
      pos[items[i]] = i;
      i = c;
    }
    items[i] = v;
    pos[v] = i;
  }
}
