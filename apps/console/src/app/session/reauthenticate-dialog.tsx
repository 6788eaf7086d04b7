import { type FormEvent, useEffect, useRef, useState } from 'react';
import { describeError } from '../api/api-error';
import { api, send } from '../api/send';
import type { Me } from './console-session';

// Step-up: a sensitive action answered 401 reauthentication_required, so the
// password is checked again (POST /auth/reauthenticate) and the action retried.
// A native modal <dialog>: focus stays inside, Escape cancels.
export function ReauthenticateDialog({ onDone }: { onDone: (done: boolean, me?: Me) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const outcome = await send(() => api.auth.POST('/auth/reauthenticate', { body: { password } }));
    setBusy(false);
    if (outcome.ok) onDone(true, outcome.data);
    else setError(describeError(outcome.error));
  };

  return (
    <dialog
      ref={dialog}
      aria-labelledby="reauth-title"
      onCancel={(event) => {
        event.preventDefault();
        onDone(false);
      }}
    >
      <form onSubmit={(event) => void submit(event)}>
        <h2 id="reauth-title">Confirm your password</h2>
        <p>This action needs a recent sign-in. Enter your password to go on.</p>
        <label htmlFor="reauth-password">Password</label>
        <input
          id="reauth-password"
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
        <div className="actions">
          <button type="submit" disabled={busy}>
            Confirm
          </button>
          <button type="button" className="secondary" onClick={() => onDone(false)}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
