import { Controller, Delete, Get, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateRoleRequest,
  IdParam,
  RoleResponse,
  RoleWithGroupsResponse,
  SetRoleGroupsRequest,
  UsersLoggedOut,
} from '@session-mesh/contracts';
import { ApiErrors, ApiZodResponse, ZodBody, ZodParam } from '@session-mesh/platform';
import { Authenticated, RequireFresh, Roles } from '@session-mesh/session';
import { z } from 'zod';
import { RolesService } from './roles.service';

@ApiTags('roles')
@Controller('roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'List roles with the groups that hold them' })
  @ApiZodResponse(200, z.array(RoleWithGroupsResponse), 'All roles')
  list(): Promise<RoleWithGroupsResponse[]> {
    return this.roles.list();
  }

  @Post()
  @Roles('CREATE_ROLE')
  @ApiOperation({ summary: 'Create a role' })
  @ApiZodResponse(201, RoleResponse, 'The new role')
  @ApiErrors([400, 'Invalid body'], [409, 'Name taken'])
  create(@ZodBody(CreateRoleRequest) body: CreateRoleRequest): Promise<RoleResponse> {
    return this.roles.create(body);
  }

  @Put(':id/groups')
  @RequireFresh()
  @Roles('CREATE_ROLE')
  @ApiOperation({ summary: 'Replace which groups hold the role; affected sessions follow at once' })
  @ApiZodResponse(200, RoleWithGroupsResponse, 'The role now')
  @ApiErrors([400, 'Invalid body or unknown group'], [404, 'Unknown role'], [409, 'Would leave no administrator'])
  setGroups(
    @ZodParam('id', IdParam) id: number,
    @ZodBody(SetRoleGroupsRequest) body: SetRoleGroupsRequest,
  ): Promise<RoleWithGroupsResponse> {
    return this.roles.setGroups(id, body);
  }

  @Delete(':id/sessions')
  @Roles('MANAGE_SESSIONS')
  @ApiOperation({ summary: 'Log out every user holding the role, on every device' })
  @ApiZodResponse(200, UsersLoggedOut, 'Users logged out')
  @ApiErrors([404, 'Unknown role'])
  endSessions(@ZodParam('id', IdParam) id: number): Promise<UsersLoggedOut> {
    return this.roles.endSessions(id);
  }
}
