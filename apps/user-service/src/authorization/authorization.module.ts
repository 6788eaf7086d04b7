import { Module } from '@nestjs/common';
import { registerRpcClient } from '@session-mesh/platform';
import { USER_SERVICE_CONFIG, UserServiceConfig } from '../config/user-service.config';
import { DatabaseModule } from '../database/database.module';
import { AUTH_SERVICE_CLIENT } from './authorization.constants';
import { SessionSyncRelay } from './session-sync.relay';
import { SessionSyncMetrics } from './session-sync.metrics';
import { SessionSyncService } from './session-sync.service';

// Authorization versions, the outbox and its relay to auth-service. Every
// change to what a user may do goes through SessionSyncService.change.
@Module({
  imports: [
    DatabaseModule,
    registerRpcClient({
      name: AUTH_SERVICE_CLIENT,
      config: USER_SERVICE_CONFIG,
      peer: (config: UserServiceConfig) => ({ transport: config.rpcTransport, endpoint: config.authService }),
      caller: 'user-service',
    }),
  ],
  providers: [SessionSyncService, SessionSyncRelay, SessionSyncMetrics],
  exports: [SessionSyncService],
})
export class AuthorizationModule {}
