import { Transport } from '@nestjs/microservices';
import { z } from 'zod';
import { loadConfig } from '../config/load-config';
import { rpcClientOptions, rpcServerOptions, rpcTransportEnvShape, toRpcTransport } from './rpc-transport';

const schema = z.object(rpcTransportEnvShape).transform(toRpcTransport);
const listen = { host: '0.0.0.0', port: 4002 };

describe('RPC transport', () => {
  it('is TCP by default: listen on the address, call the peer address', () => {
    const transport = loadConfig(schema, {});
    expect(transport).toEqual({ kind: 'tcp' });
    expect(rpcServerOptions(transport, listen, 'user-service')).toEqual({ transport: Transport.TCP, options: listen });
    expect(rpcClientOptions(transport, { host: 'users', port: 4002 }, 'auth-service')).toEqual({
      transport: Transport.TCP,
      options: { host: 'users', port: 4002 },
    });
  });

  it('puts every replica of a service in one NATS queue group named after it', () => {
    const transport = loadConfig(schema, { RPC_TRANSPORT: 'nats', NATS_SERVERS: 'nats://n1:4222, nats://n2:4222' });
    expect(transport).toEqual({ kind: 'nats', servers: ['nats://n1:4222', 'nats://n2:4222'] });
    expect(rpcServerOptions(transport, listen, 'user-service')).toMatchObject({
      transport: Transport.NATS,
      options: { servers: ['nats://n1:4222', 'nats://n2:4222'], queue: 'user-service', maxReconnectAttempts: -1 },
    });
    const client = rpcClientOptions(transport, { host: 'ignored', port: 1 }, 'auth-service');
    expect(client).toMatchObject({
      transport: Transport.NATS,
      options: { servers: ['nats://n1:4222', 'nats://n2:4222'] },
    });
    expect(JSON.stringify(client)).not.toContain('queue');
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig(schema, { RPC_TRANSPORT: 'grpc' })).toThrow(/RPC_TRANSPORT/);
    expect(() => loadConfig(schema, { RPC_TRANSPORT: 'nats', NATS_SERVERS: 'http://n1' })).toThrow(/NATS_SERVERS/);
  });
});
