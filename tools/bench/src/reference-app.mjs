// Reference apps for the benchmark, Nest 11 like our services, one route
// shape for every variant: `GET /auth/me` (protected, the user and
// session behind the cookie, like auth-service's) and `GET /public/me` (no
// auth, the same body). Mode `express-session`: the seed's approach
// (express-session + connect-redis), on express. Mode `fastify-session`: the
// peer on fastify (@fastify/session, with connect-redis as its store: the
// plugin takes express-session stores, and connect-redis runs on node-redis,
// our one Redis client). Mode `jwt`: an HS256 JWT cookie verified with jose. Mode `getex`: a guard like libs/session's, reduced to its core
// (cookie, sha256, one GETEX with node-redis, JSON.parse), so that the same
// app can be measured on express and on fastify (the last argument) and the
// HTTP adapter compared with and without a Redis round trip per request.
// `POST /login` issues a session or token for the benchmark.
// Usage: node reference-app.mjs <express-session|fastify-session|jwt|getex> <port> [redis url] [express|fastify]
import 'reflect-metadata';
import { Controller, Get, Injectable, Module, Post, Req, Res, UnauthorizedException, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import { createHash, randomBytes } from 'node:crypto';
import { RedisStore } from 'connect-redis';
import session from 'express-session';
import { jwtVerify, SignJWT } from 'jose';
import { createClient } from 'redis';

const [mode, port, redisUrl = 'redis://127.0.0.1:6379', adapter = 'express'] = process.argv.slice(2);
if (adapter !== 'express' && adapter !== 'fastify') throw new Error(`unknown adapter ${adapter}`);
if (adapter === 'fastify' && mode === 'express-session') throw new Error('express-session needs express');
if (adapter === 'express' && mode === 'fastify-session') throw new Error('fastify-session needs fastify');
const IDLE_SECONDS = 30 * 60;
const ABSOLUTE_MS = 12 * 60 * 60 * 1000;
const JWT_SECRET = new TextEncoder().encode('bench-only secret of 32+ bytes, not a real one');
const USER = { userId: 1, username: 'admin', roles: ['ASSIGN_USERS', 'CREATE_GROUP', 'CREATE_ROLE'] };
const SESSION_ID = 'f'.repeat(64);

const iso = (ms) => new Date(ms).toISOString();
const meResponse = (user, createdAt) => ({
  user,
  session: { id: SESSION_ID, createdAt: iso(createdAt), expiresAt: iso(createdAt + ABSOLUTE_MS) },
});

function readCookie(header, name) {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

// Decorators applied by hand: this file is plain JavaScript.
function method(target, name, ...decorators) {
  const descriptor = Object.getOwnPropertyDescriptor(target.prototype, name);
  for (const decorator of decorators) decorator(target.prototype, name, descriptor);
}
function param(target, name, index, decorator) {
  decorator(target.prototype, name, index);
}

// express-session's session is a plain object; @fastify/session's has get().
const sessionField = (req, name) => (mode === 'fastify-session' ? req.session?.get(name) : req.session?.[name]);

class SessionGuard {
  canActivate(context) {
    const req = context.switchToHttp().getRequest();
    if (!sessionField(req, 'user')) throw new UnauthorizedException();
    return true;
  }
}
Injectable()(SessionGuard);

class JwtGuard {
  async canActivate(context) {
    const req = context.switchToHttp().getRequest();
    const token = readCookie(req.headers.cookie, 'jwt');
    if (!token) throw new UnauthorizedException();
    try {
      const { payload } = await jwtVerify(token, JWT_SECRET, { algorithms: ['HS256'] });
      req.user = { userId: payload.uid, username: payload.sub, roles: payload.roles };
      req.createdAt = payload.iat * 1000;
    } catch {
      throw new UnauthorizedException();
    }
    return true;
  }
}
Injectable()(JwtGuard);

// One GETEX per request, like libs/session's guard (without its checks of the record).
let getexRedis;
class GetexGuard {
  async canActivate(context) {
    const req = context.switchToHttp().getRequest();
    const token = readCookie(req.headers.cookie, 'sid');
    if (!token) throw new UnauthorizedException();
    const id = createHash('sha256').update(token).digest('hex');
    const raw = await getexRedis.getEx(`ref-getex:${id}`, { type: 'EX', value: IDLE_SECONDS });
    if (raw === null) throw new UnauthorizedException();
    const record = JSON.parse(raw);
    req.user = record.user;
    req.createdAt = record.createdAt;
    return true;
  }
}
Injectable()(GetexGuard);

// express' res.setHeader, fastify's reply.header.
const setHeader = (res, name, value) => (adapter === 'fastify' ? res.header(name, value) : res.setHeader(name, value));

class MeController {
  me(req) {
    if (mode === 'jwt' || mode === 'getex') return meResponse(req.user, req.createdAt);
    return meResponse(sessionField(req, 'user'), sessionField(req, 'createdAt'));
  }
  publicMe() {
    return meResponse(USER, 1_795_838_400_000);
  }
  async login(req, res) {
    const now = Date.now();
    if (mode === 'jwt') {
      const token = await new SignJWT({ uid: USER.userId, roles: USER.roles })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(USER.username)
        .setIssuedAt(Math.floor(now / 1000))
        .setExpirationTime(Math.floor((now + ABSOLUTE_MS) / 1000))
        .sign(JWT_SECRET);
      setHeader(res, 'Set-Cookie', `jwt=${token}; Path=/; HttpOnly; SameSite=Lax`);
    } else if (mode === 'getex') {
      const token = randomBytes(32).toString('base64url');
      const id = createHash('sha256').update(token).digest('hex');
      await getexRedis.set(`ref-getex:${id}`, JSON.stringify({ user: USER, createdAt: now }), {
        expiration: { type: 'EX', value: IDLE_SECONDS },
      });
      setHeader(res, 'Set-Cookie', `sid=${token}; Path=/; HttpOnly; SameSite=Lax`);
    } else if (mode === 'fastify-session') {
      req.session.set('user', USER);
      req.session.set('createdAt', now);
    } else {
      req.session.user = USER;
      req.session.createdAt = now;
    }
    return { ok: true };
  }
}
Controller()(MeController);
method(MeController, 'me', Get('auth/me'));
method(MeController, 'publicMe', Get('public/me'));
method(MeController, 'login', Post('login'));
param(MeController, 'me', 0, Req());
param(MeController, 'login', 0, Req());
param(MeController, 'login', 1, Res({ passthrough: true }));
// The guard only on the protected route.
method(MeController, 'me', UseGuards({ jwt: JwtGuard, getex: GetexGuard }[mode] ?? SessionGuard));

class AppModule {}
Module({ controllers: [MeController] })(AppModule);

if (mode === 'getex') {
  getexRedis = createClient({ url: redisUrl });
  await getexRedis.connect();
}
const app =
  adapter === 'fastify'
    ? await NestFactory.create(AppModule, new FastifyAdapter(), { logger: ['error'] })
    : await NestFactory.create(AppModule, { logger: ['error'] });
if (mode === 'express-session') {
  const client = createClient({ url: redisUrl });
  await client.connect();
  app.use(
    session({
      store: new RedisStore({ client, prefix: 'ref-sess:', ttl: IDLE_SECONDS }),
      secret: 'bench-only secret',
      name: 'sid',
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax', maxAge: IDLE_SECONDS * 1000 },
    }),
  );
} else if (mode === 'fastify-session') {
  const client = createClient({ url: redisUrl });
  await client.connect();
  const fastifyApp = /** @type {import('@nestjs/platform-fastify').NestFastifyApplication} */ (app);
  await fastifyApp.register(fastifyCookie);
  await fastifyApp.register(fastifySession, {
    store: new RedisStore({ client, prefix: 'ref-fsess:', ttl: IDLE_SECONDS }),
    secret: 'bench-only secret of 32 bytes or more, not a real one',
    cookieName: 'sid',
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: false, maxAge: IDLE_SECONDS * 1000 },
  });
} else if (mode !== 'jwt' && mode !== 'getex') {
  throw new Error(`unknown mode ${mode}`);
}
await app.listen(Number(port), '127.0.0.1');
