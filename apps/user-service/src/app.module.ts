import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ConfigModule, HealthController, READINESS_CHECKS } from '@session-mesh/platform';
import { redisReadiness, SESSION_REDIS, SessionModule, SessionRedis } from '@session-mesh/session';
import { UserServiceConfig, USER_SERVICE_CONFIG } from './config/user-service.config';
import { CredentialsController } from './credentials/credentials.controller';
import { PasswordHasher } from './credentials/password-hasher';
import { VerifyCredentialsService } from './credentials/verify-credentials.service';
import { DatabaseErrorInterceptor } from './database/database-error.interceptor';
import { DatabaseModule } from './database/database.module';
import { PrismaService } from './database/prisma.service';
import { AssignGroupsService } from './users/assign-groups.service';
import { RegisterUserService } from './users/register-user.service';
import { UsersController } from './users/users.controller';
import { ChangePasswordService } from './users/change-password.service';
import { UserAdminController } from './users/user-admin.controller';
import { UserAdminService } from './users/user-admin.service';
import { GroupsController } from './access/groups.controller';
import { GroupsService } from './access/groups.service';
import { RolesController } from './access/roles.controller';
import { RolesService } from './access/roles.service';
import { AuthorizationModule } from './authorization/authorization.module';

@Module({})
export class AppModule {
  // Built from the config parsed once in main.ts.
  static forRoot(config: UserServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(USER_SERVICE_CONFIG, config),
        SessionModule.forRoot({ options: config.session, access: 'read' }),
        DatabaseModule,
        AuthorizationModule,
      ],
      controllers: [
        HealthController,
        UsersController,
        UserAdminController,
        GroupsController,
        RolesController,
        CredentialsController,
      ],
      providers: [
        { provide: APP_INTERCEPTOR, useClass: DatabaseErrorInterceptor },
        {
          provide: READINESS_CHECKS,
          inject: [SESSION_REDIS, PrismaService],
          useFactory: (redis: SessionRedis, prisma: PrismaService) => [redisReadiness(redis), prisma.readiness()],
        },
        PasswordHasher,
        RegisterUserService,
        AssignGroupsService,
        VerifyCredentialsService,
        ChangePasswordService,
        UserAdminService,
        GroupsService,
        RolesService,
      ],
    };
  }
}
