import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthStatus } from '@session-mesh/contracts';
import { ApiZodResponse, Public } from '@session-mesh/platform';
import { Authenticated } from '@session-mesh/session';

const OK: HealthStatus = { status: 'ok' };

// The same answer with and without the session check: a synthetic monitor
// probes the whole session path of this service (cookie, Redis, record) with
// /user/ping/session, and tools/bench measures what that check costs against
// /user/ping. Unlike /health, both are logged and counted like any route.
@ApiTags('health')
@Controller('user/ping')
export class PingController {
  @Get()
  @Public()
  @ApiOperation({ summary: 'The service answers (no session needed)' })
  @ApiZodResponse(200, HealthStatus, 'Answering')
  ping(): HealthStatus {
    return OK;
  }

  @Get('session')
  @Authenticated()
  @ApiOperation({ summary: 'The service answers and the session cookie is valid' })
  @ApiZodResponse(200, HealthStatus, 'Answering; the session is valid')
  session(): HealthStatus {
    return OK;
  }
}
