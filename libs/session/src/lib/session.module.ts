import { DynamicModule, Global, Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { SessionOptions } from './session.config';
import { SessionCookies } from './session-cookies';
import { SessionGuard } from './session.guard';
import { SessionReader } from './session-reader';
import {
  closeSessionRedis,
  connectInBackground,
  createSessionRedis,
  SESSION_REDIS,
  SessionRedis,
} from './session-redis';
import { SessionWriter } from './session-writer';
import { UserSessions } from './user-sessions';
import { SESSION_OPTIONS } from './session.tokens';

export interface SessionModuleOptions {
  options: SessionOptions;
  // Only auth-service creates and ends sessions; every other service reads.
  access: 'read' | 'read-write';
}

// The background connection attempts of the client, stopped at shutdown.
const SESSION_REDIS_CONNECTION = Symbol('SESSION_REDIS_CONNECTION');
interface Connecting {
  stop(): void;
}

@Global()
@Module({})
export class SessionModule implements OnApplicationShutdown {
  constructor(
    @Inject(SESSION_REDIS) private readonly redis: SessionRedis,
    @Inject(SESSION_REDIS_CONNECTION) private readonly connecting: Connecting,
  ) {}

  static forRoot({ options, access }: SessionModuleOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: SESSION_OPTIONS, useValue: options },
      { provide: SESSION_REDIS, useFactory: () => createSessionRedis(options.redis, options.commandTimeoutMs) },
      {
        provide: SESSION_REDIS_CONNECTION,
        inject: [SESSION_REDIS],
        useFactory: (client: SessionRedis): Connecting => ({ stop: connectInBackground(client) }),
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

  async onApplicationShutdown(): Promise<void> {
    this.connecting.stop();
    await closeSessionRedis(this.redis);
  }
}
