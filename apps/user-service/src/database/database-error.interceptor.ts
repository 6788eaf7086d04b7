import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { databaseUnavailable, isDatabaseUnreachable } from './prisma.service';

// One place turns "Postgres is down" into a 503, for HTTP routes and RPC
// handlers alike; every other error passes through unchanged.
@Injectable()
export class DatabaseErrorInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next
      .handle()
      .pipe(
        catchError((error: unknown) =>
          throwError(() => (isDatabaseUnreachable(error) ? databaseUnavailable() : error)),
        ),
      );
  }
}
