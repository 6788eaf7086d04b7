import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
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
  health() {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: every dependency answers (503 otherwise)' })
  async ready(@Res({ passthrough: true }) res: Response) {
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
      res.status(503);
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    }
    return { status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(results) };
  }
}
