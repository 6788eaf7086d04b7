import { useState } from 'react';
import { api, send } from '../api/send';
import { FormError, PasswordField } from '../components/form-fields';
import { useFormAction } from '../components/use-form-action';
import { Link, navigate } from '../router';

// Registration (POST /user): the username is an email.
export function RegisterPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, onSubmit } = useFormAction();

  const submit = onSubmit(async () => {
    const outcome = await send(() => api.users.POST('/user', { body: { username, password } }));
    if (!outcome.ok) return outcome.error;
    navigate(`/?username=${encodeURIComponent(outcome.data.username)}&registered=1`);
  });

  return (
    <section className="narrow">
      <h1>Create an account</h1>
      <form onSubmit={submit}>
        <label htmlFor="register-username">Email</label>
        <input
          id="register-username"
          type="email"
          autoComplete="email"
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <PasswordField
          id="register-password"
          label="Password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
        />
        <FormError error={error} />
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
