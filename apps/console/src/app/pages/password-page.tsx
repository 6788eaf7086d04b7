import { type FormEvent, useState } from 'react';
import { describeError } from '../api/api-error';
import { api } from '../api/send';
import { useConsoleSession } from '../session/console-session';

// POST /user/password: every session of mine ends, this one included.
export function PasswordPage() {
  const { call, signedOut } = useConsoleSession();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const outcome = await call(() => api.users.POST('/user/password', { body: { currentPassword, newPassword } }));
    setBusy(false);
    if (outcome.ok) signedOut('Password changed. You were signed out everywhere: sign in with the new password.');
    else setError(describeError(outcome.error));
  };

  return (
    <section className="narrow">
      <h1>Change password</h1>
      <p className="notice">Changing your password signs you out everywhere, on every device, this one included.</p>
      <form onSubmit={(event) => void submit(event)}>
        <label htmlFor="current-password">Current password</label>
        <input
          id="current-password"
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(event) => setCurrentPassword(event.target.value)}
        />
        <label htmlFor="new-password">New password</label>
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          required
          value={newPassword}
          onChange={(event) => setNewPassword(event.target.value)}
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Change password and sign out everywhere
        </button>
      </form>
    </section>
  );
}
