import { Module } from '@nestjs/common';
import { AuthorizationModule } from '../authorization/authorization.module';
import { CredentialsModule } from '../credentials/credentials.module';
import { DatabaseModule } from '../database/database.module';
import { AssignGroupsService } from './assign-groups.service';
import { ChangePasswordService } from './change-password.service';
import { RegisterUserService } from './register-user.service';
import { UserAdminController } from './user-admin.controller';
import { UserAdminService } from './user-admin.service';
import { UsersController } from './users.controller';

// A user: registration, their groups, their password, and administration.
@Module({
  imports: [DatabaseModule, AuthorizationModule, CredentialsModule],
  controllers: [UsersController, UserAdminController],
  providers: [RegisterUserService, AssignGroupsService, ChangePasswordService, UserAdminService],
})
export class UsersModule {}
