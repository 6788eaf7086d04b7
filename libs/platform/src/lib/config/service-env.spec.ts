import { z } from 'zod';
import { loadConfig } from './load-config';
import { rpcPeerEnvShape, serviceEnvShape, toRpcPeer, toServiceConfig } from './service-env';

const schema = z
  .object({ ...serviceEnvShape({ port: 3005, rpcPort: 4005 }), ...rpcPeerEnvShape('USER_SERVICE', 4002) })
  .transform((env) => ({ ...toServiceConfig(env), userService: toRpcPeer(env, 'USER_SERVICE') }));

describe('service env', () => {
  it('gives every service the same variables with its own default ports', () => {
    expect(loadConfig(schema, {})).toEqual({
      production: false,
      http: { port: 3005, trustProxy: 'loopback, linklocal, uniquelocal', trustedOrigins: [] },
      log: { level: 'info', format: 'pretty', requestSampleRate: 1 },
      rpcTransport: { kind: 'tcp' },
      rpc: { host: '0.0.0.0', port: 4005 },
      metrics: { port: undefined },
      userService: { host: '127.0.0.1', port: 4002, timeoutMs: 5000 },
    });
  });

  it('serves metrics on METRICS_PORT, on 9464 in production, and names a bad port', () => {
    expect(loadConfig(schema, { METRICS_PORT: '9100' }).metrics).toEqual({ port: 9100 });
    expect(loadConfig(schema, { NODE_ENV: 'production' }).metrics).toEqual({ port: 9464 });
    expect(() => loadConfig(schema, { METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
  });

  it('reads a peer from its prefixed variables and names a bad one', () => {
    const env = { USER_SERVICE_RPC_HOST: 'users', USER_SERVICE_RPC_PORT: '5002', USER_SERVICE_RPC_TIMEOUT_MS: '900' };
    expect(loadConfig(schema, env).userService).toEqual({ host: 'users', port: 5002, timeoutMs: 900 });
    expect(() => loadConfig(schema, { USER_SERVICE_RPC_TIMEOUT_MS: '5' })).toThrow(/USER_SERVICE_RPC_TIMEOUT_MS/);
  });
});
