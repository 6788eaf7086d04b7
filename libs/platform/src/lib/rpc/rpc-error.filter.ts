import { Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { isKnownOutage, toErrorBody } from '../errors/http-exception.filter';

// The RPC twin of the HTTP filter: the caller receives the same error body
// (stable code, message, details) as the error of its observable.
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcError');

  catch(error: unknown): Observable<never> {
    const body = toErrorBody(error);
    if (body.statusCode >= 500 && !isKnownOutage(error)) {
      this.logger.error(`${body.code}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    return throwError(() => body);
  }
}
