/**
 * Questions about one firm answered inside Neo4j, for graphs larger than memory
 * and for the viewer's expand-on-demand. Each is the database form of an engine
 * computation and is tested against it:
 * - guarantee circle through firm x = its strongly connected component in the
 *   GUARANTEES graph (DOMAIN.md), computed as {y : x →+ y} ∩ {y : y →+ x}
 *   (x →+ x iff x is on a cycle) with two breadth-first searches, not path
 *   enumeration, so a dense circle costs O(n + m) instead of exponential time;
 * - guarantee chains of x up to depth k = firms reached by directed guarantee paths
 *   of length ≤ k, with the hop count and one shortest path each (guaranteeChainsOf),
 *   or the viewer's up/down chains exactly as firmChains computes them (firmChainsOf);
 * - neighbourhood = nodes within k hops over any credit relationship, not through
 *   hubs (banks, firms above a degree cap), cut at a limit, and the relationships
 *   among them (walkNeighbourhood, run over Neo4j here and over a Snapshot by the
 *   in-memory server, so both give the same answer).
 */
import neo4j, { type ManagedTransaction, type Record as Neo4jRecord } from 'neo4j-driver';
import { FIRM_FLAGS } from '../../model/schema.ts';
import { Neo4jError, NotFoundError, UsageError } from '../errors.ts';
import { describeNeo4jFailure, type Neo4jConnection } from './connection.ts';
import { MAX_HOPS } from './load.ts';

export interface GuaranteeCircleEdge {
  id: string;
  guarantor: string;
  borrower: string;
  amount: number;
}

export interface GuaranteeCircle {
  firm: string;
  /** Member firm ids, sorted; size ≥ 2. */
  members: string[];
  edges: GuaranteeCircleEdge[];
  /** Sum of the guaranteed amounts inside the circle. */
  totalGuaranteed: number;
}

export type ChainDirection = 'borrowers' | 'guarantors';

export interface ChainOptions {
  depth: number;
  /**
   * `borrowers`: firms the firm guarantees, directly or down a chain (whose default
   * reaches it); `guarantors`: firms that stand behind it (whom its default reaches).
   */
  direction: ChainDirection;
}

export const CHAIN_DEFAULTS: Readonly<ChainOptions> = Object.freeze({ depth: 3, direction: 'guarantors' as ChainDirection });

export interface ChainReach {
  id: string;
  /** Length of the shortest guarantee path. */
  hops: number;
  /** Firm ids along one shortest path, from the firm to `id`. */
  path: string[];
}

export interface GuaranteeChains {
  firm: string;
  reached: ChainReach[];
  options: ChainOptions;
}

export interface NeighbourhoodOptions {
  /** Hops from the firm (1–MAX_HOPS; the API allows 1–3). */
  hops: number;
  /** Most nodes returned, the firm included; the rest is cut (closest first, then by id) and `truncated` set. */
  limit: number;
  /**
   * A firm with more credit relationships than this (in + out, all four kinds) is a
   * hub: returned, but the walk does not go through it. Banks are always hubs (a
   * bank links thousands of borrowers that have nothing else in common).
   */
  hubDegree: number;
}

export const NEIGHBOURHOOD_DEFAULTS: Readonly<NeighbourhoodOptions> = Object.freeze({ hops: 1, limit: 500, hubDegree: 50 });

export type CreditKind = 'loan' | 'guarantee' | 'supply' | 'ownership';
/** Edge kinds in the order of /api/graph (and of the Snapshot). */
export const CREDIT_KINDS: readonly CreditKind[] = ['loan', 'guarantee', 'supply', 'ownership'];

export interface NeighbourhoodPark {
  id: string;
  name: string;
  kind: string | null;
  lead_industries: string[];
}

export interface NeighbourhoodNode {
  id: string;
  type: 'firm' | 'bank';
  name: string;
  /** Shortest walk from the firm (0 for the firm itself); walks never pass through a hub. */
  hops: number;
  /** Credit relationships of the node in the whole graph (in + out, all kinds). */
  degree: number;
  /** A bank, or a firm above `hubDegree` (never the focal firm): returned, not expanded. */
  hub: boolean;
  park: string | null;
  /** GB/T industry code; '' for banks. */
  industry: string;
  /** Outstanding loans borrowed (0 for banks), summed in loan row order. */
  borrowing: number;
  /** Firm equity (assets − liabilities when missing) or bank capital; null when unknown. */
  equity: number | null;
  /** Firm flags in FIRM_FLAGS order. */
  flags: string[];
}

