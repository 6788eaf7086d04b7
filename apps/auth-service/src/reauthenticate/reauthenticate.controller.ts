import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { LoginResponse, ReauthenticateRequest } from '@session-mesh/contracts';
import { ApiErrors, ApiZodResponse, ZodBody } from '@session-mesh/platform';
import { ActiveSession, Authenticated, CurrentSession, RequestOrigin, SessionClientInfo } from '@session-mesh/session';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoginCookies } from '../login/login-cookies';
import { ReauthenticateService } from './reauthenticate.service';

@ApiTags('auth')
@Controller('auth')
export class ReauthenticateController {
  constructor(
    private readonly service: ReauthenticateService,
    private readonly cookies: LoginCookies,
  ) {}

  @Post('reauthenticate')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary:
      'Re-authenticate: checks my password (aal 1) or a code of my TOTP factor (aal 2) again; a new session token replaces the current one, which ends at once',
  })
  @ApiZodResponse(
    200,
    LoginResponse,
    'Re-authenticated; Set-Cookie carries the new token (for a bearer session: `token` in the body)',
  )
  @ApiErrors(
    [400, 'Invalid body'],
    [401, 'Wrong password (invalid_credentials) or code (invalid_second_factor)'],
    [403, 'impersonation_restricted: an impersonation session cannot re-authenticate'],
    [429, 'Too many failed attempts (Retry-After)'],
  )
  async reauthenticate(
    @ZodBody(ReauthenticateRequest) body: ReauthenticateRequest,
    @CurrentSession() session: ActiveSession,
    @RequestOrigin() origin: SessionClientInfo,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<LoginResponse> {
    const created = await this.service.reauthenticate(session, body, origin, this.cookies.deviceTokenOf(req));
    return this.cookies.issueSession(res, created);
  }
}
