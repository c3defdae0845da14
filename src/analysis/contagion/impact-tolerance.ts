/**
 * Systemic impact under a propagation tolerance τ > 0 (docs/contagion.md, "Propagation
 * tolerance"): Battiston DebtRank of each firm's own default where a node whose distress is below τ
 * passes nothing on, while the timing stays exact (each node is first hit in the same round as in
 * the exact run, so a tiny early hit still uses up a node's one transmission).
 *
 * What the timing needs. A node j first hit in round d + 1 passes on x_j = min(1, Σ W_ij x_i) over
 * the transmitters i of round d (d(i) = d, x_i ≥ τ), so for every out-neighbour j of a transmitter
 * the only question is "is d(j) ≤ d?" (j was hit before) — d(j) ≤ d + 1 anyway. The exact kernel
 * answers it with a full BFS, and so did this kernel's first version: on the generated 100k cluster
 * the BFS ball up to the last transmitting round holds ≈ 277k edge visits per firm, while the
 * transmitters' own edges are ≈ 2.8k (bench/out measurements, session 4). So here:
 * - a forward BFS from the defaulting firm f is grown layer by layer while its next layer is cheap
 *   (≤ `forwardBudget` edges), giving exact distances up to its radius ρ;
 * - "d(j) ≤ d?" for d > ρ is a backward BFS from j over in-edges, d − ρ levels deep: a shortest
 *   f → j path of length L ≤ d passes through a node u with d(u) ≤ ρ at backward depth k with
 *   d(u) + k ≤ d, so the search succeeds exactly when it meets such a node; it does not expand past
 *   ball nodes (every path through u is at least d(u) + k long) nor past hubs;
 * - hubs (nodes of in-degree > `hubInDegree`, the largest first, ≤ 64 MiB of table) would make the
 *   backward searches explode; their distance from every node is computed once per run by one
 *   reverse BFS each (`hubDistances`, shared by the threads), so a search stops at a hub with its
 *   exact d(hub);
 * - once the backward searches since the ball last grew have visited as many edges as its next
 *   layer holds, the search under way is abandoned for that layer (then retried, shallower): the
 *   searches never cost more than the forward layers they replace, so no firm costs more than about
 *   twice the full BFS (at small τ, where nearly every node transmits, it is the full BFS).
 * Every answer is exact, so the transmitted amounts are the ones of the full-BFS kernel bit for bit
 * (transmitters ascending, edges in CSR order, capped at 1 after each addition);
 * test/analysis/contagion/impact-tolerance.test.ts also forces each of the three paths (all
 * backward, all hubs, all forward). The final distress is h̃_j = min(1, Σ_{i→j, i transmitted}
 * W_ij x_i), summed per firm over the nodes the transmitters reach.
 *
 * Error (docs/contagion.md): by induction over the rounds x̃ ≤ x, so R̃ ≤ R and every figure is a
 * lower bound of the exact one that does not increase with τ. `reach` counts the nodes given
 * distress (h̃ > 0), `rounds` the last round with a transmission, `updates` the edges of the nodes
 * that transmitted: lower bounds too.
 */
import { storeBatch, TOLERANCE_WORDS, type ImpactInput, type ImpactKernel, type ImpactOutput } from './impact-batch.ts';

/** Hubs: in-degree above this. */
export const HUB_IN_DEGREE = 64;
/** Forward BFS layers of at most this many edges are always taken. */
export const FORWARD_BUDGET = 32_768;
/** Firms per batch (the unit of work shared between the threads): the batch kernel's width, so impact.ts can switch after its probe batch. */
export const TOLERANCE_BATCH = 32 * TOLERANCE_WORDS;
const HUB_TABLE_BYTES = 64 * 2 ** 20;
const FAR = 255;

/** Distances to the hubs: dist[h · n + u] = BFS distance u → hub h (FAR: no path). */
export interface HubDistances {
  count: number;
  /** Per node: its hub number, −1 if it is not a hub. */
  of: Int32Array;
  dist: Uint8Array;
}