export interface NeighbourhoodEdge {
  /** Edges come ordered by kind (loan, guarantee, supply, ownership), then by dataset row. */
  kind: CreditKind;
  /** Row of the relationship in its dataset table (the stored `seq`). */
  row: number;
  source: string;
  target: string;
  /** outstanding / amount / value / share. */
  weight: number;
}

export interface Neighbourhood {
  firm: string;
  /** Ordered by hops, then id. */
  nodes: NeighbourhoodNode[];
  /** Every credit relationship between two returned nodes. */
  edges: NeighbourhoodEdge[];
  /** Parks of the returned firms, by id. */
  parks: NeighbourhoodPark[];
  /** True when nodes within `hops` were left out because of `limit`. */
  truncated: boolean;
  options: NeighbourhoodOptions;
}

/** A node as a store reports it while walking; `handle` is the store's own key (Neo4j element id, Snapshot index). */
export interface StoreNode<N> {
  handle: N;
  id: string;
  bank: boolean;
  /** In + out credit relationships. */
  degree: number;
}

/** One credit relationship seen from `from`, an end of it. */
export interface IncidentEdge<N> {
  kind: CreditKind;
  row: number;
  weight: number;
  from: N;
  /** True when `from` is the source (guarantor, lender, supplier, owner). */
  outgoing: boolean;
  other: StoreNode<N>;
}

export interface StoreEdge<N> {
  kind: CreditKind;
  row: number;
  weight: number;
  source: N;
  target: N;
}

export interface NodeDetails {
  name: string;
  park: NeighbourhoodPark | null;
  industry: string;
  borrowing: number;
  equity: number | null;
  flags: string[];
}

/**
 * What the neighbourhood walk reads from a graph: Neo4j (neo4jStore below) or a
 * Snapshot (src/server/neighbourhood.ts). One walk over both keeps the two
 * answers the same by construction; tests compare them on generated clusters.
 * Reads come in as few calls as the walk allows (one per level, one to finish),
 * because each call is a network round trip for Neo4j.
 */
export interface NeighbourhoodStore<N> {
  /** The firm with this id and every credit relationship it has, or undefined when there is no such firm. */
  start(id: string): Promise<{ firm: StoreNode<N>; edges: IncidentEdge<N>[] } | undefined>;
  /** Every credit relationship with an end in `nodes`, once per (node, relationship). */
  incident(nodes: readonly N[]): Promise<IncidentEdge<N>[]>;
  /**
   * The last read: the relationships between `rest` and a node of `inside`; every
   * relationship from one of `sources` to one of `targets`; the viewer attributes
   * of `nodes` (in order).
   */
  finish(request: { rest: readonly N[]; inside: readonly N[]; sources: readonly N[]; targets: readonly N[]; nodes: readonly StoreNode<N>[] }): Promise<{
    incident: IncidentEdge<N>[];
    between: StoreEdge<N>[];
    details: NodeDetails[];
  }>;
}

export interface FirmChainsOptions {
  /** Hops to follow up (guarantors) and down (borrowers). */
  hops: number;
  /** Stop adding firms beyond this many (up and down together). */
  maxFirms: number;
}

/** The body of GET /api/circles/firm/:id (src/analysis/guarantee/chains.ts `firmChains`, same fields and order). */
export interface FirmChainsResult {
  firm: string;
  up: { id: string; hop: number }[];
  down: { id: string; hop: number }[];
  edges: { id: string; guarantor: string; borrower: string; amount: number }[];
  truncated: boolean;
  options: FirmChainsOptions;
}

async function read(conn: Neo4jConnection, cypher: string, params: Record<string, unknown>, doing: string): Promise<Neo4jRecord[]> {
  const session = conn.driver.session({ database: conn.settings.database, defaultAccessMode: neo4j.session.READ });
  try {
    return (await session.executeRead((tx) => tx.run(cypher, params))).records;
  } catch (err) {
    throw describeNeo4jFailure(err, conn.settings.uri, doing);
  } finally {
    await session.close().catch(() => undefined);
  }
}

