import { COMMAND_BUCKETS, counter, histogram } from '@session-mesh/platform';

// The session store's series (docs/operations.md, Metrics). Labels take only
// the values listed here: never a user, session or path.

export const storeCommandDuration = histogram({
  name: 'session_store_command_duration_seconds',
  help: 'Session store (Redis) operations, by operation, failed ones included',
  labelNames: ['operation'] as const,
  buckets: COMMAND_BUCKETS,
});

export type ValidationOutcome =
  | 'ok'
  | 'missing'
  | 'invalid'
  | 'ended'
  | 'role_missing'
  | 'second_factor_required'
  | 'reauthentication_required'
  | 'impersonation_restricted'
  | 'store_unavailable';

export const sessionValidations = counter({
  name: 'session_validations_total',
  help: 'Session checks of protected routes by the session guard, by outcome',
  labelNames: ['outcome'] as const,
});

// logout: the session's own logout; self: one of my sessions ended by me;
// bulk: "log out my other sessions"; admin: an admin ended a user's sessions;
// cap: the oldest beyond SESSION_MAX_PER_USER at a login; password_change:
// ended by user-service raising the user's revokeBelow (a password change or
// a disable); role_change: ended because the user may no longer log in
// (deleted: no roles at all).
export type RevocationKind = 'logout' | 'self' | 'bulk' | 'admin' | 'cap' | 'password_change' | 'role_change';

export const sessionRevocations = counter({
  name: 'session_revocations_total',
  help: 'Sessions ended before their time, by kind',
  labelNames: ['kind'] as const,
});

export function countRevocations(kind: RevocationKind, count = 1): void {
  if (count > 0) sessionRevocations.inc({ kind }, count);
}

export const roleSyncsApplied = counter({
  name: 'session_role_syncs_applied_total',
  help: 'Users whose live sessions were brought up to date with a change from user-service',
});

export const roleSyncLag = histogram({
  name: 'session_role_sync_lag_seconds',
  help: "From user-service's committed change to its sessions updated in Redis",
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
});
