import { Controller, HttpCode, Post } from '@nestjs/common';
import { ChangePasswordService } from './change-password.service';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AssignGroupsRequest,
  AssignGroupsResponse,
  ChangePasswordRequest,
  RegisterUserRequest,
  UserResponse,
} from '@session-mesh/contracts';
import { ApiErrors, ApiZodResponse, ZodBody } from '@session-mesh/platform';
import {
  ActiveSession,
  AuditLog,
  Authenticated,
  CurrentSession,
  Public,
  RequestOrigin,
  RequireFresh,
  Roles,
  SessionClientInfo,
} from '@session-mesh/session';
import { AssignGroupsService } from './assign-groups.service';
import { RegisterUserService } from './register-user.service';

@ApiTags('users')
@Controller('user')
export class UsersController {
  constructor(
    private readonly registerUser: RegisterUserService,
    private readonly assignGroups: AssignGroupsService,
    private readonly changePassword: ChangePasswordService,
    private readonly audit: AuditLog,
  ) {}

  @Post()
  @Public()
  @ApiOperation({ summary: 'Register a user (username is an email)' })
  @ApiZodResponse(201, UserResponse, 'The new user')
  @ApiErrors([400, 'Invalid body'], [409, 'Username taken'], [503, 'The database is unavailable'])
  register(@ZodBody(RegisterUserRequest) body: RegisterUserRequest): Promise<UserResponse> {
    return this.registerUser.register(body);
  }

  @Post('assign')
  @HttpCode(200)
  @RequireFresh()
  @Roles('ASSIGN_USERS')
  @ApiOperation({ summary: "Replace a user's groups" })
  @ApiZodResponse(200, AssignGroupsResponse, "The user's groups now")
  @ApiErrors([400, 'Invalid body or unknown group'], [404, 'Unknown user'], [409, 'Would leave no administrator'])
  assign(@ZodBody(AssignGroupsRequest) body: AssignGroupsRequest): Promise<AssignGroupsResponse> {
    return this.assignGroups.assign(body);
  }

  @Post('password')
  @HttpCode(204)
  @RequireFresh()
  @Authenticated()
  @ApiOperation({ summary: 'Change my password: ends all my sessions, this one included' })
  @ApiZodResponse(204, undefined, 'Changed; log in again')
  @ApiErrors([400, 'Invalid body'], [401, 'Wrong current password'])
  async password(
    @CurrentSession() session: ActiveSession,
    @ZodBody(ChangePasswordRequest) body: ChangePasswordRequest,
    @RequestOrigin() origin: SessionClientInfo,
  ): Promise<void> {
    const { userId } = session.user;
    await this.changePassword.change(userId, body);
    this.audit.record({ type: 'user.password_changed', actor: userId, user: userId, sessionId: session.id, ...origin });
  }
}