async function requireFirm(conn: Neo4jConnection, id: string): Promise<void> {
  const found = await read(conn, 'MATCH (n:Firm {id: $id}) RETURN 1 AS one', { id }, 'finding the firm');
  if (found.length === 0) throw new NotFoundError('firm', id);
}

function checkHops(hops: number, what: string): void {
  if (!Number.isSafeInteger(hops) || hops < 1 || hops > MAX_HOPS) throw new Neo4jError(`${what} must be an integer in [1, ${MAX_HOPS}], got ${hops}`);
}

function num(v: unknown): number {
  return neo4j.isInt(v) ? neo4j.integer.toNumber(v) : (v as number);
}

/**
 * Firms reachable from `firm` along GUARANTEES in one direction, by level-synchronous
 * BFS: one query per level expands the whole frontier through the id index, and
 * the visited set lives here. Neo4j 5.26's unbounded `ANY SHORTEST ...+` took
 * seconds to minutes per firm on dense generated circles; this is O(n + m) work
 * in (eccentricity) round trips, all inside one read transaction.
 */
async function guaranteeReach(conn: Neo4jConnection, firm: string, direction: 'out' | 'in'): Promise<Set<string>> {
  const step = direction === 'out'
    ? 'UNWIND $frontier AS fid MATCH (:Firm {id: fid})-[:GUARANTEES]->(y:Firm) RETURN DISTINCT y.id AS id'
    : 'UNWIND $frontier AS fid MATCH (:Firm {id: fid})<-[:GUARANTEES]-(y:Firm) RETURN DISTINCT y.id AS id';
  const session = conn.driver.session({ database: conn.settings.database, defaultAccessMode: neo4j.session.READ });
  try {
    return await session.executeRead(async (tx) => {
      const seen = new Set<string>();
      let frontier = [firm];
      while (frontier.length > 0) {
        const next: string[] = [];
        for (const r of (await tx.run(step, { frontier })).records) {
          const id = r.get('id') as string;
          if (!seen.has(id)) {
            seen.add(id);
            next.push(id);
          }
        }
        frontier = next;
      }
      return seen;
    });
  } catch (err) {
    throw describeNeo4jFailure(err, conn.settings.uri, 'following guarantees');
  } finally {
    await session.close().catch(() => undefined);
  }
}

/** The guarantee circle through a firm, or null when the firm is in none. */
export async function guaranteeCircleOf(conn: Neo4jConnection, firm: string): Promise<GuaranteeCircle | null> {
  await requireFirm(conn, firm);
  const down = await guaranteeReach(conn, firm, 'out');
  if (!down.has(firm)) return null; // no guarantee path returns to the firm: no circle
  const up = await guaranteeReach(conn, firm, 'in');
  const members = [...down].filter((id) => up.has(id)).sort();
  const recs = await read(conn, `UNWIND $members AS aid
MATCH (a:Firm {id: aid})-[g:GUARANTEES]->(b:Firm)
WHERE b.id IN $members
RETURN g.id AS id, a.id AS guarantor, b.id AS borrower, g.amount AS amount
ORDER BY id`, { members }, 'reading the guarantee circle');
  const edges = recs.map((r) => ({ id: r.get('id') as string, guarantor: r.get('guarantor') as string, borrower: r.get('borrower') as string, amount: num(r.get('amount')) }));
  return { firm, members, edges, totalGuaranteed: edges.reduce((t, e) => t + e.amount, 0) };
}

