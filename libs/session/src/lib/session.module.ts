import { DynamicModule, Global, Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { FailureCounterStore } from './failure-counter.store';
import { KnownDeviceStore } from './known-device.store';
import type { SessionOptions } from './session.config';
import { SESSION_OPTIONS, SESSION_REDIS } from './session.constants';
import { SessionCookieService } from './session-cookie.service';
import { SessionGuard } from './session.guard';
import { SessionReader } from './session-reader.service';
import { closeSessionRedis, connectInBackground, createSessionRedis, SessionRedis } from './session-redis';
import { SessionStore } from './session.store';
import { SessionWriter } from './session-writer.service';
import { UserSessions } from './user-sessions.service';

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

const WRITERS = [SessionWriter, SessionCookieService, UserSessions, FailureCounterStore, KnownDeviceStore];

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
      { provide: SESSION_REDIS, useFactory: () => createSessionRedis(options.redis) },
      {
        provide: SESSION_REDIS_CONNECTION,
        inject: [SESSION_REDIS],
        useFactory: (client: SessionRedis): Connecting => ({ stop: connectInBackground(client) }),
      },
      SessionStore,
      SessionReader,
      { provide: APP_GUARD, useClass: SessionGuard },
      ...(access === 'read-write' ? WRITERS : []),
    ];
    return {
      module: SessionModule,
      providers,
      // The raw client stays inside: services get the store's named operations.
      exports: [SESSION_OPTIONS, SessionStore, SessionReader, ...(access === 'read-write' ? WRITERS : [])],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    this.connecting.stop();
    await closeSessionRedis(this.redis);
  }
}
