/**
 * GET /api/neighbourhood/:id?hops=1&limit=500&hubDegree=50 → a firm's neighbourhood
 * for the viewer's expand-on-demand (docs/api.md): nodes within `hops` (hubs —
 * banks and firms above `hubDegree` — returned but not gone through), every edge
 * between them, in /api/graph's columns, plus `truncated` and `hubs`. Answered
 * from the Snapshot, or by Cypher push-down when the server runs on Neo4j
 * (neo4j-backend.ts); both run the same walk and give the same body.
 */
import type { FastifyPluginAsync } from 'fastify';
import { neo4jBackendOf, neo4jNeighbourhood } from '../neo4j-backend.ts';
import { NEIGHBOURHOOD_SCHEMA, snapshotNeighbourhood } from '../neighbourhood.ts';

/** Largest `limit`: a bigger view belongs to /api/graph or a loaded subgraph. */
export const MAX_NEIGHBOURHOOD_LIMIT = 5000;

export const neighbourhoodRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { id: string }; Querystring: { hops: number; limit: number; hubDegree: number } }>('/neighbourhood/:id', {
    schema: {
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 200 } }, additionalProperties: false },
      querystring: {
        type: 'object',
        properties: {
          hops: { type: 'integer', minimum: 1, maximum: 3, default: 1 },
          limit: { type: 'integer', minimum: 1, maximum: MAX_NEIGHBOURHOOD_LIMIT, default: 500 },
          hubDegree: { type: 'integer', minimum: 0, maximum: 1_000_000_000, default: 50 },
        },
        additionalProperties: false,
      },
      response: { 200: NEIGHBOURHOOD_SCHEMA },
    },
  }, async (req) => {
    const options = { hops: req.query.hops, limit: req.query.limit, hubDegree: req.query.hubDegree };
    const backend = neo4jBackendOf(app.xinlian);
    return backend ? neo4jNeighbourhood(backend, req.params.id, options) : snapshotNeighbourhood(app.xinlian.snapshot, req.params.id, options);
  });
};
