import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError, IS_PUBLIC_KEY } from '@session-mesh/platform';
import { testSessionOptions } from '../testing/test-session-options';
import { AAL_KEY, DEFAULT_MAX_AGE, FRESH_KEY, PENDING_KEY, ROLES_KEY, SESSION_REQUEST_KEY } from './session.decorators';
import { SessionGuard } from './session.guard';
import { SessionReader } from './session-reader.service';
import { generateSessionToken } from './session-token';
import type { ActiveSession } from './session.types';
import { SessionError } from './session.errors';
import { sessionValidations } from './session-metrics';

const session: ActiveSession = {
  id: 'id',
  user: { userId: 1, username: 'jane@example.com', roles: ['ASSIGN_USERS'] },
  createdAt: 0,
  expiresAt: Date.now() + 60_000,
  authzVersion: 0,
  ip: null,
  userAgent: null,
  authenticatedAt: Date.now(),
  aal: 1,
  idleSeconds: 60,
  rememberMe: false,
  transport: 'cookie',
  actor: null,
};

function contextFor(request: object, metadata: Record<string, unknown> = {}) {
  const handler = () => undefined;
  for (const [key, value] of Object.entries(metadata)) Reflect.defineMetadata(key, value, handler);
  return {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => class {},
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
}

describe('SessionGuard', () => {
  const token = generateSessionToken();
  let read: jest.Mock;
  let guard: SessionGuard;

  beforeEach(() => {
    read = jest.fn().mockResolvedValue(session);
    guard = new SessionGuard(new Reflector(), { read } as unknown as SessionReader, testSessionOptions());
  });

  it('lets @Public() routes through without asking the store', async () => {
    await expect(guard.canActivate(contextFor({ headers: {} }, { [IS_PUBLIC_KEY]: true }))).resolves.toBe(true);
    expect(read).not.toHaveBeenCalled();
  });

  it('answers 401 session_missing without a cookie', async () => {
    expect(await codeOf(guard.canActivate(contextFor({ headers: {} })))).toBe('session_missing');
  });

  it('refuses malformed and duplicated cookies before asking Redis', async () => {
    expect(await codeOf(guard.canActivate(contextFor({ headers: { cookie: 'sid=short' } })))).toBe('session_invalid');
    const duplicated = { headers: { cookie: `sid=${token}; sid=${token}` } };
    expect(await codeOf(guard.canActivate(contextFor(duplicated)))).toBe('session_invalid');
    expect(read).not.toHaveBeenCalled();
  });

  it('reads the token from an Authorization: Bearer header, whatever the case of the scheme', async () => {
    for (const authorization of [`Bearer ${token}`, `bearer  ${token}`, `BEARER ${token}`]) {
      const request: Record<string, unknown> = { headers: { authorization, cookie: 'theme=dark' } };
      await expect(guard.canActivate(contextFor(request))).resolves.toBe(true);
      expect(request[SESSION_REQUEST_KEY]).toBe(session);
    }
    expect(read.mock.calls).toEqual([[token], [token], [token]]);
  });

  it('refuses malformed bearer tokens before asking Redis, and ignores other schemes', async () => {
    for (const authorization of ['Bearer', 'Bearer ', 'Bearer short', `Bearer ${token} extra`, `Bearer ${token}=`]) {
      expect(await codeOf(guard.canActivate(contextFor({ headers: { authorization } })))).toBe('session_invalid');
    }
    expect(read).not.toHaveBeenCalled();
    const basic = { headers: { authorization: 'Basic dXNlcjpwYXNz' } };
    expect(await codeOf(guard.canActivate(contextFor(basic)))).toBe('session_missing');
    const basicAndCookie = { headers: { authorization: 'Basic dXNlcjpwYXNz', cookie: `sid=${token}` } };
    await expect(guard.canActivate(contextFor(basicAndCookie))).resolves.toBe(true);
  });

  it('answers 400 session_ambiguous to a session cookie and a bearer token at once, without asking Redis', async () => {
    const other = generateSessionToken();
    for (const headers of [
      { cookie: `sid=${token}`, authorization: `Bearer ${token}` },
      { cookie: `sid=${other}`, authorization: `Bearer ${token}` },
      { cookie: 'sid=short', authorization: `Bearer ${token}` },
      { cookie: `sid=${token}`, authorization: 'Bearer short' },
    ]) {
      const refusal = await guard.canActivate(contextFor({ headers })).catch((e: unknown) => e);
      expect(refusal).toMatchObject({ code: 'session_ambiguous', status: 400 });
    }
    expect(read).not.toHaveBeenCalled();
  });

  it('answers 401 session_invalid for an unknown session', async () => {
    read.mockResolvedValue(null);
    expect(await codeOf(guard.canActivate(contextFor({ headers: { cookie: `sid=${token}` } })))).toBe(
      'session_invalid',
    );
    expect(read).toHaveBeenCalledWith(token);
  });

  it('attaches the session to the request', async () => {
    const request: Record<string, unknown> = { headers: { cookie: `a=b; sid=${token}` } };
    await expect(guard.canActivate(contextFor(request))).resolves.toBe(true);
    expect(request[SESSION_REQUEST_KEY]).toBe(session);
  });

  it('answers 403 role_missing when a required role is absent, and passes when all are held', async () => {
    const request = { headers: { cookie: `sid=${token}` } };
    expect(await codeOf(guard.canActivate(contextFor(request, { [ROLES_KEY]: ['CREATE_ROLE'] })))).toBe('role_missing');
    await expect(guard.canActivate(contextFor(request, { [ROLES_KEY]: ['ASSIGN_USERS'] }))).resolves.toBe(true);
  });

  it('answers 401 reauthentication_required with the max age when the last credential check is too old', async () => {
    const request = { headers: { cookie: `sid=${token}` } };
    read.mockResolvedValue({ ...session, createdAt: Date.now(), authenticatedAt: Date.now() - 61_000 });
    const refusal = await guard.canActivate(contextFor(request, { [FRESH_KEY]: 60 })).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ code: 'reauthentication_required', status: 401, hint: { maxAgeSeconds: 60 } });
    await expect(guard.canActivate(contextFor(request, { [FRESH_KEY]: 120 }))).resolves.toBe(true);
    await expect(guard.canActivate(contextFor(request))).resolves.toBe(true);
  });

  it('uses the configured max age for @RequireFresh() without an argument', async () => {
    const request = { headers: { cookie: `sid=${token}` } };
    read.mockResolvedValue({ ...session, authenticatedAt: Date.now() - 901_000 });
    expect(await codeOf(guard.canActivate(contextFor(request, { [FRESH_KEY]: DEFAULT_MAX_AGE })))).toBe(
      'reauthentication_required',
    );
    read.mockResolvedValue({ ...session, authenticatedAt: Date.now() - 899_000 });
    await expect(guard.canActivate(contextFor(request, { [FRESH_KEY]: DEFAULT_MAX_AGE }))).resolves.toBe(true);
  });

  it('answers 401 second_factor_required below the assurance level, and checks roles first', async () => {
    const request = { headers: { cookie: `sid=${token}` } };
    const refusal = await guard.canActivate(contextFor(request, { [AAL_KEY]: 2 })).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ code: 'second_factor_required', hint: { requiredAal: 2 } });
    expect(await codeOf(guard.canActivate(contextFor(request, { [AAL_KEY]: 2, [ROLES_KEY]: ['CREATE_ROLE'] })))).toBe(
      'role_missing',
    );
    read.mockResolvedValue({ ...session, aal: 2 });
    await expect(guard.canActivate(contextFor(request, { [AAL_KEY]: 2 }))).resolves.toBe(true);
  });

  it('refuses a login waiting for its second factor (aal 0) everywhere but the routes that allow it, before the roles', async () => {
    const request = { headers: { cookie: `sid=${token}` } };
    read.mockResolvedValue({ ...session, aal: 0 });
    const refusal = await guard.canActivate(contextFor(request)).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ code: 'second_factor_required', status: 401, hint: { requiredAal: 1 } });
    expect(await codeOf(guard.canActivate(contextFor(request, { [ROLES_KEY]: ['CREATE_ROLE'] })))).toBe(
      'second_factor_required',
    );
    const stepUp = await guard.canActivate(contextFor(request, { [AAL_KEY]: 2 })).catch((e: unknown) => e);
    expect(stepUp).toMatchObject({ hint: { requiredAal: 2 } });
    await expect(guard.canActivate(contextFor(request, { [PENDING_KEY]: true }))).resolves.toBe(true);
    // The same pending session presented as a bearer token is refused alike.
    read.mockResolvedValue({ ...session, aal: 0, transport: 'bearer' });
    const bearer = { headers: { authorization: `Bearer ${token}` } };
    expect(await codeOf(guard.canActivate(contextFor(bearer)))).toBe('second_factor_required');
    await expect(guard.canActivate(contextFor(bearer, { [PENDING_KEY]: true }))).resolves.toBe(true);
    // A full session passes a route that allows pending ones too.
    read.mockResolvedValue(session);
    await expect(guard.canActivate(contextFor(request, { [PENDING_KEY]: true }))).resolves.toBe(true);
  });

  it('answers 403 impersonation_restricted to an impersonation session on routes with a max age or an assurance level, after the roles', async () => {
    const request = { headers: { cookie: `sid=${token}` } };
    // Even a (hypothetically) fresh aal-2 record: the actor decides.
    const impersonation = { ...session, aal: 2, actor: { userId: 9, username: 'support' } } as const;
    read.mockResolvedValue(impersonation);
    for (const metadata of [{ [FRESH_KEY]: DEFAULT_MAX_AGE }, { [AAL_KEY]: 1 }, { [AAL_KEY]: 2, [FRESH_KEY]: 60 }]) {
      const refusal = await guard.canActivate(contextFor(request, metadata)).catch((e: unknown) => e);
      expect(refusal).toMatchObject({ code: 'impersonation_restricted', status: 403 });
    }
    expect(
      await codeOf(guard.canActivate(contextFor(request, { [FRESH_KEY]: 60, [ROLES_KEY]: ['CREATE_ROLE'] }))),
    ).toBe('role_missing');
    // Every other route, the actor on the request's session for @CurrentSession().
    const plain: Record<string, unknown> = { ...request };
    await expect(guard.canActivate(contextFor(plain, { [ROLES_KEY]: ['ASSIGN_USERS'] }))).resolves.toBe(true);
    expect(plain[SESSION_REQUEST_KEY]).toMatchObject({ actor: { userId: 9, username: 'support' } });
    // The same record without an actor passes them all.
    read.mockResolvedValue({ ...impersonation, actor: null });
    await expect(guard.canActivate(contextFor(request, { [AAL_KEY]: 2, [FRESH_KEY]: 60 }))).resolves.toBe(true);
  });

  it('lets the store’s 503 through instead of treating the caller as anonymous', async () => {
    read.mockRejectedValue(new SessionError('session_store_unavailable', 'down'));
    expect(await codeOf(guard.canActivate(contextFor({ headers: { cookie: `sid=${token}` } })))).toBe(
      'session_store_unavailable',
    );
  });

  it('counts every check of a protected route by outcome', async () => {
    const counts = async () =>
      Object.fromEntries((await sessionValidations.get()).values.map((value) => [value.labels.outcome, value.value]));
    const before = await counts();
    const cookie = { headers: { cookie: `sid=${token}` } };
    await guard.canActivate(contextFor(cookie));
    await codeOf(guard.canActivate(contextFor({ headers: {} })));
    await codeOf(guard.canActivate(contextFor({ headers: { cookie: 'sid=short' } })));
    await codeOf(guard.canActivate(contextFor(cookie, { [ROLES_KEY]: ['CREATE_ROLE'] })));
    read.mockResolvedValueOnce(null);
    await codeOf(guard.canActivate(contextFor(cookie)));
    read.mockRejectedValueOnce(new SessionError('session_store_unavailable', 'down'));
    await codeOf(guard.canActivate(contextFor(cookie)));
    const after = await counts();
    const moved = (outcome: string) => (after[outcome] ?? 0) - (before[outcome] ?? 0);
    expect(['ok', 'missing', 'invalid', 'role_missing', 'ended', 'store_unavailable'].map(moved)).toEqual([
      1, 1, 1, 1, 1, 1,
    ]);
  });
});
