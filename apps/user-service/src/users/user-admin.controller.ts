import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdParam, ListQuery, UserDetails, UserList } from '@session-mesh/contracts';
import { ApiErrors, ApiZodResponse, ZodParam, ZodQuery } from '@session-mesh/platform';
import { Roles } from '@session-mesh/session';
import { UserAdminService } from './user-admin.service';

@ApiTags('users')
@Controller('users')
export class UserAdminController {
  constructor(private readonly users: UserAdminService) {}

  @Get()
  @Roles('ASSIGN_USERS')
  @ApiOperation({ summary: 'List users with their groups' })
  @ApiZodResponse(200, UserList, 'A page of users')
  list(@ZodQuery(ListQuery) query: ListQuery): Promise<UserList> {
    return this.users.list(query);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Roles('MANAGE_USERS')
  @ApiOperation({ summary: 'Disable a user: no more logins, every live session ends' })
  @ApiZodResponse(200, UserDetails, 'The user now')
  @ApiErrors([404, 'Unknown user'], [409, 'Would leave no administrator'])
  disable(@ZodParam('id', IdParam) id: number): Promise<UserDetails> {
    return this.users.setDisabled(id, true);
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
  @Roles('MANAGE_USERS')
  @ApiOperation({ summary: 'Delete a user; every live session ends' })
  @ApiZodResponse(204, undefined, 'Deleted')
  @ApiErrors([404, 'Unknown user'], [409, 'Would leave no administrator'])
  delete(@ZodParam('id', IdParam) id: number): Promise<void> {
    return this.users.delete(id);
  }
}
