import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { MeResponse, ReauthenticateRequest } from '@session-mesh/contracts';
import { ApiErrors, ApiZodResponse, ZodBody } from '@session-mesh/platform';
import {
  ActiveSession,
  Authenticated,
  CurrentSession,
  readSessionCookie,
  RequestOrigin,
  SessionClientInfo,
  SessionCookieService,
} from '@session-mesh/session';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AUTH_SERVICE_CONFIG, AuthServiceConfig } from '../config/auth-service.config';
import { toMeResponse } from '../sessions/session.mapper';
import { ReauthenticateService } from './reauthenticate.service';

@ApiTags('auth')
@Controller('auth')
export class ReauthenticateController {
  constructor(
    private readonly service: ReauthenticateService,
    private readonly cookies: SessionCookieService,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
  ) {}

  @Post('reauthenticate')
  @HttpCode(200)
  @Authenticated()
  @ApiOperation({
    summary:
      'Re-authenticate: checks my password again; a new session token replaces the current one, which ends at once',
  })
  @ApiZodResponse(200, MeResponse, 'Re-authenticated; Set-Cookie carries the new token')
  @ApiErrors(
    [400, 'Invalid body'],
    [401, 'Wrong password (invalid_credentials)'],
    [429, 'Too many failed attempts (Retry-After)'],
  )
  async reauthenticate(
    @ZodBody(ReauthenticateRequest) body: ReauthenticateRequest,
    @CurrentSession() session: ActiveSession,
    @RequestOrigin() origin: SessionClientInfo,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<MeResponse> {
    const device = readSessionCookie(req.headers.cookie, this.cookies.deviceCookieName);
    const created = await this.service.reauthenticate(
      session,
      body,
      origin,
      device.kind === 'token' ? device.value : null,
    );
    void res
      .header('Set-Cookie', [
        this.cookies.issue(created.token),
        this.cookies.issueDevice(created.deviceToken, this.config.loginThrottle.knownDeviceTtlSeconds),
      ])
      .header('Cache-Control', 'no-store');
    return toMeResponse(created.session);
  }
}
