import { type FormEvent, useState } from 'react';
import { describeError } from '../api/api-error';
import { api, send } from '../api/send';
import { Link, navigate } from '../router';

// Registration (POST /user): the username is an email.
export function RegisterPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const outcome = await send(() => api.users.POST('/user', { body: { username, password } }));
    setBusy(false);
    if (outcome.ok) navigate(`/?username=${encodeURIComponent(outcome.data.username)}&registered=1`);
    else setError(describeError(outcome.error));
  };

  return (
    <section className="narrow">
      <h1>Create an account</h1>
      <form onSubmit={(event) => void submit(event)}>
        <label htmlFor="register-username">Email</label>
        <input
          id="register-username"
          type="email"
          autoComplete="email"
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <label htmlFor="register-password">Password</label>
        <input
          id="register-password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Create account
        </button>
      </form>
      <p>
        Have an account? <Link to="/">Sign in</Link>
      </p>
    </section>
  );
}
