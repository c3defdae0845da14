/**
 * `xinlian serve --neo4j`: Neo4j as the server's backing store (docs/neo4j.md).
 * At start the view graph (the whole database, or a park, region or firm
 * neighbourhood) is loaded into the same Dataset/Snapshot every route uses; the
 * questions about one firm that must see beyond that loaded graph are answered by
 * Cypher push-down against the database instead:
 * - GET /api/neighbourhood/:id (routes/neighbourhood.ts asks `neo4jBackendOf`);
 * - GET /api/circles/firm/:id (the guarantee chains around a firm): routes/circles.ts
 *   computes them on the Snapshot, so `neo4jRouteOverride` — an onRoute hook that
 *   routes/neighbourhood.ts installs before the other route groups are registered —
 *   wraps that route's handler: with a Neo4j backend attached it answers from
 *   Neo4j with the same body, otherwise the original handler runs unchanged.
 * The backend is attached to the app's ServerState after buildApp (useNeo4jBackend),
 * so the in-memory server is untouched by this file.
 */
import type { FastifyInstance, RouteHandlerMethod, RouteOptions } from 'fastify';
import { firmChainsOf, neighbourhoodOf, type NeighbourhoodOptions } from '../io/neo4j/pushdown.ts';
import type { LoadScope, Neo4jConnection } from '../io/neo4j/index.ts';
import { neighbourhoodPayload, type NeighbourhoodPayload } from './neighbourhood.ts';
import type { ServerState } from './state.ts';

export interface Neo4jBackend {
  conn: Neo4jConnection;
  /** What was loaded into the Snapshot at start. */
  scope: LoadScope;
}

const backends = new WeakMap<ServerState, Neo4jBackend>();

/** Makes the app's push-down routes answer from Neo4j (call after buildApp, before listening). */
export function useNeo4jBackend(app: FastifyInstance, backend: Neo4jBackend): void {
  backends.set(app.xinlian, backend);
}

export function neo4jBackendOf(state: ServerState): Neo4jBackend | undefined {
  return backends.get(state);
}

export async function neo4jNeighbourhood(backend: Neo4jBackend, firm: string, options: Partial<NeighbourhoodOptions>): Promise<NeighbourhoodPayload> {
  return neighbourhoodPayload(await neighbourhoodOf(backend.conn, firm, options), 'neo4j');
}

interface ChainsRequest {
  params: { id: string };
  query: { hops: number; max: number };
}

/** The chains route from Neo4j; `graphEdge` (index in GET /api/graph) is −1 for a guarantee outside the loaded graph. */
async function neo4jChains(app: FastifyInstance, backend: Neo4jBackend, req: ChainsRequest) {
  const chains = await firmChainsOf(backend.conn, req.params.id, { hops: req.query.hops, maxFirms: req.query.max });
  const s = app.xinlian.snapshot;
  const rowOf = app.xinlian.memo('neo4j:guarantee-row-index', () => new Map(s.dataset.guarantees.map((g, e) => [g.id, e])));
  return {
    ...chains,
    edges: chains.edges.map((edge) => {
      const row = rowOf.get(edge.id);
      return { ...edge, graphEdge: row === undefined ? -1 : s.loan.m + row };
    }),
  };
}

/**
 * fastify onRoute hook (installed by routes/neighbourhood.ts, which is registered
 * before the other route groups): wraps GET /circles/firm/:id so that, with a
 * backend attached, it answers from Neo4j; without one the original handler runs.
 */
export function neo4jRouteOverride(app: FastifyInstance, route: RouteOptions): void {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  if (!methods.includes('GET') || !route.url.endsWith('/circles/firm/:id')) return;
  const original = route.handler as RouteHandlerMethod;
  route.handler = async function (this: FastifyInstance, req, reply) {
    const backend = neo4jBackendOf(app.xinlian);
    if (backend === undefined) return original.call(this, req, reply);
    return neo4jChains(app, backend, req as unknown as ChainsRequest);
  } as RouteHandlerMethod;
}
