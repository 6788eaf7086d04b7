import { useState } from 'react';
import { api } from '../api/send';
import { FormError, PasswordField } from '../components/form-fields';
import { useFormAction } from '../components/use-form-action';
import { useConsoleSession } from '../session/console-session';

// POST /user/password: every session of mine ends, this one included.
export function PasswordPage() {
  const { call, signedOut } = useConsoleSession();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const { busy, error, onSubmit } = useFormAction();

  const submit = onSubmit(async () => {
    const outcome = await call(() => api.users.POST('/user/password', { body: { currentPassword, newPassword } }));
    if (!outcome.ok) return outcome.error;
    signedOut('Password changed. You were signed out everywhere: sign in with the new password.');
  });

  return (
    <section className="narrow">
      <h1>Change password</h1>
      <p className="notice">Changing your password signs you out everywhere, on every device, this one included.</p>
      <form onSubmit={submit}>
        <PasswordField
          id="current-password"
          label="Current password"
          value={currentPassword}
          onChange={setCurrentPassword}
        />
        <PasswordField
          id="new-password"
          label="New password"
          autoComplete="new-password"
          value={newPassword}
          onChange={setNewPassword}
        />
        <FormError error={error} />
        <button type="submit" disabled={busy}>
          Change password and sign out everywhere
        </button>
      </form>
    </section>
  );
}
