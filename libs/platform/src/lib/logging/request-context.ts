import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';

// What a log line may say about the request it belongs to. `session` is a
// short prefix of the session id (itself a hash of the token), never the token.
export interface RequestLogFields {
  userId?: number;
  session?: string;
  // The user acting as `userId` in an impersonation session.
  actor?: number;
}

interface RequestContext {
  requestId: string;
  fields: RequestLogFields;
}

const storage = new AsyncLocalStorage<RequestContext>();
const CONTEXT = Symbol('request-context');
type WithContext = IncomingMessage & { [CONTEXT]?: RequestContext };

// Runs `fn` (the rest of a request, or an RPC handler) with its request id,
// so every log line written meanwhile carries it and RPC calls pass it on.
export function runInRequestContext<T>(requestId: string, fn: () => T, req?: IncomingMessage): T {
  const context: RequestContext = { requestId, fields: {} };
  if (req) (req as WithContext)[CONTEXT] = context;
  return storage.run(context, fn);
}

// Runs `fn` again in the context runInRequestContext gave `req`: fastify reads
// a body on stream events, which lose the async context of the request.
export function resumeRequestContext<T>(req: IncomingMessage, fn: () => T): T {
  const context = (req as WithContext)[CONTEXT];
  return context ? storage.run(context, fn) : fn();
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

// Called by whoever learns who is asking (the session guard), inside the
// request: it needs no request object, so it works on any HTTP adapter.
export function annotateRequestLog(fields: RequestLogFields): void {
  const context = storage.getStore();
  if (context) Object.assign(context.fields, fields);
}

export function requestLogFieldsOf(req: IncomingMessage): RequestLogFields {
  return (req as WithContext)[CONTEXT]?.fields ?? {};
}
