import { Writable } from 'node:stream';
import { toLogConfig } from './log-config';
import { createLogger } from './logger';
import { PinoNestLogger } from './nest-logger';
import { runInRequestContext } from './request-context';
import { requestLogLevel } from './request-log';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const config = { level: 'debug', format: 'json', requestSampleRate: 1 } as const;
  return { lines, logger: createLogger('test-service', config, stream) };
}

describe('PinoNestLogger', () => {
  it("writes Nest's (message, context) and (message, stack, context) as fields of one JSON line", () => {
    const { lines, logger } = capture();
    const nest = new PinoNestLogger(logger);
    nest.log('started', 'Bootstrap');
    nest.error('failed', 'Error: failed\n    at here', 'Worker');
    nest.warn({ msg: 'slow', durationMs: 12 }, 'rpc');

    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', service: 'test-service', context: 'Bootstrap', msg: 'started' }),
      expect.objectContaining({
        level: 'error',
        context: 'Worker',
        msg: 'failed',
        stack: 'Error: failed\n    at here',
      }),
      expect.objectContaining({ level: 'warn', context: 'rpc', msg: 'slow', durationMs: 12 }),
    ]);
    expect(lines[0]).not.toHaveProperty('reqId');
  });

  it("adds the request's id to every line written inside its context, and only there", async () => {
    const { lines, logger } = capture();
    const nest = new PinoNestLogger(logger);
    await runInRequestContext('req-12345678', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      nest.log('inside', 'Handler');
    });
    nest.log('outside', 'Handler');
    expect(lines.map((line) => [line['msg'], line['reqId']])).toEqual([
      ['inside', 'req-12345678'],
      ['outside', undefined],
    ]);
  });

  it('skips levels below the configured one', () => {
    const { lines, logger } = capture();
    logger.level = 'warn';
    new PinoNestLogger(logger).log('quiet', 'X');
    expect(lines).toEqual([]);
  });
});

describe('requestLogLevel', () => {
  it('maps statuses to levels and samples every answer but an unexpected 5xx', () => {
    const keep = () => 0.1;
    const drop = () => 0.9;
    expect([200, 404, 503, 500].map((status) => requestLogLevel(status, 1, drop))).toEqual([
      'info',
      'warn',
      'warn',
      'error',
    ]);
    expect([200, 404, 503, 500].map((status) => requestLogLevel(status, 0.5, drop))).toEqual([
      'silent',
      'silent',
      'silent',
      'error',
    ]);
    expect(requestLogLevel(200, 0.5, keep)).toBe('info');
    expect(requestLogLevel(200, 0, keep)).toBe('silent');
  });
});

describe('toLogConfig', () => {
  it('is pretty only in development unless LOG_FORMAT says otherwise', () => {
    const env = { LOG_LEVEL: 'info', LOG_REQUEST_SAMPLE_RATE: 1 } as const;
    expect(toLogConfig({ ...env, NODE_ENV: 'development' }).format).toBe('pretty');
    expect(toLogConfig({ ...env, NODE_ENV: 'production' }).format).toBe('json');
    expect(toLogConfig({ ...env, NODE_ENV: 'development', LOG_FORMAT: 'json' }).format).toBe('json');
  });
});
