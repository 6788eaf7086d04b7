import { Controller, Delete, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdParam, RevokedCount, SessionList } from '@session-mesh/contracts';
import { ApiZodResponse, ZodParam } from '@session-mesh/platform';
import {
  ActiveSession,
  AuditLog,
  countRevocations,
  CurrentSession,
  RequestOrigin,
  Roles,
  SessionClientInfo,
  UserSessions,
} from '@session-mesh/session';
import { toSessionListItem } from './session.mapper';

// Anyone's sessions, for holders of MANAGE_SESSIONS. Served by auth-service
// (the gateway routes /users/:id/sessions here) since only it writes sessions.
@ApiTags('sessions')
@Controller('users/:id/sessions')
export class UserSessionsAdminController {
  constructor(
    private readonly sessions: UserSessions,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  @Roles('MANAGE_SESSIONS')
  @ApiOperation({ summary: "A user's live sessions" })
  @ApiZodResponse(200, SessionList, 'The sessions')
  async list(@ZodParam('id', IdParam) userId: number, @CurrentSession() current: ActiveSession): Promise<SessionList> {
    const sessions = await this.sessions.list(userId);
    return { sessions: sessions.map((session) => toSessionListItem(session, current.id)) };
  }

  @Delete()
  @Roles('MANAGE_SESSIONS')
  @ApiOperation({ summary: "End all of a user's sessions" })
  @ApiZodResponse(200, RevokedCount, 'How many ended')
  async revokeAll(
    @ZodParam('id', IdParam) userId: number,
    @CurrentSession() admin: ActiveSession,
    @RequestOrigin() origin: SessionClientInfo,
  ): Promise<RevokedCount> {
    const ended = await this.sessions.revokeAll(userId);
    countRevocations('admin', ended.length);
    for (const sessionId of ended) {
      this.audit.record({
        type: 'session.revoked',
        reason: 'admin',
        actor: admin.user.userId,
        user: userId,
        sessionId,
        ...origin,
      });
    }
    return { revoked: ended.length };
  }
}
