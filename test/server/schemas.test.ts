/**
 * The response schemas are the API contract (docs/api.md); /api/graph is sent as
 * pre-serialised bytes, so nothing checks it at run time. Here each real payload is
 * validated against its schema by fastify's own ajv (as a request-body schema,
 * with type coercion off so "5" never passes for 5), and random firm ids show
 * every answer is 200 or a JSON error body.
 */
import fc from 'fast-check';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCluster } from '../../data/generator/index.ts';
import { datasetSummary } from '../../src/analysis/metrics/index.ts';
import { buildSnapshot, type Snapshot } from '../../src/engine/index.ts';
import { FIRM_DETAIL_SCHEMA, GRAPH_SCHEMA, SUMMARY_SCHEMA, ServerState, buildApp, firmDetail, graphPayload } from '../../src/server/index.ts';
import { tinyDataset } from './fixture.ts';

/** 200 when `payload` satisfies `schema`, else 400 with ajv's message. */
async function validate(schema: object, payload: unknown): Promise<{ status: number; message: string }> {
  const app = Fastify({ ajv: { customOptions: { coerceTypes: false, removeAdditional: false } }, bodyLimit: 1 << 28 });
  app.post('/', { schema: { body: schema } }, async () => ({ ok: true }));
  const r = await app.inject({ method: 'POST', url: '/', payload: payload as object });
  await app.close();
  return { status: r.statusCode, message: r.json().message ?? '' };
}

let snapshot: Snapshot;
beforeAll(() => {
  snapshot = buildSnapshot(generateCluster({ firms: 400, seed: 21 }));
});

describe('payloads satisfy their declared schemas', () => {
  it('summary', async () => {
    expect(await validate(SUMMARY_SCHEMA, JSON.parse(JSON.stringify(datasetSummary(snapshot))))).toEqual({ status: 200, message: '' });
  });

  it('graph', async () => {
    expect(await validate(GRAPH_SCHEMA, JSON.parse(JSON.stringify(graphPayload(snapshot))))).toEqual({ status: 200, message: '' });
  });

  it('firm detail, for firms in and outside parks', async () => {
    const state = new ServerState(snapshot.dataset, snapshot);
    const inPark = snapshot.dataset.firms.find((f) => f.park_id !== undefined)!;
    const outside = snapshot.dataset.firms.find((f) => f.park_id === undefined)!;
    for (const f of [inPark, outside]) {
      expect(await validate(FIRM_DETAIL_SCHEMA, JSON.parse(JSON.stringify(firmDetail(state, f.id))))).toEqual({ status: 200, message: '' });
    }
  });

  it('the check can fail: a wrong type in one column is rejected', async () => {
    const g = JSON.parse(JSON.stringify(graphPayload(snapshot)));
    g.nodes.park[3] = 'P01';
    expect((await validate(GRAPH_SCHEMA, g)).status).toBe(400);
  });
});

describe('GET /api/firms/:id for any id', () => {
  const ds = tinyDataset();
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    app = await buildApp({ dataset: ds, snapshot: buildSnapshot(ds), webRoot: '/nonexistent' });
  });
  afterAll(() => app.close());

  it('answers 200 for a firm id, 404 for other ids up to 200 characters, 400 beyond — always JSON', async () => {
    const firmIds = new Set(ds.firms.map((f) => f.id));
    // "." and ".." are dot segments: URL resolution removes them before routing (RFC 3986 §5.2.4),
    // so `/api/firms/.` asks for the empty id (400) and `/api/firms/..` for `/api/` (404); checked apart.
    const dotSegment = (id: string) => id === '.' || id === '..';
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ minLength: 1, maxLength: 260 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 120 }), fc.constantFrom('F1', 'GC', 'B1', 'P1')).filter((id) => !dotSegment(id)), async (id) => {
      const r = await app.inject({ method: 'GET', url: `/api/firms/${encodeURIComponent(id)}` });
      expect(r.headers['content-type']).toMatch(/^application\/json/);
      const body = r.json();
      if (firmIds.has(id)) expect(r.statusCode).toBe(200);
      else if ([...id].length <= 200) expect([r.statusCode, body.error]).toEqual([404, 'not_found']);
      else expect([r.statusCode, body.error]).toEqual([400, 'bad_request']);
    }), { numRuns: 150 });
    const dot = await app.inject({ method: 'GET', url: '/api/firms/.' });
    expect([dot.statusCode, dot.json().error]).toEqual([400, 'bad_request']);
    const dotDot = await app.inject({ method: 'GET', url: '/api/firms/..' });
    expect([dotDot.statusCode, dotDot.json().error]).toEqual([404, 'not_found']);
  });
});
