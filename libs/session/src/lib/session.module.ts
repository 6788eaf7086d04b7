import { DynamicModule, Global, Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { SessionOptions } from './session.config';
import { SessionCookies } from './session-cookies';
import { SessionGuard } from './session.guard';
import { SessionReader } from './session-reader';
import { connectInBackground, createSessionRedis, SESSION_REDIS, SessionRedis } from './session-redis';
import { SessionWriter } from './session-writer';
import { UserSessions } from './user-sessions';
import { SESSION_OPTIONS } from './session.tokens';

export interface SessionModuleOptions {
  options: SessionOptions;
  // Only auth-service creates and ends sessions; every other service reads.
  access: 'read' | 'read-write';
}

@Global()
@Module({})
export class SessionModule implements OnApplicationShutdown {
  constructor(@Inject(SESSION_REDIS) private readonly redis: SessionRedis) {}

  static forRoot({ options, access }: SessionModuleOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: SESSION_OPTIONS, useValue: options },
      {
        provide: SESSION_REDIS,
        useFactory: () => {
          const client = createSessionRedis(options.redisUrl, options.commandTimeoutMs);
          connectInBackground(client);
          return client;
        },
      },
      SessionReader,
      { provide: APP_GUARD, useClass: SessionGuard },
      ...(access === 'read-write' ? [SessionWriter, SessionCookies, UserSessions] : []),
    ];
    return {
      module: SessionModule,
      providers,
      exports: [
        SESSION_REDIS,
        SessionReader,
        ...(access === 'read-write' ? [SessionWriter, SessionCookies, UserSessions] : []),
      ],
    };
  }

  onApplicationShutdown(): void {
    this.redis.destroy();
  }
}