/**
 * One reverse BFS per hub over the impact graph's in-edges. A hub with a node 255 or more steps
 * away is dropped (its distances would not fit a byte), so every stored distance is exact.
 */
export function hubDistances(
  input: Pick<ImpactInput, 'n' | 'inOffsets' | 'inSrc'>, hubInDegree = HUB_IN_DEGREE,
  alloc: (bytes: number) => ArrayBufferLike = (bytes) => new ArrayBuffer(bytes),
): HubDistances {
  const { n, inOffsets, inSrc } = input;
  const candidates: number[] = [];
  for (let j = 0; j < n; j++) if (inOffsets[j + 1] - inOffsets[j] > hubInDegree) candidates.push(j);
  candidates.sort((a, b) => (inOffsets[b + 1] - inOffsets[b]) - (inOffsets[a + 1] - inOffsets[a]) || a - b);
  candidates.length = Math.min(candidates.length, Math.floor(HUB_TABLE_BYTES / Math.max(1, n)));
  const of = new Int32Array(alloc(n * 4)).fill(-1);
  const dist = new Uint8Array(alloc(Math.max(1, candidates.length * n)));
  const queue = new Int32Array(n);
  let count = 0;
  for (const hub of candidates) {
    const base = count * n;
    dist.fill(FAR, base, base + n);
    dist[base + hub] = 0;
    let head = 0, tail = 0, deep = false;
    queue[tail++] = hub;
    while (head < tail && !deep) {
      const v = queue[head++], next = dist[base + v] + 1;
      for (let p = inOffsets[v]; p < inOffsets[v + 1]; p++) {
        const u = inSrc[p];
        if (dist[base + u] !== FAR) continue;
        if (next >= FAR) { deep = true; break; }
        dist[base + u] = next;
        queue[tail++] = u;
      }
    }
    if (deep) continue;
    of[hub] = count++;
  }
  return { count, of, dist };
}

export class ImpactToleranceKernel implements ImpactKernel {
  readonly width = TOLERANCE_BATCH;
  /** Nodes the last batch's cascades gave distress to (in any of its shocks). */
  reached = 0;
  /** Work counters since construction: forward BFS edges, backward search edges, searches, hub answers. */
  readonly work = { forwardEdges: 0, backwardEdges: 0, searches: 0, hubAnswers: 0 };
  private readonly hubs: HubDistances;
  private readonly forwardBudget: number;
  /** Forward BFS: distance (−1 outside the ball), nodes in BFS order, the last layer's start. */
  private readonly ball: Int32Array;
  private readonly ballList: Int32Array;
  private ballCount = 0;
  private frontStart = 0;
  private frontEdges = 0;
  /** Backward search edges since the forward ball last grew. */
  private spent = 0;
  private radius = 0;
  /** The ball holds every node reachable from the defaulting firm. */
  private complete = false;
  /** Per receiver: round of its first hit (−1 unknown, EARLY: before a round already processed). */
  private readonly first: Int32Array;
  /** What a node passes on (summed in its first round), and everything it received. */
  private readonly x: Float64Array;
  private readonly h: Float64Array;
  private readonly recv: Int32Array;
  private recvCount = 0;
  /** This round's transmitters, ascending, and the next round's candidates (swapped each round). */
  private tx: Int32Array;
  private nextTx: Int32Array;
  /** Backward searches: visit stamps and two level queues. */
  private readonly seen: Int32Array;
  private stamp = 0;
  private readonly qa: Int32Array;
  private readonly qb: Int32Array;
  /** Union of the batch's receivers (for `reached`). */
  private readonly batchMark: Int32Array;
  private batchStamp = 0;
  private readonly r = new Float64Array(TOLERANCE_BATCH);
  private readonly loss = new Float64Array(TOLERANCE_BATCH);
  private readonly reach = new Int32Array(TOLERANCE_BATCH);
  private readonly rounds = new Int32Array(TOLERANCE_BATCH);
  private readonly updates = new Float64Array(TOLERANCE_BATCH);

