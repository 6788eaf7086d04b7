import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { closeSessionRedis, connectInBackground, createSessionRedis, SessionRedis } from '../session-redis';
import type { AuditOptions } from './audit.config';
import { AUDIT_OPTIONS, AUDIT_REDIS, AUDIT_SERVICE_NAME } from './audit.constants';
import { AuditLog } from './audit-log';
import { AuditStream } from './audit-stream';

const AUDIT_REDIS_CONNECTION = Symbol('AUDIT_REDIS_CONNECTION');

// The audit trail: AuditLog to record, AuditStream to read. A connection of
// its own (its own ACL user where configured), not part of /ready: a service
// whose audit stream is unreachable still serves its users (docs/events.md).
@Global()
@Module({})
export class AuditModule implements OnApplicationShutdown {
  constructor(
    @Inject(AUDIT_REDIS) private readonly redis: SessionRedis,
    @Inject(AUDIT_REDIS_CONNECTION) private readonly stopConnecting: () => void,
    private readonly audit: AuditLog,
  ) {}

  static forRoot(options: AuditOptions, service: string): DynamicModule {
    return {
      module: AuditModule,
      providers: [
        { provide: AUDIT_OPTIONS, useValue: options },
        { provide: AUDIT_SERVICE_NAME, useValue: service },
        {
          provide: AUDIT_REDIS,
          useFactory: () => createSessionRedis(options.redis, new Logger('AuditRedis'), 'audit trail'),
        },
        {
          provide: AUDIT_REDIS_CONNECTION,
          inject: [AUDIT_REDIS],
          useFactory: (client: SessionRedis) => connectInBackground(client),
        },
        AuditStream,
        AuditLog,
      ],
      exports: [AuditLog, AuditStream],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.audit.flush();
    this.stopConnecting();
    await closeSessionRedis(this.redis);
  }
}
