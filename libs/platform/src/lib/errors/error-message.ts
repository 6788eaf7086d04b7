// A thrown value's message for a log line: an Error's, an error body's (RPC
// errors arrive as plain objects), or the value itself.
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
}
