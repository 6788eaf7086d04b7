import type { IncomingHttpHeaders } from 'node:http';

// Headers that would tell a service who the caller is, or where the request
// came from. Services never trust them, and the gateway does not pass on a
// client's copy: it sets the X-Forwarded-* ones itself.
const IDENTITY_HEADER =
  /^(x-user|x-auth|x-session|x-roles?$|x-identity|x-forwarded-|x-remote-user|remote-user|x-real-ip|forwarded$|x-original-|x-client-ip|x-api-user|x-principal)/i;

// Hop-by-hop headers (RFC 9110 7.6.1) belong to the client's connection to
// the gateway, not to the request; so do the headers `Connection` names.
// Transfer-Encoding stays: the proxy streams the body with it.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'te',
  'trailer',
  'upgrade',
]);

export function stripForgeableHeaders(headers: IncomingHttpHeaders): void {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '' && name !== 'transfer-encoding' && name !== 'host');
  for (const name of Object.keys(headers)) {
    if (IDENTITY_HEADER.test(name) || HOP_BY_HOP.has(name) || named.includes(name)) delete headers[name];
  }
}

export function stripForwardedHeaders(headers: IncomingHttpHeaders): void {
  for (const name of Object.keys(headers)) if (name.startsWith('x-forwarded-')) delete headers[name];
}
