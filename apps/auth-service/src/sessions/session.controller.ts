import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { MeResponse } from '@session-mesh/contracts';
import { ApiZodResponse } from '@session-mesh/platform';
import {
  ActiveSession,
  AllowPendingSecondFactor,
  AuditLog,
  Authenticated,
  countRevocations,
  CurrentSession,
  RequestOrigin,
  SessionClientInfo,
  SessionCookieService,
  SessionWriter,
} from '@session-mesh/session';
import type { FastifyReply } from 'fastify';
import { toMeResponse } from './session.mapper';

@ApiTags('auth')
@Controller('auth')
export class SessionController {
  constructor(
    private readonly sessions: SessionWriter,
    private readonly cookies: SessionCookieService,
    private readonly audit: AuditLog,
  ) {}

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'Who am I: the user and session behind the cookie' })
  @ApiZodResponse(200, MeResponse, 'The current user and session')
  me(@CurrentSession() session: ActiveSession): MeResponse {
    return toMeResponse(session);
  }

  @Post('logout')
  @HttpCode(204)
  @Authenticated()
  // Also abandons a login waiting for its second factor.
  @AllowPendingSecondFactor()
  @ApiOperation({ summary: 'Log out: ends this session for every service at once' })
  @ApiZodResponse(204, undefined, 'Session ended; the cookie is cleared')
  async logout(
    @CurrentSession() session: ActiveSession,
    @RequestOrigin() origin: SessionClientInfo,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<void> {
    await this.sessions.revoke(session);
    countRevocations('logout');
    const { userId } = session.user;
    // Whoever holds the session logs out: in an impersonation, the actor.
    const actor = session.actor?.userId ?? userId;
    this.audit.record({ type: 'session.logout', actor, user: userId, sessionId: session.id, ...origin });
    if (session.actor) {
      this.audit.record({ type: 'impersonation.ended', actor, user: userId, sessionId: session.id, ...origin });
    }
    // A bearer session never had a cookie to clear.
    if (session.transport === 'cookie') void res.header('Set-Cookie', this.cookies.clear());
  }
}
