import { context, propagation } from '@opentelemetry/api';
import { currentRequestId } from './request-context';

export interface RpcRequestMeta {
  requestId?: string;
  traceparent?: string;
  tracestate?: string;
}

// An RPC request with the current request's id (contracts: `requestId`), so
// the service that handles it logs under the same id, and with the W3C trace
// context (`traceparent`, `tracestate`): TCP has no headers to carry it. With
// tracing off no propagator is registered and nothing is added.
export function withRequestId<T extends object>(request: T): T & RpcRequestMeta {
  const meta: RpcRequestMeta = {};
  const requestId = currentRequestId();
  if (requestId) meta.requestId = requestId;
  propagation.inject(context.active(), meta, {
    set: (carrier, key, value) => {
      if (key === 'traceparent' || key === 'tracestate') carrier[key] = value;
    },
  });
  return Object.keys(meta).length > 0 ? { ...request, ...meta } : request;
}