/** Firms reached from a firm along guarantee chains of length ≤ depth. */
export async function guaranteeChainsOf(conn: Neo4jConnection, firm: string, options: Partial<ChainOptions> = {}): Promise<GuaranteeChains> {
  const opts: ChainOptions = { ...CHAIN_DEFAULTS, ...options };
  checkHops(opts.depth, 'chain depth');
  if (opts.direction !== 'borrowers' && opts.direction !== 'guarantors') throw new Neo4jError(`chain direction must be borrowers or guarantors, got ${String(opts.direction)}`);
  await requireFirm(conn, firm);
  // Guarantor → borrower is the stored direction; guarantors are found against it.
  const pattern = opts.direction === 'borrowers' ? `(x)-[:GUARANTEES]->{1,${opts.depth}}(y:Firm)` : `(x)<-[:GUARANTEES]-{1,${opts.depth}}(y:Firm)`;
  const recs = await read(conn, `MATCH (x:Firm {id: $id})
MATCH p = ANY SHORTEST ${pattern}
WHERE y <> x
RETURN y.id AS id, length(p) AS hops, [n IN nodes(p) | n.id] AS path
ORDER BY hops, id`, { id: firm }, 'following guarantee chains');
  return {
    firm,
    reached: recs.map((r) => ({ id: r.get('id') as string, hops: num(r.get('hops')), path: r.get('path') as string[] })),
    options: opts,
  };
}

const FLAG_ORDER: readonly string[] = FIRM_FLAGS;

/** Flags in FIRM_FLAGS order (the Snapshot's bit order), whatever order they were stored in. */
export function orderFlags(flags: readonly string[]): string[] {
  return [...flags].sort((a, b) => FLAG_ORDER.indexOf(a) - FLAG_ORDER.indexOf(b));
}

function cmpId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function checkNeighbourhoodOptions(options: Partial<NeighbourhoodOptions>): NeighbourhoodOptions {
  const opts: NeighbourhoodOptions = { ...NEIGHBOURHOOD_DEFAULTS, ...options };
  if (!Number.isSafeInteger(opts.hops) || opts.hops < 1 || opts.hops > MAX_HOPS) throw new UsageError(`hops must be an integer in [1, ${MAX_HOPS}], got ${opts.hops}`);
  if (!Number.isSafeInteger(opts.limit) || opts.limit < 1) throw new UsageError(`limit must be a positive integer, got ${opts.limit}`);
  if (!(opts.hubDegree >= 0)) throw new UsageError(`hubDegree must be ≥ 0, got ${opts.hubDegree}`);
  return opts;
}

/**
 * The viewer's neighbourhood of a firm, breadth-first by levels over every credit
 * relationship in either direction:
 * - level h = nodes first reached at h hops; the walk expands the focal firm and
 *   every non-hub node of the previous level (a hub is returned, not gone through);
 * - a level is sorted by id and the walk stops as soon as the total passes `limit`:
 *   the last level is cut there and `truncated` is set (so a hub next to the firm
 *   costs one capped level, never the thousands of firms behind it);
 * - the edges are every relationship between two returned nodes: those met while
 *   expanding, those of returned non-hubs not expanded (the last level), and those
 *   between two hubs (a bank's loan to a hub firm), asked for pair-wise.
 * Store reads: one `incident` per level, one for the last level, one `between`,
 * one `describe`; each touches only relationships of non-hub nodes.
 */
