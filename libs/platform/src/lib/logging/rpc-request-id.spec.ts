import {
  context,
  propagation,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
  type Context,
  type ContextManager,
  type TextMapPropagator,
} from '@opentelemetry/api';
import { runInRequestContext } from './request-context';
import { withRequestId } from './rpc-request-id';

// A stand-in for the SDK's W3C propagator: writes the active span's context.
const w3c: TextMapPropagator = {
  inject: (ctx, carrier, setter) => {
    const span = trace.getSpanContext(ctx);
    if (!span) return;
    setter.set(carrier, 'traceparent', `00-${span.traceId}-${span.spanId}-0${span.traceFlags}`);
    setter.set(carrier, 'tracestate', 'vendor=1');
    setter.set(carrier, 'baggage', 'not=carried');
  },
  extract: (ctx) => ctx,
  fields: () => ['traceparent', 'tracestate'],
};

// A synchronous stand-in for the SDK's AsyncLocalStorage context manager.
class StackContextManager implements ContextManager {
  private current: Context = ROOT_CONTEXT;
  active = () => this.current;
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ) {
    const previous = this.current;
    this.current = ctx;
    try {
      return fn.call(thisArg, ...args);
    } finally {
      this.current = previous;
    }
  }
  bind = <T>(_ctx: Context, target: T) => target;
  enable = () => this;
  disable = () => this;
}

describe('withRequestId', () => {
  afterEach(() => {
    propagation.disable();
    context.disable();
  });

  it('adds only the request id while tracing is off (no propagator)', () => {
    const request = { userId: 1 };
    expect(withRequestId(request)).toBe(request);
    expect(runInRequestContext('req-12345678', () => withRequestId(request))).toEqual({
      userId: 1,
      requestId: 'req-12345678',
    });
  });

  it('adds the trace context of the active span, and nothing else the propagator writes', () => {
    propagation.setGlobalPropagator(w3c);
    context.setGlobalContextManager(new StackContextManager());
    const spanContext = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: TraceFlags.SAMPLED };
    const active = trace.setSpanContext(ROOT_CONTEXT, spanContext);
    expect(context.with(active, () => withRequestId({ userId: 1 }))).toEqual({
      userId: 1,
      traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
      tracestate: 'vendor=1',
    });
  });
});
