import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { databaseUnavailable, isDatabaseUnreachable, PrismaService } from './prisma.service';

// One place turns "Postgres is down" into a 503, for HTTP routes and RPC
// handlers alike; every other error passes through unchanged.
@Injectable()
export class DatabaseErrorInterceptor implements NestInterceptor {
  constructor(private readonly prisma: PrismaService) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (!isDatabaseUnreachable(error)) return throwError(() => error);
        this.prisma.outage.refuse(error instanceof Error ? error.message : String(error));
        return throwError(() => databaseUnavailable());
      }),
    );
  }
}
