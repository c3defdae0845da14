/**
 * The HTTP API without a socket: buildApp on a dataset, exercised with fastify's inject.
 * Shared by the server and analysis route tests.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildSnapshot } from '../../src/engine/index.ts';
import type { Dataset } from '../../src/model/schema.ts';
import { buildApp } from '../../src/server/index.ts';

export interface TestApp {
  app: FastifyInstance;
  /** Temp dir owned by the app (removed by close); the viewer files live in `${dir}/web`. */
  dir: string;
  webRoot: string;
  close(): Promise<void>;
}

/**
 * Builds the app on `ds` with a temp web root holding `webFiles` (relative path → content);
 * with no files the web root is an empty folder, so only the API answers.
 */
export async function startTestApp(ds: Dataset, webFiles: Record<string, string> = {}, prefix = 'xinlian-app-'): Promise<TestApp> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const webRoot = path.join(dir, 'web');
  mkdirSync(webRoot);
  for (const [rel, text] of Object.entries(webFiles)) {
    mkdirSync(path.dirname(path.join(webRoot, rel)), { recursive: true });
    writeFileSync(path.join(webRoot, rel), text);
  }
  const app = await buildApp({ dataset: ds, snapshot: buildSnapshot(ds), webRoot });
  return {
    app, dir, webRoot,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** GET through inject, with the status and the parsed JSON body. */
export async function getJson(app: FastifyInstance, url: string): Promise<{ status: number; body: any }> {
  const r = await app.inject({ method: 'GET', url });
  return { status: r.statusCode, body: r.json() };
}
