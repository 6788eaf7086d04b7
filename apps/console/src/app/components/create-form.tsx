import { type FormEvent, useState } from 'react';

// One-field create form (a group's or a role's name).
export function CreateForm({
  id,
  label,
  button,
  hint,
  onCreate,
}: {
  id: string;
  label: string;
  button: string;
  hint?: string;
  onCreate: (name: string) => Promise<boolean>;
}) {
  const [name, setName] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await onCreate(name)) setName('');
  };
  return (
    <form className="inline" onSubmit={(event) => void submit(event)}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        required
        value={name}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(event) => setName(event.target.value)}
      />
      {hint && (
        <span id={`${id}-hint`} className="muted">
          {hint}
        </span>
      )}
      <button type="submit">{button}</button>
    </form>
  );
}
