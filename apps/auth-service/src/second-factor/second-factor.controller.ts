import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { LoginResponse, SecondFactorRequest } from '@session-mesh/contracts';
import { ApiErrors, ApiZodResponse, ZodBody } from '@session-mesh/platform';
import {
  ActiveSession,
  AllowPendingSecondFactor,
  Authenticated,
  CurrentSession,
  RequestOrigin,
  SessionClientInfo,
} from '@session-mesh/session';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoginCookies } from '../login/login-cookies';
import { CompleteLoginService } from './complete-login.service';

@ApiTags('auth')
@Controller('auth/login')
export class SecondFactorController {
  constructor(
    private readonly completeLogin: CompleteLoginService,
    private readonly cookies: LoginCookies,
  ) {}

  @Post('second-factor')
  @HttpCode(200)
  @Authenticated()
  @AllowPendingSecondFactor()
  @ApiOperation({
    summary:
      'Second step of a login with TOTP: a code from the app, or a recovery code, turns the pending session (aal 0) into a full one (aal 2) under a new token; the pending token ends',
  })
  @ApiZodResponse(
    200,
    LoginResponse,
    'Logged in, as the login asked (cookie or bearer, remember me); Set-Cookie (or, for "bearer", `token`) carries the new session token',
  )
  @ApiErrors(
    [400, 'Invalid body'],
    [401, 'Wrong, expired or already used code (invalid_second_factor)'],
    [409, 'The session is not waiting for a second factor (second_factor_not_pending)'],
    [429, 'Too many failed attempts (Retry-After)'],
  )
  async secondFactor(
    @ZodBody(SecondFactorRequest) body: SecondFactorRequest,
    @CurrentSession() session: ActiveSession,
    @RequestOrigin() origin: SessionClientInfo,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<LoginResponse> {
    const created = await this.completeLogin.complete(session, body, origin, this.cookies.deviceTokenOf(req));
    return this.cookies.issueSession(res, created);
  }
}
