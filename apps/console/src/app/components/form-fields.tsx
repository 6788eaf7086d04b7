import type { InputHTMLAttributes } from 'react';

// A labelled password input: every form of the console that asks for one.
export function PasswordField({
  id,
  label,
  value,
  onChange,
  autoComplete = 'current-password',
  ...props
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'type' | 'value'> & {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        {...props}
        id={id}
        type="password"
        autoComplete={autoComplete}
        required
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </>
  );
}

// A form's refusal, announced by screen readers as it appears.
export function FormError({ error }: { error: string | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {error}
    </p>
  );
}

// A six-digit code from an authenticator app.
export function CodeField({ id, value, onChange }: { id: string; value: string; onChange: (value: string) => void }) {
  return (
    <>
      <label htmlFor={id}>Code from your authenticator app</label>
      <input
        id={id}
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="\d{6}"
        maxLength={6}
        required
        aria-describedby={`${id}-hint`}
        value={value}
        onChange={(event) => onChange(event.target.value.trim())}
      />
      <span id={`${id}-hint`} className="muted hint">
        6 digits
      </span>
    </>
  );
}
