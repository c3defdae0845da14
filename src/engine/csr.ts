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
  // offsets[v] first counts v's edges, then (inclusive prefix sum) holds the end of v's block;
  // placing the edges in descending row order moves it down to the block's start, so no cursor
  // copy is needed (one n-array less per CSR) and each block still lists its rows ascending.
  const offsets = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) offsets[from[e]]++;
  for (let v = 1; v < n; v++) offsets[v] += offsets[v - 1];
  offsets[n] = m;
  const nbr = new Int32Array(m);
  const edge = new Int32Array(m);
  for (let e = m - 1; e >= 0; e--) {
    const p = --offsets[from[e]];
    nbr[p] = to[e];
    edge[p] = e;
  }
  return { offsets, nbr, edge };
}

export function degree(csr: Csr, v: number): number {
  return csr.offsets[v + 1] - csr.offsets[v];
}
