import type { IncomingHttpHeaders } from 'node:http';
import { readSessionCookie } from './session-cookie.codec';
import { isWellFormedSessionToken } from './session-token';
import type { SessionTransport } from './session.types';

export type SessionCredential =
  | { kind: 'none' }
  // Both a session cookie and a Bearer token: which one to trust is not ours to guess.
  | { kind: 'ambiguous' }
  | { kind: 'invalid'; transport: SessionTransport }
  | { kind: 'token'; value: string; transport: SessionTransport };

// `Bearer` is case-insensitive (RFC 9110 11.1), then one or more spaces (or
// nothing at all: a Bearer header without its token is still one, and invalid).
const BEARER = /^bearer(?: +|$)/i;

// The one session token of a request: the session cookie (browsers) or an
// `Authorization: Bearer` header (other clients), never both. Headers of
// other schemes (e.g. Basic, for a proxy in front) are not ours and ignored.
// Malformed values are refused here, before Redis is asked.
export function readSessionCredential(headers: IncomingHttpHeaders, cookieName: string): SessionCredential {
  const cookie = readSessionCookie(headers.cookie, cookieName);
  const bearer = readBearerToken(headers.authorization);
  if (bearer !== undefined) {
    if (cookie.kind !== 'none') return { kind: 'ambiguous' };
    return isWellFormedSessionToken(bearer)
      ? { kind: 'token', value: bearer, transport: 'bearer' }
      : { kind: 'invalid', transport: 'bearer' };
  }
  if (cookie.kind === 'none') return { kind: 'none' };
  return cookie.kind === 'token' && isWellFormedSessionToken(cookie.value)
    ? { kind: 'token', value: cookie.value, transport: 'cookie' }
    : { kind: 'invalid', transport: 'cookie' };
}

// The credentials of an `Authorization: Bearer` header, or undefined if there is none.
export function readBearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const scheme = BEARER.exec(authorization);
  return scheme ? authorization.slice(scheme[0].length).trimEnd() : undefined;
}

// For the cross-origin protection: a request whose only session credential is
// a well-formed bearer token. A page cannot make a browser add that header
// (it is not CORS-safelisted), so such a request cannot be a forgery.
export function isBearerOnlyRequest(cookieName: string): (headers: IncomingHttpHeaders) => boolean {
  return (headers) => {
    const credential = readSessionCredential(headers, cookieName);
    return credential.kind === 'token' && credential.transport === 'bearer';
  };
}
