import { counter, toErrorBody } from '@session-mesh/platform';

// How a login step that did not issue a session ended.
export type LoginFailure = 'wrong_credentials' | 'throttled' | 'unavailable' | 'error';

const logins = counter({
  name: 'session_logins_total',
  help: 'Login steps by outcome (a password step that leaves a second factor to give: second_factor_pending)',
  labelNames: ['outcome'] as const,
});

// A failed login's outcome from the error it answers with: the same mapping
// the HTTP filter uses, so the count and the status always agree.
export function loginOutcomeOf(error: unknown): LoginFailure {
  const { statusCode, code } = toErrorBody(error);
  if (code === 'invalid_credentials' || code === 'invalid_second_factor') return 'wrong_credentials';
  if (code === 'too_many_requests') return 'throttled';
  if (statusCode === 503) return 'unavailable';
  return 'error';
}

// Counts the login step `attempt` resolves to, then passes its result on. A
// session of aal 0 is a login half done: `ok` counts only full sessions, at
// the step that issued them (the password, or the second factor).
export async function countLogin<T extends { session: { aal: number } }>(attempt: Promise<T>): Promise<T> {
  try {
    const result = await attempt;
    logins.inc({ outcome: result.session.aal === 0 ? 'second_factor_pending' : 'ok' });
    return result;
  } catch (error) {
    logins.inc({ outcome: loginOutcomeOf(error) });
    throw error;
  }
}
