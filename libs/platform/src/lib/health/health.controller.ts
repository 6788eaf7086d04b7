import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthStatus, Readiness } from '@session-mesh/contracts';
import type { FastifyReply } from 'fastify';
import { ApiZodResponse } from '../openapi/api-responses.decorator';
import { Public } from '../http/public.decorator';
import { withTimeout } from '../async/with-timeout';
import { READINESS_CHECKS, ReadinessCheck } from './readiness';
import { RETRY_AFTER_SECONDS } from '../errors/app-error';

const CHECK_TIMEOUT_MS = 1500;

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiZodResponse(200, HealthStatus, 'Alive')
  health(): HealthStatus {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: every dependency answers (503 otherwise)' })
  @ApiZodResponse(200, Readiness, 'Every dependency answers')
  @ApiZodResponse(503, Readiness, 'A dependency does not answer (Retry-After)')
  async ready(@Res({ passthrough: true }) res: FastifyReply): Promise<Readiness> {
    const results = await Promise.all(
      this.checks.map(async ({ name, check }) => {
        try {
          await withTimeout(check(), CHECK_TIMEOUT_MS, name);
          return [name, 'up'] as const;
        } catch {
          return [name, 'down'] as const;
        }
      }),
    );
    const ready = results.every(([, state]) => state === 'up');
    if (!ready) {
      void res.status(503).header('Retry-After', String(RETRY_AFTER_SECONDS));
    }
    return { status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(results) };
  }
}
