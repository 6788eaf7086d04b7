import { Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { rpcClientOptions } from '@session-mesh/platform';
import { USER_SERVICE_CONFIG, UserServiceConfig } from '../config/user-service.config';
import { AUTH_SERVICE_CLIENT } from './session-sync.constants';
import { SessionSyncRelay } from './session-sync.relay';
import { SessionSyncService } from './session-sync.service';

@Module({
  imports: [
    ClientsModule.registerAsync([
      {
        name: AUTH_SERVICE_CLIENT,
        inject: [USER_SERVICE_CONFIG],
        useFactory: (config: UserServiceConfig) =>
          rpcClientOptions(config.rpcTransport, config.authService, 'user-service'),
      },
    ]),
  ],
  providers: [SessionSyncService, SessionSyncRelay],
  exports: [SessionSyncService],
})
export class SessionSyncModule {}
