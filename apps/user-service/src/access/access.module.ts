import { Module } from '@nestjs/common';
import { AuthorizationModule } from '../authorization/authorization.module';
import { DatabaseModule } from '../database/database.module';
import { GroupsController } from './groups.controller';
import { GroupsService } from './groups.service';
import { RolesController } from './roles.controller';
import { RolesService } from './roles.service';

// Groups and roles: a group's roles, and which groups hold a role.
@Module({
  imports: [DatabaseModule, AuthorizationModule],
  controllers: [GroupsController, RolesController],
  providers: [GroupsService, RolesService],
})
export class AccessModule {}
