export interface SessionCookieOptions {
  name: string;
  secure: boolean;
}

// Longer Cookie headers than this are not from our cookie; refuse to scan them.
const MAX_COOKIE_HEADER = 8192;

export type CookieRead = { kind: 'none' } | { kind: 'duplicate' } | { kind: 'token'; value: string };

// Finds one cookie by name without parsing the whole header into an object:
// this runs on every request of every service. Two cookies of the same name
// (e.g. one planted for a parent domain) are refused rather than guessed at.
export function readSessionCookie(header: string | undefined, name: string): CookieRead {
  if (!header || header.length > MAX_COOKIE_HEADER) return { kind: 'none' };
  let found: string | undefined;
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(';', start);
    if (end === -1) end = header.length;
    const eq = header.indexOf('=', start);
    if (eq !== -1 && eq < end && header.slice(start, eq).trim() === name) {
      if (found !== undefined) return { kind: 'duplicate' };
      found = header.slice(eq + 1, end).trim();
    }
    start = end + 1;
  }
  return found === undefined ? { kind: 'none' } : { kind: 'token', value: found };
}

export function serializeSessionCookie(options: SessionCookieOptions, token: string, maxAgeSeconds: number): string {
  return [
    `${options.name}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeSeconds}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearSessionCookie(options: SessionCookieOptions): string {
  return serializeSessionCookie(options, '', 0) + '; Expires=Thu, 01 Jan 1970 00:00:00 GMT';
}

// Whether a Set-Cookie value sets (or clears) the session cookie `name`.
export function setsSessionCookie(setCookie: string, name: string): boolean {
  const eq = setCookie.indexOf('=');
  return eq !== -1 && setCookie.slice(0, eq).trim() === name;
}
