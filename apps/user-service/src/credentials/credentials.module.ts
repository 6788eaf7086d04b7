import { Module } from '@nestjs/common';
import { DatabaseModule } from '../database/database.module';
import { CredentialsController } from './credentials.controller';
import { GetAuthorizationService } from './get-authorization.service';
import { GetSessionUserService } from './get-session-user.service';
import { PasswordHasher } from './password-hasher';
import { VerifyCredentialsService } from './verify-credentials.service';

// Password hashing, and the RPC handlers auth-service logs users in with.
@Module({
  imports: [DatabaseModule],
  controllers: [CredentialsController],
  providers: [PasswordHasher, VerifyCredentialsService, GetAuthorizationService, GetSessionUserService],
  exports: [PasswordHasher],
})
export class CredentialsModule {}
