import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { LoginRequest, MeResponse } from '@session-mesh/contracts';
import { ApiErrors, ApiZodResponse, ZodBody } from '@session-mesh/platform';
import { Public, readSessionCookie, RequestOrigin, SessionClientInfo, SessionCookieService } from '@session-mesh/session';
import { AUTH_SERVICE_CONFIG, AuthServiceConfig } from '../config/auth-service.config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toMeResponse } from '../sessions/session.mapper';
import { LoginService } from './login.service';

@ApiTags('auth')
@Controller()
export class LoginController {
  constructor(
    private readonly loginService: LoginService,
    private readonly cookies: SessionCookieService,
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
  ) {}

  // `/user/login` is the PoC's path; `/auth/login` the same under the auth API.
  @Post(['user/login', 'auth/login'])
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in: sets the session cookie and the known-device cookie of the login limiter' })
  @ApiZodResponse(200, MeResponse, 'Logged in; Set-Cookie carries the session token')
  @ApiErrors(
    [400, 'Invalid body'],
    [401, 'Wrong username or password'],
    [429, 'Too many failed logins (Retry-After)'],
    [503, 'A dependency is unavailable'],
  )
  async login(
    @ZodBody(LoginRequest) body: LoginRequest,
    @RequestOrigin() origin: SessionClientInfo,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<MeResponse> {
    const device = readSessionCookie(req.headers.cookie, this.cookies.deviceCookieName);
    const { token, session, deviceToken } = await this.loginService.login(
      body,
      origin,
      device.kind === 'token' ? device.value : null,
    );
    void res
      .header('Set-Cookie', [
        this.cookies.issue(token),
        this.cookies.issueDevice(deviceToken, this.config.loginThrottle.knownDeviceTtlSeconds),
      ])
      .header('Cache-Control', 'no-store');
    return toMeResponse(session);
  }
}
