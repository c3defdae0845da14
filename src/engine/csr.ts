/**
 * Compressed sparse rows: the adjacency of one edge kind over the node index
 * space, built by a counting sort in O(n + m) with no recursion.
 * `nbr[offsets[v] .. offsets[v+1])` are v's neighbours and `edge[...]` the row
 * index of each edge in its Dataset table, so edge attributes stay in the table.
 */
export interface Csr {
  offsets: Int32Array;
  nbr: Int32Array;
  edge: Int32Array;
}

export function buildCsr(n: number, from: Int32Array, to: Int32Array): Csr {
  const m = from.length;
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) offsets[from[e] + 1]++;
  for (let v = 0; v < n; v++) offsets[v + 1] += offsets[v];
  const cursor = offsets.slice(0, n);
  const nbr = new Int32Array(m);
  const edge = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const p = cursor[from[e]]++;
    nbr[p] = to[e];
    edge[p] = e;
  }
  return { offsets, nbr, edge };
}

export function degree(csr: Csr, v: number): number {
  return csr.offsets[v + 1] - csr.offsets[v];
}
