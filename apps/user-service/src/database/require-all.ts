import { UserServiceError, UserServiceErrorCode } from '../user-service.errors';

// Refuses a request that names ids which do not exist, listing them.
export function requireAllFound(
  wanted: number[],
  found: Array<{ id: number }>,
  error: { code: UserServiceErrorCode; field: string; what: string },
): void {
  const missing = wanted.filter((id) => !found.some((row) => row.id === id));
  if (missing.length === 0) return;
  throw new UserServiceError(error.code, `No ${error.what} with id ${missing.join(', ')}`, [
    { path: error.field, message: `unknown ${error.what} id(s): ${missing.join(', ')}` },
  ]);
}
