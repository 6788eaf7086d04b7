import { Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConfirmTotpRequest, ConfirmTotpResponse, TotpEnrollment, TotpStatus } from '@session-mesh/contracts';
import { ApiErrors, ApiZodResponse, ZodBody } from '@session-mesh/platform';
import {
  ActiveSession,
  Authenticated,
  CurrentSession,
  RequestOrigin,
  RequireAal,
  RequireFresh,
  SessionClientInfo,
} from '@session-mesh/session';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LoginCookies } from '../login/login-cookies';
import { TotpEnrolmentService } from './totp-enrolment.service';

@ApiTags('auth')
@Controller('auth/totp')
export class TotpController {
  constructor(
    private readonly enrolment: TotpEnrolmentService,
    private readonly cookies: LoginCookies,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'My TOTP second factor: enabled, waiting for confirmation, recovery codes left' })
  @ApiZodResponse(200, TotpStatus, 'The status')
  status(@CurrentSession() session: ActiveSession): Promise<TotpStatus> {
    return this.enrolment.status(session);
  }

  @Post()
  @HttpCode(201)
  @Authenticated()
  @RequireFresh()
  @ApiOperation({
    summary:
      'Start a TOTP enrolment: a new secret, shown this once (otpauth URI and QR code); confirm it with a code. Restarting replaces an unconfirmed one',
  })
  @ApiZodResponse(201, TotpEnrollment, 'The secret to add to an authenticator app')
  @ApiErrors(
    [409, 'TOTP is already enabled (second_factor_enabled)'],
    [503, 'second_factor_unavailable: not configured'],
  )
  async enroll(
    @CurrentSession() session: ActiveSession,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<TotpEnrollment> {
    void res.header('Cache-Control', 'no-store');
    return this.enrolment.enroll(session);
  }

  @Post('confirm')
  @HttpCode(200)
  @Authenticated()
  @RequireFresh()
  @ApiOperation({
    summary:
      'Confirm the enrolment with a code from the app: TOTP is on from now, the ten recovery codes are shown this once, and the session moves to a new token at aal 2',
  })
  @ApiZodResponse(
    200,
    ConfirmTotpResponse,
    'Enabled; Set-Cookie (or, for a bearer session, `token`) carries the new session token',
  )
  @ApiErrors(
    [400, 'Invalid body'],
    [401, 'Wrong, expired or already used code (invalid_second_factor)'],
    [404, 'No enrolment waits for confirmation (second_factor_not_enrolled)'],
    [429, 'Too many failed attempts (Retry-After)'],
  )
  async confirm(
    @ZodBody(ConfirmTotpRequest) body: ConfirmTotpRequest,
    @CurrentSession() session: ActiveSession,
    @RequestOrigin() origin: SessionClientInfo,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ConfirmTotpResponse> {
    const { recoveryCodes, created } = await this.enrolment.confirm(
      session,
      body.code,
      origin,
      this.cookies.deviceTokenOf(req),
    );
    const { token } = this.cookies.issueSession(res, created);
    return { recoveryCodes, ...(token !== undefined && { token }) };
  }

  @Delete()
  @HttpCode(204)
  @Authenticated()
  @RequireFresh()
  @RequireAal(2)
  @ApiOperation({ summary: 'Turn TOTP off: its secret and recovery codes are deleted; logins need the password only' })
  @ApiZodResponse(204, undefined, 'Disabled')
  @ApiErrors([404, 'TOTP is not enabled (second_factor_not_enrolled)'])
  disable(@CurrentSession() session: ActiveSession, @RequestOrigin() origin: SessionClientInfo): Promise<void> {
    return this.enrolment.disable(session, origin);
  }
}
