import { type FormEvent, useState } from 'react';
import { describeError } from '../api/api-error';
import { api, send } from '../api/send';
import { Link } from '../router';
import { useConsoleSession } from '../session/console-session';

// Sign-in with the PoC's credentials form. The session cookie comes back in
// Set-Cookie (HttpOnly): the page only learns who is signed in.
export function SignInPage() {
  const { notice, signedIn } = useConsoleSession();
  // After registration: /console/?username=…&registered=1
  const [params] = useState(() => new URLSearchParams(window.location.search));
  const [username, setUsername] = useState(params.get('username') ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const outcome = await send(() => api.auth.POST('/auth/login', { body: { username, password } }));
    setBusy(false);
    if (outcome.ok) signedIn(outcome.data);
    else setError(describeError(outcome.error));
  };

  return (
    <section className="narrow">
      <h1>Sign in</h1>
      {(notice || params.get('registered')) && (
        <p role="status" className="notice">
          {notice ?? 'Your account is ready. Sign in with it.'}
        </p>
      )}
      <form onSubmit={(event) => void submit(event)}>
        <label htmlFor="sign-in-username">Username</label>
        <input
          id="sign-in-username"
          autoComplete="username"
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <label htmlFor="sign-in-password">Password</label>
        <input
          id="sign-in-password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {/* Remember-me and the second-factor step come here when those features land. */}
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
