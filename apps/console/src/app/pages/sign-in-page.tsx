import { useState } from 'react';
import { api, send } from '../api/send';
import { FormError, PasswordField } from '../components/form-fields';
import { useFormAction } from '../components/use-form-action';
import { Link } from '../router';
import { useConsoleSession } from '../session/console-session';
import { SecondFactorStep } from './second-factor-step';

// Sign-in with the PoC's credentials form. The session cookie comes back in
// Set-Cookie (HttpOnly): the page only learns who is signed in. A user with
// TOTP gets a pending session (aal 0) and the second step follows.
export function SignInPage() {
  const { notice, signedIn, secondFactorPending, awaitSecondFactor } = useConsoleSession();
  // After registration: /console/?username=…&registered=1
  const [params] = useState(() => new URLSearchParams(window.location.search));
  const [username, setUsername] = useState(params.get('username') ?? '');
  const [password, setPassword] = useState('');
  const [rememberMe, setRememberMe] = useState(false);
  const { busy, error, onSubmit } = useFormAction();

  if (secondFactorPending) return <SecondFactorStep />;

  const submit = onSubmit(async () => {
    const outcome = await send(() => api.auth.POST('/auth/login', { body: { username, password, rememberMe } }));
    if (!outcome.ok) return outcome.error;
    if (outcome.data.session.aal === 0) awaitSecondFactor();
    else signedIn(outcome.data);
  });

  return (
    <section className="narrow">
      <h1>Sign in</h1>
      {(notice || params.get('registered')) && (
        <p role="status" className="notice">
          {notice ?? 'Your account is ready. Sign in with it.'}
        </p>
      )}
      <form onSubmit={submit}>
        <label htmlFor="sign-in-username">Username</label>
        <input
          id="sign-in-username"
          autoComplete="username"
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <PasswordField id="sign-in-password" label="Password" value={password} onChange={setPassword} />
        <label className="check">
          <input
            type="checkbox"
            checked={rememberMe}
            aria-describedby="remember-me-hint"
            onChange={(event) => setRememberMe(event.target.checked)}
          />
          Remember me
        </label>
        <span id="remember-me-hint" className="muted hint">
          Stay signed in on this device after the browser closes. Not on a shared computer.
        </span>
        <FormError error={error} />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <p>
        No account? <Link to="/register">Create one</Link>
      </p>
    </section>
  );
}
