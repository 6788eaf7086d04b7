import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HttpLoginRequest, LoginResponse } from '@session-mesh/contracts';
import { ApiErrors, ApiZodResponse, ZodBody } from '@session-mesh/platform';
import { Public, RequestOrigin, SessionClientInfo } from '@session-mesh/session';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoginCookies } from './login-cookies';
import { LoginService } from './login.service';

@ApiTags('auth')
@Controller()
export class LoginController {
  constructor(
    private readonly loginService: LoginService,
    private readonly cookies: LoginCookies,
  ) {}

  // `/user/login` is the PoC's path; `/auth/login` the same under the auth API.
  @Post(['user/login', 'auth/login'])
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Log in: sets the session cookie and the known-device cookie of the login limiter, or with transport "bearer" returns the token in the body. For a user with TOTP, session.aal 0: a pending session that only POST /auth/login/second-factor accepts',
  })
  @ApiZodResponse(
    200,
    LoginResponse,
    'Logged in (or pending, aal 0); Set-Cookie (or, for "bearer", `token`) carries the session token',
  )
  @ApiErrors(
    [400, 'Invalid body'],
    [401, 'Wrong username or password'],
    [429, 'Too many failed logins (Retry-After)'],
    [503, 'A dependency is unavailable'],
  )
  async login(
    @ZodBody(HttpLoginRequest) body: HttpLoginRequest,
    @RequestOrigin() origin: SessionClientInfo,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<LoginResponse> {
    const { transport, rememberMe, ...credentials } = body;
    const created = await this.loginService.login(credentials, origin, this.cookies.deviceTokenOf(req), {
      transport,
      rememberMe,
    });
    return this.cookies.issueSession(res, created);
  }
}
