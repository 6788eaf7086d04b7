import { currentRequestId } from './request-context';

// An RPC request with the current request's id (contracts: `requestId`), so
// the service that handles it logs under the same id.
export function withRequestId<T extends object>(request: T): T & { requestId?: string } {
  const requestId = currentRequestId();
  return requestId ? { ...request, requestId } : request;
}
