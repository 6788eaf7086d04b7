import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, HealthController, READINESS_CHECKS } from '@session-mesh/platform';
import { AuditModule, SessionModule, SessionStore } from '@session-mesh/session';
import { AuditController } from './audit/audit.controller';
import { ReadAuditService } from './audit/read-audit.service';
import { AUTH_SERVICE_CONFIG, AuthServiceConfig } from './config/auth-service.config';
import { LoginController } from './login/login.controller';
import { LoginCookies } from './login/login-cookies';
import { LoginService } from './login/login.service';
import { LoginThrottle } from './login/login-throttle.service';
import { SessionController } from './sessions/session.controller';
import { MySessionsController } from './sessions/my-sessions.controller';
import { UserSessionsAdminController } from './sessions/user-sessions-admin.controller';
import { SessionSyncController } from './session-sync/session-sync.controller';
import { UserDirectoryModule } from './user-directory/user-directory.module';
import { ReauthenticateController } from './reauthenticate/reauthenticate.controller';
import { ReauthenticateService } from './reauthenticate/reauthenticate.service';
import { CompleteLoginService } from './second-factor/complete-login.service';
import { SecondFactorController } from './second-factor/second-factor.controller';
import { TotpController } from './second-factor/totp.controller';
import { TotpEnrolmentService } from './second-factor/totp-enrolment.service';
import { ImpersonationController } from './impersonation/impersonation.controller';
import { StartImpersonationService } from './impersonation/start-impersonation.service';

@Module({})
export class AppModule {
  // Built from the config parsed once in main.ts.
  static forRoot(config: AuthServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(AUTH_SERVICE_CONFIG, config),
        // The only service that writes sessions.
        SessionModule.forRoot({ options: config.session, access: 'read-write' }),
        AuditModule.forRoot(config.audit, 'auth-service'),
        UserDirectoryModule,
      ],
      controllers: [
        HealthController,
        LoginController,
        ReauthenticateController,
        SecondFactorController,
        TotpController,
        SessionController,
        MySessionsController,
        UserSessionsAdminController,
        ImpersonationController,
        SessionSyncController,
        AuditController,
      ],
      providers: [
        {
          provide: READINESS_CHECKS,
          inject: [SessionStore],
          useFactory: (store: SessionStore) => [store.readiness()],
        },
        LoginCookies,
        LoginService,
        LoginThrottle,
        ReadAuditService,
        ReauthenticateService,
        CompleteLoginService,
        TotpEnrolmentService,
        StartImpersonationService,
      ],
    };
  }
}
