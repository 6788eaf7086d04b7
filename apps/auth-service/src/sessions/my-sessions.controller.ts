import { Controller, Delete, Get, HttpCode } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RevokedCount, SessionIdParam, SessionList } from '@session-mesh/contracts';
import { ApiErrors, ApiZodResponse, ZodParam } from '@session-mesh/platform';
import {
  ActiveSession,
  AuditLog,
  Authenticated,
  countRevocations,
  CurrentSession,
  RequestOrigin,
  RequireFresh,
  SessionClientInfo,
  UserSessions,
} from '@session-mesh/session';
import { toSessionListItem } from './session.mapper';
import { AuthServiceError } from '../auth-service.errors';

@ApiTags('sessions')
@Controller('auth/sessions')
export class MySessionsController {
  constructor(
    private readonly sessions: UserSessions,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'My live sessions, oldest first; `current` marks this one' })
  @ApiZodResponse(200, SessionList, 'My sessions')
  async list(@CurrentSession() current: ActiveSession): Promise<SessionList> {
    const sessions = await this.sessions.list(current.user.userId);
    return { sessions: sessions.map((session) => toSessionListItem(session, current.id)) };
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'End one of my sessions (by its id from the list)' })
  @ApiZodResponse(204, undefined, 'Ended')
  @ApiErrors([404, 'No such session of mine'])
  async revokeOne(
    @CurrentSession() current: ActiveSession,
    @ZodParam('id', SessionIdParam) id: string,
    @RequestOrigin() origin: SessionClientInfo,
  ): Promise<void> {
    const { userId } = current.user;
    const ended = await this.sessions.revokeOne(userId, id);
    if (!ended) throw new AuthServiceError('session_not_found', 'No such session of yours');
    countRevocations('self');
    this.audit.record({
      type: 'session.revoked',
      reason: 'owner',
      actor: userId,
      user: userId,
      sessionId: id,
      ...origin,
    });
    // The user ended someone's impersonation of them.
    if (ended.actor) {
      this.audit.record({
        type: 'impersonation.ended',
        reason: 'owner',
        actor: userId,
        user: userId,
        sessionId: id,
        ...origin,
      });
    }
  }

  @Delete()
  @RequireFresh()
  @Authenticated()
  @ApiOperation({ summary: 'End all my other sessions; this one stays (needs a recent login or re-authentication)' })
  @ApiZodResponse(200, RevokedCount, 'How many ended')
  async revokeOthers(
    @CurrentSession() current: ActiveSession,
    @RequestOrigin() origin: SessionClientInfo,
  ): Promise<RevokedCount> {
    const { userId } = current.user;
    const ended = await this.sessions.revokeAll(userId, current.id);
    countRevocations('bulk', ended.length);
    for (const sessionId of ended) {
      this.audit.record({ type: 'session.revoked', reason: 'bulk', actor: userId, user: userId, sessionId, ...origin });
    }
    return { revoked: ended.length };
  }
}
