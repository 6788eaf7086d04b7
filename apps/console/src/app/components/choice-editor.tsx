import { useState } from 'react';

// Checkboxes over `options` (a group's roles, a role's groups), saved as one
// replacement of the whole set, as the API's PUTs take it.
export function ChoiceEditor({
  legend,
  options,
  initial,
  saveLabel,
  onSave,
}: {
  legend: string;
  options: ReadonlyArray<{ id: number; name: string }>;
  initial: readonly number[];
  saveLabel: string;
  onSave: (ids: number[]) => Promise<unknown>;
}) {
  const [chosen, setChosen] = useState(() => new Set(initial));
  const [busy, setBusy] = useState(false);
  const toggle = (id: number, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.length === 0 && <p className="muted">None exist yet.</p>}
      {options.map((option) => (
        <label key={option.id} className="check">
          <input
            type="checkbox"
            checked={chosen.has(option.id)}
            onChange={(event) => toggle(option.id, event.target.checked)}
          />
          {option.name}
        </label>
      ))}
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void onSave([...chosen]).finally(() => setBusy(false));
        }}
      >
        {saveLabel}
      </button>
    </fieldset>
  );
}
