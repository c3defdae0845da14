/**
 * The server on a real socket: 127.0.0.1 with an OS-chosen port, raw HTTP
 * requests (so no client normalises `..` or percent-escapes before the server
 * sees them), and the next-free-port fallback.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/engine/index.ts';
import { buildApp, startServer, type RunningServer } from '../../src/server/index.ts';
import { tinyDataset } from './fixture.ts';

const SECRET = 'TOP-SECRET-7f3a';
let dir: string;
let server: RunningServer;

/** One raw HTTP/1.1 request; resolves with the whole response text. */
function rawGet(port: number, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    // write, not end: a half-closed client may lose the reply; Connection: close makes the server end.
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => (text += d));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'xinlian-listen-'));
  const webRoot = path.join(dir, 'web');
  mkdirSync(path.join(webRoot, 'assets'), { recursive: true });
  writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>viewer</title>');
  writeFileSync(path.join(webRoot, '.env'), SECRET);
  // Files next to and above the web root that a traversal would reach.
  writeFileSync(path.join(dir, 'secret.txt'), SECRET);
  const ds = tinyDataset();
  server = await startServer(await buildApp({ dataset: ds, snapshot: buildSnapshot(ds), webRoot }), { host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a real listen on 127.0.0.1', () => {
  it('binds the loopback and answers the API', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const r = await fetch(`${server.url}api/summary`);
    expect(r.status).toBe(200);
    expect((await r.json()).counts.firms.total).toBe(4);
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('never serves a file outside the web root, whatever the spelling of ..', async () => {
    const attempts = [
      '/../secret.txt', '/%2e%2e/secret.txt', '/%2E%2E/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt',
      '/assets/../../secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%5csecret.txt',
      '/%252e%252e/secret.txt', '/....//secret.txt', '/.%2e/secret.txt', '//secret.txt', `/${encodeURIComponent(path.join(dir, 'secret.txt'))}`,
      '/.env', '/%2eenv', '/assets/../.env',
    ];
    for (const target of attempts) {
      const response = await rawGet(server.port, target);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);
      expect(response, target).not.toContain(SECRET);
      expect([400, 403, 404], target).toContain(status);
    }
  });

  it('never serves the secret for any path built from dot, slash and their encodings', async () => {
    const piece = fc.constantFrom('..', '.', '%2e', '%2E', '%2e%2e', '%252e', '/', '%2f', '%2F', '%5c', '\\', '%00', 'assets', 'secret.txt', '.env', 'web');
    await fc.assert(fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 10 }), async (pieces) => {
      const response = await rawGet(server.port, `/${pieces.join('')}`);
      return !response.includes(SECRET);
    }), { numRuns: 200 });
  });

  it('moves to the next port when the first is busy, and says so', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as { port: number }).port;
    const ds = tinyDataset();
    const reported: number[] = [];
    const second = await startServer(await buildApp({ dataset: ds, snapshot: buildSnapshot(ds), webRoot: dir }), { host: '127.0.0.1', port: busy, onPortBusy: (p) => reported.push(p) });
    try {
      expect(reported[0]).toBe(busy);
      expect(second.port).toBeGreaterThan(busy);
      expect((await fetch(`${second.url}api/summary`)).status).toBe(200);
    } finally {
      await second.close();
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