export async function walkNeighbourhood<N>(store: NeighbourhoodStore<N>, firm: string, options: Partial<NeighbourhoodOptions> = {}): Promise<Neighbourhood> {
  const opts = checkNeighbourhoodOptions(options);
  const started = await store.start(firm);
  if (started === undefined) throw new NotFoundError('firm', firm);
  const focal = started.firm;
  const isHub = (n: StoreNode<N>) => n.handle !== focal.handle && (n.bank || n.degree > opts.hubDegree);
  const hopsOf = new Map<N, number>([[focal.handle, 0]]);
  const kept: StoreNode<N>[] = [focal];
  const expanded = new Set<N>();
  const edges = new Map<string, StoreEdge<N>>();
  const add = (e: StoreEdge<N>) => {
    const key = `${e.kind}:${e.row}`;
    if (!edges.has(key)) edges.set(key, e);
  };
  const oriented = (e: IncidentEdge<N>): StoreEdge<N> => ({
    kind: e.kind, row: e.row, weight: e.weight, source: e.outgoing ? e.from : e.other.handle, target: e.outgoing ? e.other.handle : e.from,
  });
  let truncated = false;
  let frontier: StoreNode<N>[] = [focal];
  for (let h = 1; h <= opts.hops && frontier.length > 0; h++) {
    const level: StoreNode<N>[] = [];
    for (const e of h === 1 ? started.edges : await store.incident(frontier.map((n) => n.handle))) {
      add(oriented(e));
      if (!hopsOf.has(e.other.handle)) {
        hopsOf.set(e.other.handle, h);
        level.push(e.other);
      }
    }
    for (const n of frontier) expanded.add(n.handle);
    level.sort((a, b) => cmpId(a.id, b.id));
    const room = opts.limit - kept.length;
    if (level.length > room) {
      truncated = true;
      kept.push(...level.slice(0, room));
      break;
    }
    kept.push(...level);
    frontier = level.filter((n) => !isHub(n));
  }
  const inside = new Set(kept.map((n) => n.handle));
  const hubs = kept.filter(isHub);
  const hubFirms = hubs.filter((n) => !n.bank);
  const last = await store.finish({
    rest: kept.filter((n) => !expanded.has(n.handle) && !isHub(n)).map((n) => n.handle),
    inside: [...inside],
    // Every credit relationship ends at a firm, so hub → hub-firm pairs cover those between two hubs.
    sources: hubFirms.length > 0 ? hubs.map((n) => n.handle) : [],
    targets: hubFirms.map((n) => n.handle),
    nodes: kept,
  });
  for (const e of last.incident) add(oriented(e));
  for (const e of last.between) add(e);
  const idOf = new Map(kept.map((n) => [n.handle, n.id]));
  const parks = new Map<string, NeighbourhoodPark>();
  const nodes: NeighbourhoodNode[] = kept.map((n, k) => {
    const d = last.details[k]!;
    if (d.park) parks.set(d.park.id, d.park);
    return {
      id: n.id, type: n.bank ? 'bank' : 'firm', name: d.name, hops: hopsOf.get(n.handle)!, degree: n.degree, hub: isHub(n),
      park: d.park?.id ?? null, industry: d.industry, borrowing: d.borrowing, equity: d.equity, flags: orderFlags(d.flags),
    };
  });
  const rank = (k: CreditKind) => CREDIT_KINDS.indexOf(k);
  const edgeList = [...edges.values()]
    .filter((e) => inside.has(e.source) && inside.has(e.target))
    .sort((a, b) => rank(a.kind) - rank(b.kind) || a.row - b.row)
    .map((e) => ({ kind: e.kind, row: e.row, source: idOf.get(e.source)!, target: idOf.get(e.target)!, weight: e.weight }));
  return { firm, nodes, edges: edgeList, parks: [...parks.values()].sort((a, b) => cmpId(a.id, b.id)), truncated, options: opts };
}

const CREDIT_TYPES = 'LOAN|GUARANTEES|SUPPLIES|OWNS';
const KIND_OF: Record<string, CreditKind> = { LOAN: 'loan', GUARANTEES: 'guarantee', SUPPLIES: 'supply', OWNS: 'ownership' };
const WEIGHT = "CASE type(r) WHEN 'LOAN' THEN r.outstanding WHEN 'GUARANTEES' THEN r.amount WHEN 'SUPPLIES' THEN r.value ELSE r.share END";
/** In + out credit degree: degree-store lookups (GetDegree in the plan), no relationship is read. */
const degreeOf = (v: string) => `COUNT { (${v})-[:${CREDIT_TYPES}]->() } + COUNT { (${v})<-[:${CREDIT_TYPES}]-() }`;
/** One relationship of `a` (bound) as a map: the IncidentEdge fields, the other end `b`. */
const INCIDENT_MAP = `{type: type(r), row: r.seq, weight: ${WEIGHT}, outgoing: startNode(r) = a, other: elementId(b), id: b.id, bank: b:Bank, degree: ${degreeOf('b')}}`;

interface IncidentMap { type: string; row: unknown; weight: unknown; outgoing: boolean; other: string; id: string; bank: boolean; degree: unknown }

function incidentEdge(from: string, m: IncidentMap): IncidentEdge<string> {
  return {
    kind: KIND_OF[m.type]!, row: num(m.row), weight: num(m.weight), from, outgoing: m.outgoing,
    other: { handle: m.other, id: m.id, bank: m.bank, degree: num(m.degree) },
  };
}

/**
 * The neighbourhood store over one read transaction: one query per level of the
 * walk plus one to finish. The firm is found by its id index, every other node by
 * element id (NodeByElementIdSeek), and only non-hub nodes are ever expanded.
 * PROFILE figures: bench/results-neo4j.md.
 */
