import type { ReactNode } from 'react';
import { type ApiError, describeError } from '../api/api-error';
import type { Loaded } from './use-load';

// Loading, error and empty states of a page's data, the same on every page.
export function LoadedView<T>({
  loaded,
  reload,
  neededRole,
  isEmpty,
  empty,
  children,
}: {
  loaded: Loaded<T>;
  reload: () => void;
  neededRole?: string;
  isEmpty?: (data: T) => boolean;
  empty?: string;
  children: (data: T) => ReactNode;
}) {
  if (loaded.state === 'loading') {
    return (
      <p role="status" className="muted">
        Loading…
      </p>
    );
  }
  if (loaded.state === 'error') {
    return (
      <div role="alert" className="error-box">
        <p>{describeError(loaded.error, neededRole)}</p>
        <button type="button" className="secondary" onClick={reload}>
          Try again
        </button>
      </div>
    );
  }
  if (isEmpty?.(loaded.data)) return <p className="muted">{empty ?? 'Nothing here yet.'}</p>;
  return <>{children(loaded.data)}</>;
}

// The outcome of an action (a button), spoken by screen readers.
export type ActionResult = { kind: 'ok'; text: string } | { kind: 'error'; text: string } | undefined;

export function ActionMessage({ result }: { result: ActionResult }) {
  if (!result) return null;
  return (
    <p role={result.kind === 'error' ? 'alert' : 'status'} className={result.kind === 'error' ? 'error' : 'ok'}>
      {result.text}
    </p>
  );
}

export function failed(error: ApiError, neededRole?: string): ActionResult {
  return { kind: 'error', text: describeError(error, neededRole) };
}
