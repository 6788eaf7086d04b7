import { Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdParam, ImpersonateRequest, LoginResponse } from '@session-mesh/contracts';
import { ApiErrors, ApiZodResponse, ZodBody, ZodParam } from '@session-mesh/platform';
import {
  ActiveSession,
  CurrentSession,
  IMPERSONATE_ROLE,
  RequestOrigin,
  RequireFresh,
  Roles,
  SessionClientInfo,
} from '@session-mesh/session';
import type { FastifyReply } from 'fastify';
import { LoginCookies } from '../login/login-cookies';
import { StartImpersonationService } from './start-impersonation.service';

// Served by auth-service, the only session writer: the gateway sends
// /users/:id/impersonate here ahead of user-service's /users.
@ApiTags('sessions')
@Controller('users/:id/impersonate')
export class ImpersonationController {
  constructor(
    private readonly impersonation: StartImpersonationService,
    private readonly cookies: LoginCookies,
  ) {}

  @Post()
  @HttpCode(200)
  @RequireFresh()
  @Roles(IMPERSONATE_ROLE)
  @ApiOperation({
    summary:
      'Impersonate a user (support): a session of that user naming me as its actor, at most one hour. Like a login, it sets the session cookie (replacing mine in this browser), or with transport "bearer" returns the token in the body. The session cannot use routes that need a fresh check or a second factor; it ends like any session (POST /auth/logout, or the user\'s DELETE /auth/sessions/{id})',
  })
  @ApiZodResponse(
    200,
    LoginResponse,
    'The user\'s new session, session.actor naming me; Set-Cookie (or, for "bearer", `token`) carries its token',
  )
  @ApiErrors(
    [400, 'Invalid body'],
    [403, 'impersonation_refused: the user holds IMPERSONATE or a MANAGE_* role, is disabled, or is me'],
    [404, 'user_not_found: no such user'],
  )
  async impersonate(
    @ZodParam('id', IdParam) userId: number,
    @ZodBody(ImpersonateRequest) body: ImpersonateRequest,
    @CurrentSession() actor: ActiveSession,
    @RequestOrigin() origin: SessionClientInfo,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<LoginResponse> {
    const created = await this.impersonation.start(actor, userId, body.transport, origin);
    return this.cookies.issueSession(res, created);
  }
}
