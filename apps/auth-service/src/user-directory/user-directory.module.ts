import { Module } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { rpcClientOptions } from '@session-mesh/platform';
import { AUTH_SERVICE_CONFIG, AuthServiceConfig } from '../config/auth-service.config';
import { USER_SERVICE_CLIENT } from './user-directory.constants';
import { UserDirectory } from './user-directory';

@Module({
  imports: [
    ClientsModule.registerAsync([
      {
        name: USER_SERVICE_CLIENT,
        inject: [AUTH_SERVICE_CONFIG],
        useFactory: (config: AuthServiceConfig) =>
          rpcClientOptions(config.rpcTransport, config.userService, 'auth-service'),
      },
    ]),
  ],
  providers: [UserDirectory],
  exports: [UserDirectory],
})
export class UserDirectoryModule {}
