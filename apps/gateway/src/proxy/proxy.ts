import { Logger } from '@nestjs/common';
import { requestIdOf, RETRY_AFTER_SECONDS, setMetricsRoute } from '@session-mesh/platform';
import { toErrorBody } from '@session-mesh/platform';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import type { GatewayConfig, UpstreamName } from '../config/gateway.config';
import { stripForgeableHeaders, stripForwardedHeaders } from './forwarded-headers';
import { upstreamOf } from './routes';
import { UpstreamPool } from './upstream-pool';
import { setsSessionCookie } from '@session-mesh/session';
import { GatewayError } from '../gateway.errors';
import { SERVICES } from '../services';

const logger = new Logger('Proxy');
// Proxied requests are counted by the service that answered (its app name).
const SERVICE_TITLES: Readonly<Record<UpstreamName, string>> = Object.fromEntries(
  SERVICES.map((service) => [service.name, service.title]),
);
// `timeout` bounds how long an idle connection is kept; with it set, Node's
// agent also drops an idle connection 1 s before the upstream's announced
// `Keep-Alive: timeout=N` (5 s for Node servers). Without it the agent kept
// connections until the upstream closed them, and a request sent on one at
// that moment failed with ECONNRESET: a POST then answered 503 (measured by
// tools/bench/src/concurrent-writes.mjs). Active requests are bounded by
// proxyTimeout, not by this.
const KEEP_ALIVE = { keepAlive: true, maxSockets: 256, maxFreeSockets: 64, timeout: 30_000 };

// Errors that mean the request never reached a working replica, or its
// connection died before an answer: worth another replica when the request
// can safely be sent twice.
const RETRYABLE_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
// The replica is not there at all: leave it out until it listens again.
const DOWN_ERRORS = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

// Connect-style middleware on Node's request and response, as @fastify/middie runs it.
export type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

// One proxy per service. Request cookies pass untouched; bodies are streamed,
// never parsed here. Set-Cookie passes too, except a session cookie from a
// service other than auth-service: only the session writer may hand a browser
// a session, so a compromised service cannot fixate or clear one.
export function createServiceProxies(config: GatewayConfig): NodeMiddleware {
  const proxies = Object.fromEntries(
    SERVICES.map((service) => [
      service.name,
      proxyTo(
        service.name,
        new UpstreamPool(config.upstreams[service.name], config.upstreamProbeIntervalMs),
        service.setsSessionCookie ? undefined : config.sessionCookieName,
      ),
    ]),
  ) as Record<UpstreamName, NodeMiddleware>;
  return (req, res, next) => {
    const upstream = upstreamOf(req.url ?? '/');
    if (!upstream) return next();
    setMetricsRoute(req, SERVICE_TITLES[upstream] ?? upstream);
    stripForgeableHeaders(req.headers);
    return proxies[upstream](req, res, next);
  };
}

// Which replica a request is on, and which it already tried.
interface Attempt {
  target: string;
  tried: Set<string>;
}

function proxyTo(name: string, pool: UpstreamPool, refusedCookie?: string): NodeMiddleware {
  const attempts = new WeakMap<IncomingMessage, Attempt>();
  const https = pool.targets[0].startsWith('https:');
  const proxy = createProxyMiddleware<IncomingMessage, ServerResponse>({
    target: pool.targets[0],
    router: (req) => attempts.get(req)?.target,
    // Reuse connections to the service: without keep-alive every proxied
    // request pays a new TCP handshake (and the gateway runs out of ports).
    agent: new (https ? HttpsAgent : Agent)(KEEP_ALIVE),
    xfwd: true,
    proxyTimeout: 30_000,
    on: {
      proxyRes: (proxyRes, req) => {
        const attempt = attempts.get(req);
        if (attempt) pool.markUp(attempt.target);
        if (refusedCookie) dropSessionCookies(name, proxyRes, refusedCookie);
      },
      error: (error, req, res) => {
        const attempt = attempts.get(req);
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (attempt && DOWN_ERRORS.has(code)) pool.markDown(attempt.target);
        const next = attempt && RETRYABLE_ERRORS.has(code) && canRetry(req, res) ? pool.pick(attempt.tried) : undefined;
        if (!attempt || next === undefined) return answerUnavailable(name, error, req, res);
        logger.warn(`${name} replica ${attempt.target} failed (${code}), retrying ${req.method} ${req.url} on ${next}`);
        attempt.target = next;
        attempt.tried.add(next);
        // The first attempt added X-Forwarded-*; the client's own were stripped.
        stripForwardedHeaders(req.headers);
        const failed = (retryError?: unknown) =>
          answerUnavailable(name, retryError instanceof Error ? retryError : error, req, res);
        void (proxy as unknown as NodeMiddleware)(req, res as ServerResponse, failed);
      },
    },
  });
  const send: NodeMiddleware = (req, res, next) => {
    const target = pool.pick();
    if (target === undefined) return next(new Error(`no replica of ${name}`));
    attempts.set(req, { target, tried: new Set([target]) });
    return (proxy as unknown as NodeMiddleware)(req, res, next);
  };
  return send;
}

// A request may go to a second replica only when sending it twice is
// harmless (an idempotent method), when it has no body (a streamed body was
// already consumed by the first attempt) and when no answer has started.
function canRetry(req: IncomingMessage, res: ServerResponse | Socket): boolean {
  if (!IDEMPOTENT_METHODS.has(req.method ?? '')) return false;
  if (req.headers['transfer-encoding'] !== undefined) return false;
  if (Number(req.headers['content-length'] ?? 0) > 0) return false;
  return 'headersSent' in res && !res.headersSent;
}

export function dropSessionCookies(name: string, response: IncomingMessage, cookieName: string): void {
  const cookies = response.headers['set-cookie'];
  if (!cookies) return;
  const kept = cookies.filter((cookie) => !setsSessionCookie(cookie, cookieName));
  if (kept.length === cookies.length) return;
  logger.warn(`dropped a Set-Cookie of the session cookie sent by ${name}`);
  response.headers['set-cookie'] = kept;
}

function answerUnavailable(name: string, error: Error, req: IncomingMessage, res: ServerResponse | Socket): void {
  logger.warn(`${name} unreachable for ${req.method} ${req.url}: ${error.message}`);
  if (!('setHeader' in res) || res.headersSent) {
    res.destroy();
    return;
  }
  const body = {
    ...toErrorBody(new GatewayError('upstream_unavailable', `${name} is unavailable, try again shortly`)),
    requestId: requestIdOf(req),
  };
  res.statusCode = 503;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
  res.end(JSON.stringify(body));
}
