import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@session-mesh/platform';
import { AuditModule, SessionModule } from '@session-mesh/session';
import { AccessModule } from './access/access.module';
import { UserServiceConfig, USER_SERVICE_CONFIG } from './config/user-service.config';
import { CredentialsModule } from './credentials/credentials.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { UsersModule } from './users/users.module';
import { TwoFactorModule } from './two-factor/two-factor.module';

// Feature modules depend one way: users -> credentials -> authorization ->
// database, and access -> authorization. Nothing imports upwards.
@Module({})
export class AppModule {
  // Built from the config parsed once in main.ts.
  static forRoot(config: UserServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(USER_SERVICE_CONFIG, config),
        SessionModule.forRoot({ options: config.session, access: 'read' }),
        AuditModule.forRoot(config.audit, 'user-service'),
        DatabaseModule,
        HealthModule,
        UsersModule,
        AccessModule,
        CredentialsModule,
        TwoFactorModule,
      ],
    };
  }
}
