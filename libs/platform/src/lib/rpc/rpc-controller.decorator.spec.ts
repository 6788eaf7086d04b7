import pino from 'pino';
import { Module } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, MessagePattern, Payload } from '@nestjs/microservices';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { firstValueFrom } from 'rxjs';
import { z } from 'zod';
import { PlatformError } from '../errors/app-error';
import { createHttpApp } from '../http/bootstrap-http';
import { ZodValidationPipe } from '../http/zod-body.decorator';
import { LoggingModule } from '../logging/logging.module';
import { currentRequestId } from '../logging/request-context';
import { connectRpc, startRpc } from './connect-rpc';
import { RpcController } from './rpc-controller.decorator';
import { rpcClientOptions } from './rpc-transport';

const Echo = z.strictObject({ word: z.string().min(1) });

@RpcController()
class EchoController {
  @MessagePattern('echo')
  echo(@Payload(new ZodValidationPipe(Echo)) request: z.infer<typeof Echo>): string {
    if (request.word === 'teapot') throw new PlatformError('conflict', 'no teapots');
    return request.word;
  }

  @MessagePattern('request-id')
  requestId(): string | undefined {
    return currentRequestId();
  }
}

@Module({
  imports: [LoggingModule.forRoot({ level: 'silent', format: 'json', requestSampleRate: 1 })],
  controllers: [EchoController],
})
class EchoModule {}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

// A hybrid app as bootstrapService builds it: HTTP app, then the connected
// microservice, over real TCP.
describe('RpcController (real TCP transport)', () => {
  let app: Awaited<ReturnType<typeof createHttpApp>>;
  let client: ClientProxy;

  beforeAll(async () => {
    const endpoint = { host: '127.0.0.1', port: await freePort() };
    app = await createHttpApp(EchoModule, {
      parseBodies: true,
      log: { logger: pino({ level: 'silent' }), requestSampleRate: 1 },
    });
    const listener = { transport: { kind: 'tcp' } as const, listen: endpoint, service: 'echo' };
    connectRpc(app, listener);
    await startRpc(app, listener);
    await app.init();
    client = ClientProxyFactory.create(rpcClientOptions(listener.transport, endpoint, 'test'));
  });

  afterAll(async () => {
    await client.close();
    await app.close();
  });

  const send = (payload: unknown) => firstValueFrom(client.send('echo', payload)).catch((error: unknown) => error);

  it('runs a handler in the request context of the id its caller sent (the RPC log interceptor)', async () => {
    const reply = await firstValueFrom(client.send('request-id', { requestId: 'caller-request-1' }));
    expect(reply).toBe('caller-request-1');
  });

  it('answers a handler', async () => {
    expect(await send({ word: 'hi' })).toBe('hi');
  });

  it('sends an invalid payload back as the mesh error body, with its details', async () => {
    expect(await send({ word: '' })).toMatchObject({
      statusCode: 400,
      code: 'validation_failed',
      details: [expect.objectContaining({ path: 'word' })],
    });
  });

  it('sends an AppError back with its code and status', async () => {
    expect(await send({ word: 'teapot' })).toMatchObject({ statusCode: 409, code: 'conflict', message: 'no teapots' });
  });
});
