import { useState } from 'react';
import { api, send } from '../api/send';
import { CodeField, FormError } from '../components/form-fields';
import { useFormAction } from '../components/use-form-action';
import { useConsoleSession } from '../session/console-session';

// The second step of a login (POST /auth/login/second-factor): a code from
// the authenticator app, or one of the recovery codes. The pending session
// lives a few minutes; past that, or after "Cancel", the password again.
export function SecondFactorStep() {
  const { signedIn, signedOut } = useConsoleSession();
  const [withRecoveryCode, setWithRecoveryCode] = useState(false);
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const { busy, error, setError, onSubmit } = useFormAction();

  const submit = onSubmit(async () => {
    const body = withRecoveryCode ? { recoveryCode } : { code };
    const outcome = await send(() => api.auth.POST('/auth/login/second-factor', { body }));
    if (outcome.ok) {
      signedIn(outcome.data);
      return;
    }
    const { code: refusal } = outcome.error;
    if (refusal !== 'second_factor_not_pending' && refusal !== 'session_invalid' && refusal !== 'session_missing') {
      return outcome.error;
    }
    signedOut('Your sign-in took too long or was ended. Sign in again.');
  });

  const cancel = async () => {
    await send(() => api.auth.POST('/auth/logout'));
    signedOut();
  };

  return (
    <section className="narrow">
      <h1>Two-factor sign-in</h1>
      <p>Your password was right. Now prove it is you with your second factor.</p>
      <form onSubmit={submit}>
        {withRecoveryCode ? (
          <>
            <label htmlFor="recovery-code">Recovery code</label>
            <input
              id="recovery-code"
              autoComplete="off"
              spellCheck={false}
              required
              aria-describedby="recovery-code-hint"
              value={recoveryCode}
              onChange={(event) => setRecoveryCode(event.target.value)}
            />
            <span id="recovery-code-hint" className="muted hint">
              One of the ten codes you saved when you set up two-factor authentication. Each works once.
            </span>
          </>
        ) : (
          <CodeField id="second-factor-code" value={code} onChange={setCode} />
        )}
        <FormError error={error} />
        <button type="submit" disabled={busy}>
          Verify
        </button>
      </form>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setWithRecoveryCode(!withRecoveryCode);
            setError(undefined);
          }}
        >
          {withRecoveryCode ? 'Use a code from my app instead' : 'Use a recovery code instead'}
        </button>
        <button type="button" className="secondary" onClick={() => void cancel()}>
          Cancel
        </button>
      </div>
    </section>
  );
}
