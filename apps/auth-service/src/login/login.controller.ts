import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { LoginRequest, MeResponse } from '@session-mesh/contracts';
import { ApiErrors, ApiZodResponse, ZodBody } from '@session-mesh/platform';
import { Public, SessionCookieService } from '@session-mesh/session';
import type { Request, Response } from 'express';
import { toMeResponse } from '../sessions/session.mapper';
import { LoginService } from './login.service';

const MAX_USER_AGENT = 256;

@ApiTags('auth')
@Controller()
export class LoginController {
  constructor(
    private readonly loginService: LoginService,
    private readonly cookies: SessionCookieService,
  ) {}

  // `/user/login` is the PoC's path; `/auth/login` the same under the auth API.
  @Post(['user/login', 'auth/login'])
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in: sets the session cookie' })
  @ApiZodResponse(200, MeResponse, 'Logged in; Set-Cookie carries the session token')
  @ApiErrors([400, 'Invalid body'], [401, 'Wrong username or password'], [503, 'A dependency is unavailable'])
  async login(
    @ZodBody(LoginRequest) body: LoginRequest,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MeResponse> {
    const { token, session } = await this.loginService.login(body, {
      ip: req.ip ?? null,
      userAgent: req.get('user-agent')?.slice(0, MAX_USER_AGENT) ?? null,
    });
    res.setHeader('Set-Cookie', this.cookies.issue(token));
    res.setHeader('Cache-Control', 'no-store');
    return toMeResponse(session);
  }
}
