import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdParam, UserDetails, UserList, UserListQuery } from '@session-mesh/contracts';
import { ApiErrors, ApiZodResponse, ZodParam, ZodQuery } from '@session-mesh/platform';
import {
  ActiveSession,
  AuditLog,
  CurrentSession,
  RequestOrigin,
  RequireFresh,
  Roles,
  SessionClientInfo,
} from '@session-mesh/session';
import { UserAdminService } from './user-admin.service';

@ApiTags('users')
@Controller('users')
export class UserAdminController {
  constructor(
    private readonly users: UserAdminService,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  @Roles('ASSIGN_USERS')
  @ApiOperation({ summary: 'List users with their groups, optionally only those whose username contains a text' })
  @ApiZodResponse(200, UserList, 'A page of users (total: all that match)')
  list(@ZodQuery(UserListQuery) query: UserListQuery): Promise<UserList> {
    return this.users.list(query);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @RequireFresh()
  @Roles('MANAGE_USERS')
  @ApiOperation({ summary: 'Disable a user: no more logins, every live session ends' })
  @ApiZodResponse(200, UserDetails, 'The user now')
  @ApiErrors([404, 'Unknown user'], [409, 'Would leave no administrator'])
  async disable(
    @ZodParam('id', IdParam) id: number,
    @CurrentSession() admin: ActiveSession,
    @RequestOrigin() origin: SessionClientInfo,
  ): Promise<UserDetails> {
    const user = await this.users.setDisabled(id, true);
    this.audit.record({ type: 'user.disabled', actor: admin.user.userId, user: id, sessionId: admin.id, ...origin });
    return user;
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Roles('MANAGE_USERS')
  @ApiOperation({ summary: 'Enable a disabled user again' })
  @ApiZodResponse(200, UserDetails, 'The user now')
  @ApiErrors([404, 'Unknown user'])
  enable(@ZodParam('id', IdParam) id: number): Promise<UserDetails> {
    return this.users.setDisabled(id, false);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireFresh()
  @Roles('MANAGE_USERS')
  @ApiOperation({ summary: 'Delete a user; every live session ends' })
  @ApiZodResponse(204, undefined, 'Deleted')
  @ApiErrors([404, 'Unknown user'], [409, 'Would leave no administrator'])
  async delete(
    @ZodParam('id', IdParam) id: number,
    @CurrentSession() admin: ActiveSession,
    @RequestOrigin() origin: SessionClientInfo,
  ): Promise<void> {
    await this.users.delete(id);
    this.audit.record({ type: 'user.deleted', actor: admin.user.userId, user: id, sessionId: admin.id, ...origin });
  }
}
