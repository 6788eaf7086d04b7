import fastifyStatic from '@fastify/static';
import { type INestApplication, Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GatewayConfig } from '../config/gateway.config';

// The console (apps/console) is a static single-page app on the gateway's
// own origin, so it calls the API with the browser's HttpOnly session cookie
// and passes cross-origin protection as same-origin; docs/console.md.
export const CONSOLE_PREFIX = '/console';

// Scripts, styles and API calls only from this origin: the build has no
// inline script, and no page may frame the console (clickjacking).
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

// Vite names every file under assets/ by its content hash: cached for a year.
// index.html is not: a new build must reach the browser at once.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

function setConsoleHeaders(setHeader: (name: string, value: string) => unknown, cacheControl: string): void {
  setHeader('content-security-policy', CONSOLE_CSP);
  setHeader('x-content-type-options', 'nosniff');
  setHeader('referrer-policy', 'no-referrer');
  setHeader('cache-control', cacheControl);
}

// Serves the built console from `dir` at /console/: its files as they are,
// and index.html for every other path below it (the app's own routes, e.g.
// /console/sessions after a reload). Returns false, serving nothing, when the
// console is not built.
export function registerConsole(fastify: FastifyInstance, dir: string): boolean {
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) return false;
  const index = readFileSync(indexFile);
  const sendIndex = (reply: FastifyReply) => {
    setConsoleHeaders((name, value) => reply.header(name, value), REVALIDATE);
    return reply.type('text/html; charset=utf-8').send(index);
  };
  void fastify.register(fastifyStatic, {
    root: dir,
    prefix: `${CONSOLE_PREFIX}/`,
    // One route per file found at start (and /console/ for index.html), so the
    // fallback below owns the rest.
    wildcard: false,
    // index.html at /console/ itself (and at /console: the gateway ignores trailing slashes).
    index: 'index.html',
    decorateReply: false,
    setHeaders: (response, path) =>
      setConsoleHeaders(
        (name, value) => response.header(name, value),
        path.includes('/assets/') ? IMMUTABLE : REVALIDATE,
      ),
  });
  fastify.get(`${CONSOLE_PREFIX}/*`, (request, reply) => {
    // A missing hashed file is a stale page asking for an old build: 404, not HTML.
    if (request.url.startsWith(`${CONSOLE_PREFIX}/assets/`)) return reply.callNotFound();
    return sendIndex(reply);
  });
  return true;
}

export function setupConsole(app: INestApplication, config: GatewayConfig): void {
  const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  if (!registerConsole(fastify, config.consoleDir)) {
    new Logger('Console').warn(`not served: no index.html in ${config.consoleDir} (npx nx build console)`);
  }
}
