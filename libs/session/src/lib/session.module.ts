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

// Stops the background connection attempts of a client when it is closed.
const STOP_CONNECTING = Symbol('STOP_CONNECTING');
const SESSION_REDIS_CONNECTION = Symbol('SESSION_REDIS_CONNECTION');

@Global()
@Module({})
export class SessionModule implements OnApplicationShutdown {
  constructor(
    @Inject(SESSION_REDIS) private readonly redis: SessionRedis,
    @Inject(SESSION_REDIS_CONNECTION) private readonly connection: { [STOP_CONNECTING]: () => void },
  ) {}

  static forRoot({ options, access }: SessionModuleOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: SESSION_OPTIONS, useValue: options },
      { provide: SESSION_REDIS, useFactory: () => createSessionRedis(options.redis, options.commandTimeoutMs) },
      {
        provide: SESSION_REDIS_CONNECTION,
        inject: [SESSION_REDIS],
        useFactory: (client: SessionRedis) => ({ [STOP_CONNECTING]: connectInBackground(client) }),
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
    this.connection[STOP_CONNECTING]();
    this.redis.destroy();
  }
}
