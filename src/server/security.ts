/**
 * Security headers on every response. The Content-Security-Policy allows only
 * this origin: scripts, styles and connections from self, Web Workers from self
 * or blob: (Vite may bundle workers as blob URLs), images from self, data: and
 * blob: (canvas exports). No 'unsafe-inline' at all: sigma and the viewer set
 * styles through the CSSOM, which CSP does not restrict, and the viewer draws its
 * charts as SVG (the e2e suite runs it under this policy and fails on any
 * violation). echarts HTML tooltips would need style="…" attributes: use its
 * `renderMode: 'richText'` rather than loosening this. frame-ancestors 'none'
 * stops click-jacking.
 */
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "img-src 'self' data: blob:",
  "style-src 'self'",
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
