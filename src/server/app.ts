/**
 * The HTTP server: the JSON API under /api and the built viewer (dist/web).
 *
 * ── Adding API routes (the whole pattern) ────────────────────────────────────
 * 1. Write src/server/routes/<group>.ts exporting a fastify plugin:
 *
 *      export const circleRoutes: FastifyPluginAsync = async (app) => {
 *        app.get<{ Querystring: { min: number } }>('/circles', {
 *          schema: {
 *            querystring: { type: 'object', properties: { min: { type: 'integer', minimum: 2, default: 2 } }, additionalProperties: false },
 *            response: { 200: CIRCLES_SCHEMA },
 *          },
 *        }, async (req) => guaranteeCircles(app.xinlian.snapshot, { minSize: req.query.min }));
 *      };
 *
 *    Paths are relative to /api. Every route declares JSON schemas for its params /
 *    querystring and its 200 response (fastify validates input and serialises
 *    output with them; a schema failure becomes 400 bad_request).
 * 2. Add `{ name: 'circles', plugin: circleRoutes }` to API_ROUTES in routes/index.ts.
 * 3. Read shared data from `app.xinlian` (state.ts: dataset, snapshot, cached
 *    results; add a cache there for anything costly). Never try/catch in a
 *    handler: throw NotFoundError / UsageError / DataError and errors.ts maps them
 *    to `{ error, message }` with 404 / 400.
 * 4. Test with `app.inject` in test/server/ and document the endpoint in docs/api.md.
 * ────────────────────────────────────────────────────────────────────────────
 *
 * Bound to 127.0.0.1 by default: the dataset is confidential credit data and
 * the server has no authentication.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Snapshot } from '../engine/index.ts';
import type { Dataset } from '../model/schema.ts';
import { installErrorHandlers } from './errors.ts';
import { API_ROUTES } from './routes/index.ts';
import { escapeHtml } from '../report/index.ts';
import { addSecurityHeaders } from './security.ts';
import { ServerState } from './state.ts';

export interface AppOptions {
  dataset: Dataset;
  snapshot: Snapshot;
  /** Folder of the built viewer (index.html + assets), normally dist/web. */
  webRoot: string;
  /** fastify logger (default off; the CLI prints its own lines). */
  logger?: boolean;
}

/** dist/web of this checkout. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web', import.meta.url));

/** Whether a built viewer exists at `webRoot`. */
export function viewerBuilt(webRoot: string): boolean {
  return existsSync(path.join(webRoot, 'index.html'));
}

/** The page served at `/` when the viewer has not been built. */
export function viewerMissingPage(webRoot: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>xinlian: viewer not built</title></head><body>
<h1>The xinlian viewer is not built</h1>
<p>No <code>index.html</code> in <code>${escapeHtml(webRoot)}</code>. Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it) and reload.</p>
<p>The JSON API works already: <a href="api/summary">api/summary</a>.</p>
</body></html>
`;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Ids and names are Unicode; long URLs are refused early (414) rather than parsed.
    routerOptions: { maxParamLength: 500 },
    // Requests are all GETs with small bodies; 1 MiB is far above any API input.
    bodyLimit: 1 << 20,
  });
  app.decorate('xinlian', new ServerState(options.dataset, options.snapshot));
  addSecurityHeaders(app);
  installErrorHandlers(app);

  await app.register(async (api) => {
    for (const route of API_ROUTES) await api.register(route.plugin);
  }, { prefix: '/api' });

  const root = path.resolve(options.webRoot);
  if (viewerBuilt(root)) {
    // send() resolves every path inside `root` and refuses `..` segments (403 → mapped to 404);
    // `index: false` + the explicit `/` route: index.html is the fallback for `/` only.
    await app.register(fastifyStatic, { root, prefix: '/', index: false, redirect: false, dotfiles: 'ignore', wildcard: true, list: false });
    app.get('/', (_req, reply) => reply.sendFile('index.html'));
  } else {
    app.get('/', (_req, reply) => reply.code(503).type('text/html; charset=utf-8').send(viewerMissingPage(root)));
  }
  return app;
}

export interface ListenOptions {
  host: string;
  /** First port to try; 0 = any free port. */
  port: number;
  /** Ports tried after a busy one (port, port+1, …). */
  attempts: number;
  /** Called for each busy port before trying the next. */
  onPortBusy?: (port: number) => void;
}

export const LISTEN_DEFAULTS: Readonly<ListenOptions> = Object.freeze({ host: '127.0.0.1', port: 5173, attempts: 20 });

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  host: string;
  port: number;
  close: () => Promise<void>;
}

/** Listens on the first free port from `port` on (EADDRINUSE → next). */
export async function startServer(app: FastifyInstance, options: Partial<ListenOptions> = {}): Promise<RunningServer> {
  const o = { ...LISTEN_DEFAULTS, ...options };
  for (let k = 0; k < o.attempts; k++) {
    const port = o.port === 0 ? 0 : o.port + k;
    if (port > 65535) break;
    try {
      await app.listen({ host: o.host, port });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE' && o.port !== 0) {
        o.onPortBusy?.(port);
        continue;
      }
      throw err;
    }
    const address = app.server.address();
    const bound = typeof address === 'object' && address !== null ? address.port : port;
    const hostInUrl = o.host.includes(':') ? `[${o.host}]` : o.host;
    return { app, url: `http://${hostInUrl}:${bound}/`, host: o.host, port: bound, close: () => app.close() };
  }
  throw new Error(`no free port in ${o.port}–${Math.min(65535, o.port + o.attempts - 1)} on ${o.host}`);
}
