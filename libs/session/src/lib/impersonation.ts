// Who may be impersonated (POST /users/{id}/impersonate, docs/sessions.md):
// nobody who may impersonate others or manage anything (a role whose name
// starts with MANAGE_), so support cannot act with an administrator's powers.
// The session sync script (session-scripts.ts) applies the same rule when a
// user gains roles while an impersonation session of theirs is live.
export const IMPERSONATE_ROLE = 'IMPERSONATE';
export const MANAGE_ROLE_PREFIX = 'MANAGE_';

// An impersonation session lasts at most this long, whatever the settings.
export const IMPERSONATION_MAX_SECONDS = 3600;

export function mayBeImpersonated(roles: readonly string[]): boolean {
  return !roles.some((role) => role === IMPERSONATE_ROLE || role.startsWith(MANAGE_ROLE_PREFIX));
}
