/**
 * Security headers on every response. The Content-Security-Policy allows only
 * this origin: scripts and connections from self, Web Workers from self or blob:
 * (Vite may bundle workers as blob URLs), images from self, data: and blob:
 * (canvas exports). style-src needs 'unsafe-inline' because echarts builds its
 * tooltips and legend markers as HTML strings with style="…" attributes; no
 * script is ever allowed inline. frame-ancestors 'none' stops click-jacking.
 */
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
});

/** Adds SECURITY_HEADERS to every reply, errors and 404s included (onRequest runs before any handler). */
export function addSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (_req, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
}
