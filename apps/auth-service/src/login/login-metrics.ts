import { counter, toErrorBody } from '@session-mesh/platform';

export type LoginOutcome = 'ok' | 'wrong_credentials' | 'throttled' | 'unavailable' | 'error';

const logins = counter({
  name: 'session_logins_total',
  help: 'Login attempts by outcome',
  labelNames: ['outcome'] as const,
});

// A failed login's outcome from the error it answers with: the same mapping
// the HTTP filter uses, so the count and the status always agree.
export function loginOutcomeOf(error: unknown): LoginOutcome {
  const { statusCode, code } = toErrorBody(error);
  if (code === 'invalid_credentials' || code === 'invalid_second_factor') return 'wrong_credentials';
  if (code === 'too_many_requests') return 'throttled';
  if (statusCode === 503) return 'unavailable';
  return 'error';
}

// Counts the login `attempt` resolves to, then passes its result on.
export async function countLogin<T>(attempt: Promise<T>): Promise<T> {
  try {
    const result = await attempt;
    logins.inc({ outcome: 'ok' });
    return result;
  } catch (error) {
    logins.inc({ outcome: loginOutcomeOf(error) });
    throw error;
  }
}