  constructor(private readonly input: ImpactInput, private readonly out: ImpactOutput) {
    const n = input.n;
    this.hubs = input.hubs ?? hubDistances(input);
    this.forwardBudget = input.forwardBudget ?? FORWARD_BUDGET;
    this.ball = new Int32Array(n).fill(-1);
    this.ballList = new Int32Array(n);
    this.first = new Int32Array(n).fill(-1);
    this.x = new Float64Array(n);
    this.h = new Float64Array(n);
    this.recv = new Int32Array(n);
    this.tx = new Int32Array(n);
    this.nextTx = new Int32Array(n);
    this.seen = new Int32Array(n);
    this.qa = new Int32Array(n);
    this.qb = new Int32Array(n);
    this.batchMark = new Int32Array(n);
  }

  run(first: number, count: number): void {
    this.batchStamp++;
    this.reached = 0;
    for (let b = 0; b < count; b++) this.shock(first + b, b);
    const { r, loss, reach, rounds, updates } = this;
    storeBatch(this.out, this.input.node, first, count, { r, loss, reach, rounds, updates });
  }

  /** One firm's default: results into slot b. */
  private shock(f: number, b: number): void {
    const { n, outOffsets, outNbr, outW, degree, outAmount, value, pi, maxRounds, tolerance } = this.input;
    const { first, x, h, recv, ball, ballList } = this;
    const EARLY = -2;
    this.ballCount = 0;
    ball[f] = 0;
    ballList[this.ballCount++] = f;
    this.frontStart = 0;
    this.frontEdges = outOffsets[f + 1] - outOffsets[f];
    this.radius = 0;
    this.complete = false;
    this.recvCount = 0;
    first[f] = 0;
    recv[this.recvCount++] = f;
    x[f] = 1;
    let tx = this.tx, nextTx = this.nextTx, txCount = 1;
    tx[0] = f;
    let loss = 0, updates = 0, rounds = 0;
    for (let d = 0; txCount > 0 && d < maxRounds; d++) {
      while (this.radius < d && !this.complete && this.frontEdges <= this.forwardBudget) this.grow();
      let nextCount = 0;
      for (let q = 0; q < txCount; q++) {
        const i = tx[q], xi = x[i];
        loss += xi * outAmount[i];
        updates += degree[i];
        for (let p = outOffsets[i], end = outOffsets[i + 1]; p < end; p++) {
          const j = outNbr[p], c = outW[p] * xi;
          let fj = first[j];
          if (fj === -1) {
            recv[this.recvCount++] = j;
            if (this.hitBefore(j, d, f)) fj = EARLY;
            else { fj = d + 1; nextTx[nextCount++] = j; }
            first[j] = fj;
          }
          h[j] += c;
          if (fj === d + 1) {
            const after = x[j] + c;
            x[j] = after > 1 ? 1 : after;
          }
        }
      }
      rounds = d + 1;
      // The next round's transmitters: first hit now and at least τ, ascending.
      let kept = 0;
      for (let q = 0; q < nextCount; q++) if (x[nextTx[q]] >= tolerance) nextTx[kept++] = nextTx[q];
      // A sort for a small set, a scan of the first-hit rounds for a large one.
      if (kept * 16 < n) nextTx.subarray(0, kept).sort();
      else {
        kept = 0;
        for (let j = 0; j < n; j++) if (first[j] === d + 1 && x[j] >= tolerance) nextTx[kept++] = j;
      }
      const t = tx; tx = nextTx; nextTx = t;
      txCount = kept;
    }
    this.tx = tx;
    this.nextTx = nextTx;
    const weighted = this.out.weighted, pf = pi[f], stamp = this.batchStamp, mark = this.batchMark;
    let rb = 0, reach = 0;
    for (let q = 0; q < this.recvCount; q++) {
      const j = recv[q], s = h[j];
      if (mark[j] !== stamp) { mark[j] = stamp; this.reached++; }
      if (j !== f && s > 0) {
        const hj = s > 1 ? 1 : s;
        rb += value[j] * hj;
        weighted[j] += pf * hj;
        reach++;
      }
      first[j] = -1;
      x[j] = 0;
      h[j] = 0;
    }
    for (let q = 0; q < this.ballCount; q++) ball[ballList[q]] = -1;
    this.r[b] = rb;
    this.loss[b] = loss;
    this.reach[b] = reach;
    this.rounds[b] = rounds;
    this.updates[b] = updates;
  }

