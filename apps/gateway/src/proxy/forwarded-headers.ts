import type { IncomingHttpHeaders } from 'node:http';

// Headers that would tell a service who the caller is, or where the request
// came from. Services never trust them, and the gateway does not pass on a
// client's copy: it sets the X-Forwarded-* ones itself.
const IDENTITY_HEADER =
  /^(x-user|x-auth|x-session|x-roles?$|x-identity|x-forwarded-|x-remote-user|remote-user|x-real-ip|forwarded$|x-original-|x-client-ip|x-api-user|x-principal)/i;

export function stripForgeableHeaders(headers: IncomingHttpHeaders): void {
  for (const name of Object.keys(headers)) {
    if (IDENTITY_HEADER.test(name)) delete headers[name];
  }
}
