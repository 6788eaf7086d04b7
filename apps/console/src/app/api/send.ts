import { createMeshClient } from '@session-mesh/api-client';
import { type ApiError, NETWORK_ERROR, toApiError } from './api-error';

// The one API client of the console: relative URLs on the gateway's origin,
// so the browser sends its HttpOnly session cookie itself. No token ever
// reaches JavaScript.
export const api = createMeshClient({ baseUrl: '' });

export type Outcome<T> = { ok: true; data: T } | { ok: false; error: ApiError };

// What every openapi-fetch call resolves to.
export interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

// One call, with every failure turned into an ApiError: the API's refusal,
// or no answer at all (the gateway down, the network gone).
export async function send<T>(request: () => Promise<FetchResult<T>>): Promise<Outcome<T>> {
  let result: FetchResult<T>;
  try {
    result = await request();
  } catch {
    return { ok: false, error: NETWORK_ERROR };
  }
  if (result.response.ok) return { ok: true, data: result.data as T };
  return { ok: false, error: toApiError(result.response, result.error) };
}
