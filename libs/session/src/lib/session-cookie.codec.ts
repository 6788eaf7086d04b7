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
// Names are compared in place, so the only string it allocates is the value
// it returns. A pair matches when it is `name=` with only whitespace (what
// String.prototype.trim removes) around the name.
export function readSessionCookie(header: string | undefined, name: string): CookieRead {
  if (!header || header.length > MAX_COOKIE_HEADER) return { kind: 'none' };
  let found: string | undefined;
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(';', start);
    if (end === -1) end = header.length;
    let at = start;
    while (at < end && isTrimmed(header.charCodeAt(at))) at++;
    if (header.startsWith(name, at)) {
      let eq = at + name.length;
      while (eq < end && isTrimmed(header.charCodeAt(eq))) eq++;
      if (eq < end && header.charCodeAt(eq) === EQUALS) {
        if (found !== undefined) return { kind: 'duplicate' };
        found = header.slice(eq + 1, end).trim();
      }
    }
    start = end + 1;
  }
  return found === undefined ? { kind: 'none' } : { kind: 'token', value: found };
}

const EQUALS = 0x3d;

// The characters String.prototype.trim removes (ECMAScript WhiteSpace and LineTerminator).
function isTrimmed(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

// Without `maxAgeSeconds`, a browser-session cookie: gone when the browser
// closes. Never a Domain and always Path=/, as the `__Host-` prefix requires.
export function serializeSessionCookie(options: SessionCookieOptions, token: string, maxAgeSeconds?: number): string {
  return [
    `${options.name}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    ...(maxAgeSeconds === undefined ? [] : [`Max-Age=${maxAgeSeconds}`]),
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
