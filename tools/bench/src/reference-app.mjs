// Reference apps for the benchmark, Nest 11 on express like our services, one
// route shape for every variant: `GET /auth/me` (protected, the user and
// session behind the cookie, like auth-service's) and `GET /public/me` (no
// auth, the same body). Mode `express-session`: the seed's approach
// (express-session + connect-redis). Mode `jwt`: an HS256 JWT cookie verified
// with jose. `POST /login` issues a session or token for the benchmark.
// Usage: node reference-app.mjs <express-session|jwt> <port> [redis url]
import 'reflect-metadata';
import { Controller, Get, Injectable, Module, Post, Req, Res, UnauthorizedException, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { RedisStore } from 'connect-redis';
import session from 'express-session';
import { jwtVerify, SignJWT } from 'jose';
import { createClient } from 'redis';

const [mode, port, redisUrl = 'redis://127.0.0.1:6379'] = process.argv.slice(2);
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

class SessionGuard {
  canActivate(context) {
    const req = context.switchToHttp().getRequest();
    if (!req.session?.user) throw new UnauthorizedException();
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

class MeController {
  me(req) {
    if (mode === 'jwt') return meResponse(req.user, req.createdAt);
    return meResponse(req.session.user, req.session.createdAt);
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
      res.setHeader('Set-Cookie', `jwt=${token}; Path=/; HttpOnly; SameSite=Lax`);
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
method(MeController, 'me', UseGuards(mode === 'jwt' ? JwtGuard : SessionGuard));

class AppModule {}
Module({ controllers: [MeController] })(AppModule);

const app = await NestFactory.create(AppModule, { logger: ['error'] });
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
} else if (mode !== 'jwt') {
  throw new Error(`unknown mode ${mode}`);
}
await app.listen(Number(port), '127.0.0.1');
