import { Module } from '@nestjs/common';
import { ClientsModule, Transport } from '@nestjs/microservices';
import { AUTH_SERVICE_CONFIG, AuthServiceConfig } from '../config/auth-service.config';
import { USER_SERVICE_CLIENT } from './user-directory.constants';
import { UserDirectory } from './user-directory';

@Module({
  imports: [
    ClientsModule.registerAsync([
      {
        name: USER_SERVICE_CLIENT,
        inject: [AUTH_SERVICE_CONFIG],
        useFactory: (config: AuthServiceConfig) => ({
          transport: Transport.TCP,
          options: { host: config.userService.host, port: config.userService.port },
        }),
      },
    ]),
  ],
  providers: [UserDirectory],
  exports: [UserDirectory],
})
export class UserDirectoryModule {}
