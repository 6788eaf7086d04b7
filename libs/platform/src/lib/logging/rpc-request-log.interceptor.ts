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
    const write = (status: number, code?: string) => {
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
    );
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
