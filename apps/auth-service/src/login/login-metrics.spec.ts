import { PlatformError } from '@session-mesh/platform';
import { SessionError } from '@session-mesh/session';
import { AuthServiceError } from '../auth-service.errors';
import { countLogin, loginOutcomeOf } from './login-metrics';
import { register } from 'prom-client';

describe('login metrics', () => {
  it('maps each failure to the outcome of the answer it becomes', () => {
    expect(loginOutcomeOf(new AuthServiceError('invalid_credentials', 'x'))).toBe('wrong_credentials');
    expect(loginOutcomeOf(new PlatformError('too_many_requests', 'x'))).toBe('throttled');
    expect(loginOutcomeOf(new AuthServiceError('user_service_unavailable', 'x'))).toBe('unavailable');
    expect(loginOutcomeOf(new SessionError('session_store_unavailable', 'x'))).toBe('unavailable');
    expect(loginOutcomeOf(new Error('bug'))).toBe('error');
  });

  it('counts an attempt once and passes its result or error on', async () => {
    const okBefore = await valueOf('ok');
    const wrongBefore = await valueOf('wrong_credentials');
    const full = { session: { aal: 1 } };
    await expect(countLogin(Promise.resolve(full))).resolves.toBe(full);
    await expect(countLogin(Promise.reject(new AuthServiceError('invalid_credentials', 'x')))).rejects.toThrow('x');
    expect(await valueOf('ok')).toBe(okBefore + 1);
    expect(await valueOf('wrong_credentials')).toBe(wrongBefore + 1);
  });

  it('counts a password step that leaves a second factor to give apart from a full login', async () => {
    const [okBefore, pendingBefore] = [await valueOf('ok'), await valueOf('second_factor_pending')];
    await countLogin(Promise.resolve({ session: { aal: 0 } }));
    await countLogin(Promise.resolve({ session: { aal: 2 } }));
    expect(await valueOf('second_factor_pending')).toBe(pendingBefore + 1);
    expect(await valueOf('ok')).toBe(okBefore + 1);
  });
});

async function valueOf(outcome: string): Promise<number> {
  const metric = await register.getSingleMetric('session_logins_total')?.get();
  return metric?.values.find((value) => value.labels['outcome'] === outcome)?.value ?? 0;
}
