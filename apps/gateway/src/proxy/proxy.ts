import { Logger } from '@nestjs/common';
import { AppError, requestIdOf } from '@session-mesh/platform';
import { toErrorBody } from '@session-mesh/platform';
import type { RequestHandler } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import type { GatewayConfig, UpstreamName } from '../config/gateway.config';
import { stripForgeableHeaders } from './forwarded-headers';
import { upstreamOf } from './routes';
import { setsSessionCookie } from '@session-mesh/session';

const logger = new Logger('Proxy');
const KEEP_ALIVE = { keepAlive: true, maxSockets: 256, maxFreeSockets: 64 };

// One proxy per service. Request cookies pass untouched; bodies are streamed,
// never parsed here. Set-Cookie passes too, except a session cookie from a
// service other than auth-service: only the session writer may hand a browser
// a session, so a compromised service cannot fixate or clear one.
export function createServiceProxies(config: GatewayConfig): RequestHandler {
  const proxies = Object.fromEntries(
    (Object.keys(config.upstreams) as UpstreamName[]).map((name) => [
      name,
      proxyTo(name, config.upstreams[name], name === 'auth' ? undefined : config.sessionCookieName),
    ]),
  ) as Record<UpstreamName, RequestHandler>;
  return (req, res, next) => {
    const upstream = upstreamOf(req.url);
    if (!upstream) return next();
    stripForgeableHeaders(req.headers);
    return proxies[upstream](req, res, next);
  };
}

function proxyTo(name: string, target: string, refusedCookie?: string): RequestHandler {
  return createProxyMiddleware<IncomingMessage, ServerResponse>({
    target,
    // Reuse connections to the service: without keep-alive every proxied
    // request pays a new TCP handshake (and the gateway runs out of ports).
    agent: new (target.startsWith('https:') ? HttpsAgent : Agent)(KEEP_ALIVE),
    xfwd: true,
    proxyTimeout: 30_000,
    on: {
      error: (error, req, res) => answerUnavailable(name, error, req, res),
      ...(refusedCookie && {
        proxyRes: (proxyRes) => dropSessionCookies(name, proxyRes, refusedCookie),
      }),
    },
  }) as unknown as RequestHandler;
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
    ...toErrorBody(new AppError('upstream_unavailable', `${name} is unavailable, try again shortly`)),
    requestId: requestIdOf(req),
  };
  res.statusCode = 503;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Retry-After', '2');
  res.end(JSON.stringify(body));
}
