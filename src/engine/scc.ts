/**
 * Strongly connected components by Tarjan's algorithm (Tarjan 1972, SIAM J.
 * Comput. 1(2):146–160), iterative with explicit stacks so 1M-node graphs cannot
 * overflow the call stack. O(n + m).
 *
 * Components are numbered in the order Tarjan completes them, which is a reverse
 * topological order of the condensation: if an edge u → v crosses components then
 * comp[u] > comp[v].
 */
import type { Csr } from './csr.ts';

export interface SccResult {
  /** Node → component number in [0, count). */
  comp: Int32Array;
  count: number;
  /** Component → number of nodes. */
  size: Int32Array;
}

export function stronglyConnectedComponents(n: number, out: Csr): SccResult {
  const { offsets, nbr } = out;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  let sp = 0;
  let next = 0;
  let count = 0;
  const sizes: number[] = [];

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    callNode[0] = root;
    callEdge[0] = offsets[root];
    index[root] = low[root] = next++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callNode[depth];
      const e = callEdge[depth];
      if (e < offsets[v + 1]) {
        callEdge[depth] = e + 1;
        const w = nbr[e];
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack[sp++] = w;
          onStack[w] = 1;
          depth++;
          callNode[depth] = w;
          callEdge[depth] = offsets[w];
        } else if (onStack[w] && index[w] < low[v]) {
          low[v] = index[w];
        }
        continue;
      }
      if (low[v] === index[v]) {
        let size = 0;
        let w: number;
        do {
          w = stack[--sp];
          onStack[w] = 0;
          comp[w] = count;
          size++;
        } while (w !== v);
        sizes.push(size);
        count++;
      }
      depth--;
      if (depth >= 0) {
        const parent = callNode[depth];
        if (low[v] < low[parent]) low[parent] = low[v];
      }
    }
  }
  return { comp, count, size: Int32Array.from(sizes) };
}
