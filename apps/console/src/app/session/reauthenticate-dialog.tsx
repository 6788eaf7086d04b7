import { useEffect, useRef, useState } from 'react';
import { api, send } from '../api/send';
import { CodeField, FormError, PasswordField } from '../components/form-fields';
import { useFormAction } from '../components/use-form-action';
import type { Me } from './console-session';

// Step-up: a sensitive action answered 401 reauthentication_required (or
// second_factor_required), so the person proves it is them again
// (POST /auth/reauthenticate: the password, or a TOTP code, which also raises
// the session to aal 2) and the action is retried. A native modal <dialog>:
// focus stays inside, Escape cancels.
export function ReauthenticateDialog({
  needsCode,
  onDone,
}: {
  // The action needs aal 2: the password alone will not do.
  needsCode: boolean;
  onDone: (done: boolean, me?: Me) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [withCode, setWithCode] = useState(needsCode);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const { busy, error, onSubmit } = useFormAction();

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const submit = onSubmit(async () => {
    const body = withCode ? { code } : { password };
    const outcome = await send(() => api.auth.POST('/auth/reauthenticate', { body }));
    if (!outcome.ok) return outcome.error;
    onDone(true, outcome.data);
  });

  return (
    <dialog
      ref={dialog}
      aria-labelledby="reauth-title"
      onCancel={(event) => {
        event.preventDefault();
        onDone(false);
      }}
    >
      <form onSubmit={submit}>
        <h2 id="reauth-title">Confirm it is you</h2>
        <p>
          {needsCode
            ? 'This action needs your second factor. Enter the code your authenticator app shows.'
            : 'This action needs a recent sign-in. Enter your password, or a code from your authenticator app.'}
        </p>
        {!needsCode && (
          <fieldset className="choice">
            <legend>Confirm with</legend>
            <label className="check">
              <input type="radio" name="reauth-with" checked={!withCode} onChange={() => setWithCode(false)} />
              My password
            </label>
            <label className="check">
              <input type="radio" name="reauth-with" checked={withCode} onChange={() => setWithCode(true)} />A code from
              my authenticator app
            </label>
          </fieldset>
        )}
        {withCode ? (
          <CodeField id="reauth-code" value={code} onChange={setCode} />
        ) : (
          <PasswordField id="reauth-password" label="Password" value={password} onChange={setPassword} />
        )}
        <FormError error={error} />
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
