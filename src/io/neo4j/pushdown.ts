/**
 * Questions about one firm answered inside Neo4j, for graphs larger than memory
 * and for the viewer's expand-on-demand. Each is the database form of an engine
 * computation and is tested against it:
 * - guarantee circle through firm x = its strongly connected component in the
 *   GUARANTEES graph (DOMAIN.md), computed as {y : x →+ y} ∩ {y : y →+ x}
 *   (x →+ x iff x is on a cycle) with two breadth-first searches, not path
 *   enumeration, so a dense circle costs O(n + m) instead of exponential time;
 * - guarantee chains of x up to depth k = firms reached by directed guarantee paths
 *   of length ≤ k, with the hop count and one shortest path each;
 * - neighbourhood = nodes within k hops over any credit relationship, and the
 *   relationships among them, capped for the viewer.
 */
import neo4j, { type Record as Neo4jRecord } from 'neo4j-driver';
import { Neo4jError } from '../errors.ts';
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
  hops: number;
  /** Most nodes returned; the rest is cut (closest first) and `truncated` set. */
  limit: number;
}

export const NEIGHBOURHOOD_DEFAULTS: Readonly<NeighbourhoodOptions> = Object.freeze({ hops: 1, limit: 2000 });

export interface NeighbourhoodNode {
  id: string;
  type: 'firm' | 'bank';
  name: string;
  hops: number;
}

export interface NeighbourhoodEdge {
  /** Edges come ordered by kind (loan, guarantee, supply, ownership), then by dataset row. */
  kind: 'loan' | 'guarantee' | 'supply' | 'ownership';
  source: string;
  target: string;
  /** outstanding / amount / value / share. */
  weight: number;
}

export interface Neighbourhood {
  firm: string;
  nodes: NeighbourhoodNode[];
  edges: NeighbourhoodEdge[];
  truncated: boolean;
  options: NeighbourhoodOptions;
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
  if (found.length === 0) throw new Neo4jError(`no firm '${id}' in the stored dataset`);
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

/** A firm's neighbourhood for the viewer: nodes within `hops`, and the credit relationships among them. */
export async function neighbourhoodOf(conn: Neo4jConnection, firm: string, options: Partial<NeighbourhoodOptions> = {}): Promise<Neighbourhood> {
  const opts: NeighbourhoodOptions = { ...NEIGHBOURHOOD_DEFAULTS, ...options };
  checkHops(opts.hops, 'hops');
  if (!Number.isSafeInteger(opts.limit) || opts.limit < 1) throw new Neo4jError(`limit must be a positive integer, got ${opts.limit}`);
  await requireFirm(conn, firm);
  const nodeRecs = await read(conn, `MATCH (x:Firm {id: $id})
MATCH p = ANY SHORTEST (x)-[:LOAN|GUARANTEES|SUPPLIES|OWNS]-{0,${opts.hops}}(n)
WHERE n:Firm OR n:Bank
RETURN n.id AS id, elementId(n) AS eid, CASE WHEN n:Bank THEN 'bank' ELSE 'firm' END AS type, n.name AS name, length(p) AS hops
ORDER BY hops, id
LIMIT $cap`, { id: firm, cap: neo4j.int(opts.limit + 1) }, 'expanding the neighbourhood');
  const truncated = nodeRecs.length > opts.limit;
  const kept = nodeRecs.slice(0, opts.limit);
  const nodes: NeighbourhoodNode[] = kept.map((r) => ({
    id: r.get('id') as string, type: r.get('type') as 'firm' | 'bank', name: r.get('name') as string, hops: num(r.get('hops')),
  }));
  const inside = new Set(nodes.map((n) => n.id));
  // Every credit relationship ends at a firm, so the edges among the nodes are the
  // in-edges of the firms whose source is inside. Firms have small in-degree; a
  // bank's thousands of loans are never expanded.
  const firmEids = kept.filter((r) => r.get('type') === 'firm').map((r) => r.get('eid') as string);
  const edgeRecs = await read(conn, `UNWIND $eids AS eid
MATCH (b:Firm) WHERE elementId(b) = eid
MATCH (a)-[r:LOAN|GUARANTEES|SUPPLIES|OWNS]->(b)
RETURN type(r) AS type, a.id AS source, b.id AS target,
  CASE type(r) WHEN 'LOAN' THEN r.outstanding WHEN 'GUARANTEES' THEN r.amount WHEN 'SUPPLIES' THEN r.value ELSE r.share END AS weight,
  CASE type(r) WHEN 'LOAN' THEN 0 WHEN 'GUARANTEES' THEN 1 WHEN 'SUPPLIES' THEN 2 ELSE 3 END AS rank, r.seq AS seq
ORDER BY rank, seq`, { eids: firmEids }, 'reading the neighbourhood\'s relationships');
  const kinds = { LOAN: 'loan', GUARANTEES: 'guarantee', SUPPLIES: 'supply', OWNS: 'ownership' } as const;
  const edges = edgeRecs.filter((r) => inside.has(r.get('source') as string)).map((r) => ({
    kind: kinds[r.get('type') as keyof typeof kinds], source: r.get('source') as string, target: r.get('target') as string, weight: num(r.get('weight')),
  }));
  return { firm, nodes, edges, truncated, options: opts };
}
