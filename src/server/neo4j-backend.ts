/**
 * `xinlian serve --neo4j`: Neo4j as the server's backing store (docs/neo4j.md).
 * At start the view graph (the whole database, or a park, region or firm
 * neighbourhood) is loaded into the same Dataset/Snapshot every route uses; the
 * questions about one firm that must see beyond that loaded graph are answered by
 * Cypher push-down against the database instead:
 * - GET /api/neighbourhood/:id (routes/neighbourhood.ts asks `neo4jBackendOf`);
 * - GET /api/circles/firm/:id (routes/circles.ts asks `neo4jBackendOf` too).
 * The backend is attached to the app's ServerState after buildApp (useNeo4jBackend),
 * so the in-memory server is untouched by this file.
 */
import type { FastifyInstance } from 'fastify';
import { neighbourhoodOf, type NeighbourhoodOptions } from '../io/neo4j/index.ts';
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