export function neo4jStore(tx: ManagedTransaction): NeighbourhoodStore<string> {
  return {
    async start(id) {
      const recs = (await tx.run(`MATCH (a:Firm {id: $id})
RETURN elementId(a) AS eid, ${degreeOf('a')} AS degree,
  COLLECT { MATCH (a)-[r:${CREDIT_TYPES}]-(b) RETURN ${INCIDENT_MAP} } AS edges`, { id })).records;
      if (recs.length === 0) return undefined;
      const eid = recs[0]!.get('eid') as string;
      return {
        firm: { handle: eid, id, bank: false, degree: num(recs[0]!.get('degree')) },
        edges: (recs[0]!.get('edges') as IncidentMap[]).map((m) => incidentEdge(eid, m)),
      };
    },
    async incident(eids) {
      const recs = (await tx.run(`UNWIND $eids AS eid
MATCH (a) WHERE elementId(a) = eid
MATCH (a)-[r:${CREDIT_TYPES}]-(b)
RETURN eid, ${INCIDENT_MAP} AS e`, { eids })).records;
      return recs.map((r) => incidentEdge(r.get('eid') as string, r.get('e') as IncidentMap));
    },
    async finish({ rest, inside, sources, targets, nodes }) {
      const recs = (await tx.run(`CALL {
  UNWIND $rest AS eid
  MATCH (a) WHERE elementId(a) = eid
  MATCH (a)-[r:${CREDIT_TYPES}]-(b) WHERE elementId(b) IN $inside
  RETURN collect({from: eid, e: ${INCIDENT_MAP}}) AS incident
}
CALL {
  UNWIND $targets AS te
  MATCH (b) WHERE elementId(b) = te
  UNWIND $sources AS se
  MATCH (a) WHERE elementId(a) = se
  MATCH (a)-[r:${CREDIT_TYPES}]->(b)
  RETURN collect({source: se, target: te, type: type(r), row: r.seq, weight: ${WEIGHT}}) AS between
}
CALL {
  UNWIND $nodes AS eid
  MATCH (n) WHERE elementId(n) = eid
  OPTIONAL MATCH (n)-[:IN_PARK]->(p:Park)
  RETURN collect({eid: eid, name: n.name, industry: n.industry, flags: n.flags,
    equity: CASE WHEN n:Bank THEN n.capital ELSE coalesce(n.equity, n.assets - n.liabilities) END,
    loans: COLLECT { MATCH (n)<-[l:LOAN]-() RETURN l.outstanding ORDER BY l.seq },
    park: p.id, parkName: p.name, parkKind: p.kind, lead: p.lead_industries}) AS details
}
RETURN incident, between, details`, { rest, inside, sources, targets, nodes: nodes.map((n) => n.handle) })).records[0]!;
      type Between = { source: string; target: string; type: string; row: unknown; weight: unknown };
      type Details = { eid: string; name: string; industry: string | null; flags: string[] | null; equity: unknown; loans: unknown[]; park: string | null; parkName: string; parkKind: string | null; lead: string[] | null };
      const byEid = new Map((recs.get('details') as Details[]).map((d) => [d.eid, d]));
      return {
        incident: (recs.get('incident') as { from: string; e: IncidentMap }[]).map((x) => incidentEdge(x.from, x.e)),
        between: (recs.get('between') as Between[]).map((b) => ({ kind: KIND_OF[b.type]!, row: num(b.row), weight: num(b.weight), source: b.source, target: b.target })),
        details: nodes.map((n) => {
          const d = byEid.get(n.handle)!;
          return {
            name: d.name,
            park: d.park === null ? null : { id: d.park, name: d.parkName, kind: d.parkKind ?? null, lead_industries: d.lead ?? [] },
            industry: d.industry ?? '',
            // Summed here in loan row order, as the Snapshot sums them: the same float to the last bit.
            borrowing: d.loans.reduce<number>((t, x) => t + num(x), 0),
            equity: d.equity === null ? null : num(d.equity),
            flags: d.flags ?? [],
          };
        }),
      };
    },
  };
}

