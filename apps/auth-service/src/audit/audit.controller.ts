import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditPage, AuditQuery } from '@session-mesh/contracts';
import { ApiZodResponse, ZodQuery } from '@session-mesh/platform';
import { Roles } from '@session-mesh/session';
import { ReadAuditService } from './read-audit.service';

// The audit trail (docs/events.md), for holders of READ_AUDIT. Served by
// auth-service, which reads the stream; every service appends to it.
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: ReadAuditService) {}

  @Get()
  @Roles('READ_AUDIT')
  @ApiOperation({
    summary: 'Audit events, newest first: filter by user, type and time; page with nextCursor',
  })
  @ApiZodResponse(200, AuditPage, 'A page of events')
  read(@ZodQuery(AuditQuery) query: AuditQuery): Promise<AuditPage> {
    return this.audit.read(query);
  }
}
