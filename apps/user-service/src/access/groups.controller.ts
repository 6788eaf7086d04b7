import { Controller, Delete, Get, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateGroupRequest,
  GroupResponse,
  IdParam,
  SetGroupRolesRequest,
  UsersLoggedOut,
} from '@session-mesh/contracts';
import { ApiErrors, ApiZodResponse, ZodBody, ZodParam } from '@session-mesh/platform';
import { Authenticated, RequireFresh, Roles } from '@session-mesh/session';
import { z } from 'zod';
import { GroupsService } from './groups.service';

@ApiTags('groups')
@Controller('groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'List groups with their roles' })
  @ApiZodResponse(200, z.array(GroupResponse), 'All groups')
  list(): Promise<GroupResponse[]> {
    return this.groups.list();
  }

  @Post()
  @Roles('CREATE_GROUP')
  @ApiOperation({ summary: 'Create a group (no roles yet)' })
  @ApiZodResponse(201, GroupResponse, 'The new group')
  @ApiErrors([400, 'Invalid body'], [409, 'Name taken'])
  create(@ZodBody(CreateGroupRequest) body: CreateGroupRequest): Promise<GroupResponse> {
    return this.groups.create(body);
  }

  @Put(':id/roles')
  @RequireFresh()
  @Roles('CREATE_GROUP')
  @ApiOperation({ summary: "Replace a group's roles; members' live sessions follow at once" })
  @ApiZodResponse(200, GroupResponse, 'The group now')
  @ApiErrors([400, 'Invalid body or unknown role'], [404, 'Unknown group'], [409, 'Would leave no administrator'])
  setRoles(
    @ZodParam('id', IdParam) id: number,
    @ZodBody(SetGroupRolesRequest) body: SetGroupRolesRequest,
  ): Promise<GroupResponse> {
    return this.groups.setRoles(id, body);
  }

  @Delete(':id/sessions')
  @Roles('MANAGE_SESSIONS')
  @ApiOperation({ summary: 'Log out every member of the group, on every device' })
  @ApiZodResponse(200, UsersLoggedOut, 'Members logged out')
  @ApiErrors([404, 'Unknown group'])
  endSessions(@ZodParam('id', IdParam) id: number): Promise<UsersLoggedOut> {
    return this.groups.endSessions(id);
  }
}