/** A firm's neighbourhood for the viewer, computed inside Neo4j (walkNeighbourhood over neo4jStore). */
export async function neighbourhoodOf(conn: Neo4jConnection, firm: string, options: Partial<NeighbourhoodOptions> = {}): Promise<Neighbourhood> {
  const opts = checkNeighbourhoodOptions(options);
  return inRead(conn, 'expanding the neighbourhood', (tx) => walkNeighbourhood(neo4jStore(tx), firm, opts));
}

/**
 * The guarantee chains around a firm, as `firmChains` (src/analysis/guarantee/chains.ts)
 * computes them on a Snapshot, level by level inside Neo4j: one query per level and
 * direction returns the frontier's guarantee edges in frontier order, then row order
 * (= the Snapshot's CSR order), and the same walk as firmChains runs on them, so
 * the `maxFirms` cut keeps the same firms.
 */
export async function firmChainsOf(conn: Neo4jConnection, firm: string, options: Partial<FirmChainsOptions> = {}): Promise<FirmChainsResult> {
  const opts: FirmChainsOptions = { hops: 3, maxFirms: 500, ...options };
  if (!Number.isSafeInteger(opts.hops) || opts.hops < 1) throw new UsageError(`hops must be a positive integer, got ${opts.hops}`);
  if (!Number.isSafeInteger(opts.maxFirms) || opts.maxFirms < 1) throw new UsageError(`maxFirms must be a positive integer, got ${opts.maxFirms}`);
  return inRead(conn, 'following guarantee chains', async (tx) => {
    if ((await tx.run('MATCH (n:Firm {id: $id}) RETURN 1 AS one', { id: firm })).records.length === 0) throw new NotFoundError('firm', firm);
    const edgeSeen = new Set<string>();
    const edges: FirmChainsResult['edges'] = [];
    let truncated = false;
    let total = 0;
    const walk = async (dir: 1 | -1) => {
      const step = dir === 1
        ? 'UNWIND range(0, size($frontier) - 1) AS i MATCH (a:Firm {id: $frontier[i]})-[g:GUARANTEES]->(w:Firm) RETURN i, w.id AS w, g.id AS id, a.id AS guarantor, w.id AS borrower, g.amount AS amount ORDER BY i, g.seq'
        : 'UNWIND range(0, size($frontier) - 1) AS i MATCH (a:Firm {id: $frontier[i]})<-[g:GUARANTEES]-(w:Firm) RETURN i, w.id AS w, g.id AS id, w.id AS guarantor, a.id AS borrower, g.amount AS amount ORDER BY i, g.seq';
      const hopOf = new Map<string, number>([[firm, 0]]);
      let frontier = [firm];
      const found: { id: string; hop: number }[] = [];
      for (let h = 1; h <= opts.hops && frontier.length > 0; h++) {
        const next: string[] = [];
        for (const r of (await tx.run(step, { frontier })).records) {
          const w = r.get('w') as string;
          if (!hopOf.has(w)) {
            if (total >= opts.maxFirms) { truncated = true; continue; }
            total++;
            hopOf.set(w, h);
            found.push({ id: w, hop: dir * h });
            next.push(w);
          }
          const id = r.get('id') as string;
          if (hopOf.has(w) && !edgeSeen.has(id)) {
            edgeSeen.add(id);
            edges.push({ id, guarantor: r.get('guarantor') as string, borrower: r.get('borrower') as string, amount: num(r.get('amount')) });
          }
        }
        frontier = next;
      }
      return found.sort((a, b) => Math.abs(a.hop) - Math.abs(b.hop) || cmpId(a.id, b.id));
    };
    const up = await walk(-1);
    const down = await walk(1);
    edges.sort((a, b) => cmpId(a.id, b.id));
    return { firm, up, down, edges, truncated, options: opts };
  });
}

/** Runs `work` in one read transaction; NotFoundError and UsageError pass through, driver failures become Neo4jErrors. */
async function inRead<T>(conn: Neo4jConnection, doing: string, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
  const session = conn.driver.session({ database: conn.settings.database, defaultAccessMode: neo4j.session.READ });
  try {
    return await session.executeRead(work);
  } catch (err) {
    if (err instanceof NotFoundError || err instanceof UsageError) throw err;
    throw describeNeo4jFailure(err, conn.settings.uri, doing);
  } finally {
    await session.close().catch(() => undefined);
  }
}
