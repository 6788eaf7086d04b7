import type { AuthSchemas } from '@session-mesh/api-client';
import { useState } from 'react';
import { api } from '../api/send';
import { CodeField, FormError } from '../components/form-fields';
import { qrCodeSource } from '../components/format';
import { useFormAction } from '../components/use-form-action';
import { ActionMessage, type ActionResult, failed, LoadedView } from '../components/status';
import { useLoad } from '../components/use-load';
import { useConsoleSession } from '../session/console-session';

type Enrollment = AuthSchemas['TotpEnrollment'];

// Two-factor authentication (TOTP): its status, set it up (scan, confirm with
// a code, keep the recovery codes shown once), or turn it off (a fresh
// session at aal 2: the step-up dialog asks for a code when needed).
export function TwoFactorPage() {
  const { call, refreshMe } = useConsoleSession();
  const [loaded, reload] = useLoad(() => call(() => api.auth.GET('/auth/totp')), [call]);
  const [enrollment, setEnrollment] = useState<Enrollment | undefined>(undefined);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | undefined>(undefined);
  const [result, setResult] = useState<ActionResult>(undefined);

  const start = async () => {
    setResult(undefined);
    const outcome = await call(() => api.auth.POST('/auth/totp'));
    if (outcome.ok) setEnrollment(outcome.data);
    else setResult(failed(outcome.error));
  };
  const turnOff = async () => {
    const outcome = await call(() => api.auth.DELETE('/auth/totp'));
    setResult(outcome.ok ? { kind: 'ok', text: 'Two-factor authentication is off.' } : failed(outcome.error));
    if (outcome.ok) reload();
  };

  return (
    <section>
      <h1>Two-factor authentication</h1>
      <ActionMessage result={result} />
      {recoveryCodes ? (
        <RecoveryCodes
          codes={recoveryCodes}
          onSaved={() => {
            setRecoveryCodes(undefined);
            reload();
          }}
        />
      ) : enrollment ? (
        <Enrol
          enrollment={enrollment}
          onConfirmed={(codes) => {
            setEnrollment(undefined);
            setRecoveryCodes(codes);
            // The session moved to a new token at aal 2.
            void refreshMe();
          }}
          onCancel={() => setEnrollment(undefined)}
        />
      ) : (
        <LoadedView loaded={loaded} reload={reload}>
          {(status) =>
            status.enabled ? (
              <>
                <p>
                  <strong>On.</strong> Signing in needs your password and a code from your authenticator app.{' '}
                  {status.recoveryCodesLeft} recovery code(s) left.
                </p>
                <button type="button" className="danger" onClick={() => void turnOff()}>
                  Turn off two-factor authentication
                </button>
              </>
            ) : (
              <>
                <p>
                  <strong>Off.</strong> Add an authenticator app: signing in will then need a code from it besides your
                  password.
                </p>
                {status.pendingConfirmation && (
                  <p className="muted">A set-up was started but never confirmed: starting again replaces it.</p>
                )}
                <button type="button" onClick={() => void start()}>
                  Set up two-factor authentication
                </button>
              </>
            )
          }
        </LoadedView>
      )}
    </section>
  );
}

function Enrol({
  enrollment,
  onConfirmed,
  onCancel,
}: {
  enrollment: Enrollment;
  onConfirmed: (recoveryCodes: string[]) => void;
  onCancel: () => void;
}) {
  const { call } = useConsoleSession();
  const [code, setCode] = useState('');
  const { busy, error, onSubmit } = useFormAction();

  const confirm = onSubmit(async () => {
    const outcome = await call(() => api.auth.POST('/auth/totp/confirm', { body: { code } }));
    if (!outcome.ok) return outcome.error;
    onConfirmed(outcome.data.recoveryCodes);
  });

  return (
    <div className="panel">
      <h2>1. Add this account to your authenticator app</h2>
      <img className="qr" src={qrCodeSource(enrollment.qrCodeSvg)} alt="QR code of the set-up key, for your app" />
      <p>Cannot scan it? Type the key into the app, or copy the set-up link:</p>
      <dl className="facts">
        <dt>Key</dt>
        <dd className="secret" aria-label="Set-up key">
          {enrollment.secret}
        </dd>
        <dt>Set-up link</dt>
        <dd className="secret" aria-label="Set-up link">
          {enrollment.otpauthUri}
        </dd>
      </dl>
      <h2>2. Confirm with a code from the app</h2>
      <form onSubmit={confirm}>
        <CodeField id="confirm-code" value={code} onChange={setCode} />
        <FormError error={error} />
        <button type="submit" disabled={busy}>
          Turn on
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </form>
    </div>
  );
}

function RecoveryCodes({ codes, onSaved }: { codes: string[]; onSaved: () => void }) {
  return (
    <div className="panel">
      <p role="status" className="ok">
        Two-factor authentication is on.
      </p>
      <h2>Your recovery codes</h2>
      <p className="notice">
        <strong>Save these codes now: they are shown only this once.</strong> If you lose your phone, each code signs
        you in once in place of a code from the app. Keep them somewhere safe, apart from your password.
      </p>
      <ol className="codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <button type="button" onClick={onSaved}>
        I have saved them
      </button>
    </div>
  );
}
