/**
 * Naive reachability oracle for graph tests: reach[u][v] is true iff v is reachable
 * from u (u reaches itself), by one BFS per node — O(n·(n+m)), fine for property tests
 * on small graphs, and independent of the CSR/Tarjan code it checks.
 */
export function reachability(n: number, edges: ReadonlyArray<readonly [number, number, ...unknown[]]>): boolean[][] {
  const adj: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) adj[a].push(b);
  return adj.map((_, s) => {
    const seen = new Array<boolean>(n).fill(false);
    const queue = [s];
    seen[s] = true;
    while (queue.length) for (const w of adj[queue.shift()!]) if (!seen[w]) { seen[w] = true; queue.push(w); }
    return seen;
  });
}
