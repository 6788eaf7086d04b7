import { type FormEvent, useState } from 'react';
import { type ApiError, describeError } from '../api/api-error';

// A form's submit: busy while its request runs, and the refusal in words.
// `run` answers the ApiError to show, or nothing when it went on.
export function useFormAction(): {
  busy: boolean;
  error: string | undefined;
  setError: (error: string | undefined) => void;
  onSubmit: (run: () => Promise<ApiError | undefined>) => (event: FormEvent) => void;
} {
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const onSubmit = (run: () => Promise<ApiError | undefined>) => (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    void run().then((failure) => {
      setBusy(false);
      if (failure) setError(describeError(failure));
    });
  };
  return { busy, error, setError, onSubmit };
}
