import { Module } from '@nestjs/common';
import { registerRpcClient } from '@session-mesh/platform';
import { AUTH_SERVICE_CONFIG, AuthServiceConfig } from '../config/auth-service.config';
import { USER_SERVICE_CLIENT } from './user-directory.constants';
import { UserDirectory } from './user-directory.service';

@Module({
  imports: [
    registerRpcClient({
      name: USER_SERVICE_CLIENT,
      config: AUTH_SERVICE_CONFIG,
      peer: (config: AuthServiceConfig) => ({ transport: config.rpcTransport, endpoint: config.userService }),
      caller: 'auth-service',
    }),
  ],
  providers: [UserDirectory],
  exports: [UserDirectory],
})
export class UserDirectoryModule {}
