import { context as otelContext, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { randomUUID } from 'node:crypto';
import { Observable, tap } from 'rxjs';
import { toErrorBody } from '../errors/http-exception.filter';
import { resolveRequestId } from '../http/request-id';
import type { LogConfig } from './log-config';
import { runInRequestContext } from './request-context';
import { requestLogLevel } from './request-log';

export const LOG_CONFIG = Symbol('LOG_CONFIG');

// The RPC twin of the request line: one line per handled message, with the
// request id the caller passed (`requestId` in the payload) so a request's
// lines share it across services; the handler runs in that request context.
// It also continues the caller's trace (`traceparent`/`tracestate` in the
// payload) with a server span for the message; a no-op with tracing off.
@Injectable()
export class RpcRequestLogInterceptor implements NestInterceptor {
  private readonly logger = new Logger('rpc');

  constructor(@Inject(LOG_CONFIG) private readonly config: LogConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const data: unknown = context.switchToRpc().getData();
    const sent = typeof data === 'object' && data !== null ? (data as { requestId?: unknown }).requestId : undefined;
    const requestId = typeof sent === 'string' ? resolveRequestId(sent) : randomUUID();
    const rpc = String((Reflect.getMetadata(PATTERN_METADATA, context.getHandler()) as unknown[] | undefined)?.[0]);
    const started = performance.now();
    const span = tracer().startSpan(
      rpc,
      { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'nestjs', 'rpc.method': rpc } },
      propagation.extract(otelContext.active(), traceCarrierOf(data)),
    );
    const write = (status: number, code?: string) => {
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: code });
      span.setAttribute('rpc.status', status);
      span.end();
      const level = requestLogLevel(status, this.config.requestSampleRate);
      if (level === 'silent') return;
      const line = {
        msg: `${rpc} ${code ?? 'ok'}`,
        rpc,
        status,
        ...(code ? { code } : {}),
        durationMs: elapsed(started),
      };
      if (level === 'info') this.logger.log(line);
      else if (level === 'warn') this.logger.warn(line);
      else this.logger.error(line);
    };
    return new Observable((subscriber) =>
      otelContext.with(trace.setSpan(otelContext.active(), span), () =>
        runInRequestContext(requestId, () =>
          next
            .handle()
            .pipe(
              tap({
                complete: () => write(200),
                error: (error: unknown) => {
                  const body = toErrorBody(error);
                  write(body.statusCode, body.code);
                },
              }),
            )
            .subscribe(subscriber),
        ),
      ),
    );
  }
}

function tracer() {
  return trace.getTracer('@session-mesh/platform');
}

function traceCarrierOf(data: unknown): Record<string, string> {
  const carrier: Record<string, string> = {};
  if (typeof data !== 'object' || data === null) return carrier;
  for (const key of ['traceparent', 'tracestate'] as const) {
    const value = (data as Record<string, unknown>)[key];
    if (typeof value === 'string') carrier[key] = value;
  }
  return carrier;
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