  /** One more forward layer. */
  private grow(): void {
    const { ball, ballList } = this;
    const { outOffsets, outNbr } = this.input;
    const start = this.ballCount, next = this.radius + 1;
    let edges = 0;
    for (let q = this.frontStart; q < start; q++) {
      const i = ballList[q];
      for (let p = outOffsets[i], end = outOffsets[i + 1]; p < end; p++) {
        const j = outNbr[p];
        if (ball[j] >= 0) continue;
        ball[j] = next;
        ballList[this.ballCount++] = j;
        edges += outOffsets[j + 1] - outOffsets[j];
      }
    }
    this.work.forwardEdges += this.frontEdges;
    this.spent = 0;
    this.frontStart = start;
    this.frontEdges = edges;
    this.radius = next;
    if (this.ballCount === start) this.complete = true;
  }

  /** Is d(f, j) ≤ d? (j is an out-neighbour of a node at distance d, so d(f, j) ≤ d + 1.) */
  private hitBefore(j: number, d: number, f: number): boolean {
    for (;;) {
      if (this.ball[j] >= 0) return this.ball[j] <= d;
      if (d <= this.radius || this.complete) return false;
      const answer = this.search(j, d, f);
      if (answer !== undefined) return answer;
      this.grow();
    }
  }

  /** The backward search (header); undefined when it outgrew the forward ball's next layer. */
  private search(j: number, d: number, f: number): boolean | undefined {
    const { of: hubOf, dist: hubDist } = this.hubs;
    const hj = hubOf[j], n = this.input.n;
    if (hj >= 0) {
      this.work.hubAnswers++;
      return hubDist[hj * n + f] !== FAR && hubDist[hj * n + f] <= d;
    }
    this.work.searches++;
    return this.walkBack(j, d, f);
  }

  private walkBack(j: number, d: number, f: number): boolean | undefined {
    const { ball, seen, work } = this;
    const { inOffsets, inSrc, n } = this.input;
    const { of: hubOf, dist: hubDist } = this.hubs;
    const stamp = ++this.stamp;
    const depth = d - this.radius, cap = this.frontEdges - this.spent;
    let a = this.qa, b = this.qb, ac = 1, visits = 0;
    a[0] = j;
    seen[j] = stamp;
    for (let k = 1; k <= depth && ac > 0; k++) {
      let bc = 0;
      for (let q = 0; q < ac; q++) {
        const v = a[q], deg = inOffsets[v + 1] - inOffsets[v];
        visits += deg;
        work.backwardEdges += deg;
        for (let p = inOffsets[v], end = inOffsets[v + 1]; p < end; p++) {
          const u = inSrc[p];
          if (seen[u] === stamp) continue;
          seen[u] = stamp;
          const du = ball[u];
          if (du >= 0) {
            if (du + k <= d) { this.spent += visits; return true; }
            continue;
          }
          const hu = hubOf[u];
          if (hu >= 0) {
            const dh = hubDist[hu * n + f];
            if (dh !== FAR && dh + k <= d) { this.spent += visits; return true; }
            continue;
          }
          if (k < depth) b[bc++] = u;
        }
        if (visits > cap) return undefined;
      }
      const t = a; a = b; b = t;
      ac = bc;
    }
    this.spent += visits;
    return false;
  }
}
