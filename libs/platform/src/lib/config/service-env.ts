import { z } from 'zod';
import { RpcEndpoint, rpcTransportEnvShape, toRpcTransport } from '../rpc/rpc-transport';
import { logEnvShape, toLogConfig } from '../logging/log-config';
import { metricsEnvShape, toMetricsConfig } from '../metrics/metrics-config';
import { envInt, envOrigins, envPort, NodeEnv } from './load-config';

// The variables every service of the mesh reads, with the service's own
// default ports: spread it into the app's env schema, then turn the parsed
// values into the shared part of its config with toServiceConfig().
export function serviceEnvShape(defaults: { port: number; rpcPort: number }) {
  return {
    NODE_ENV: NodeEnv,
    PORT: envPort(defaults.port),
    // fastify `trustProxy`: whose X-Forwarded-* headers to believe (the gateway's network).
    TRUST_PROXY: z.string().min(1).default('loopback, linklocal, uniquelocal'),
    CSRF_TRUSTED_ORIGINS: envOrigins(),
    ...rpcTransportEnvShape,
    // The service's own TCP listener (RPC_TRANSPORT=tcp).
    RPC_HOST: z.string().min(1).default('0.0.0.0'),
    RPC_PORT: envPort(defaults.rpcPort),
    ...logEnvShape,
    ...metricsEnvShape,
  };
}

type ServiceEnv = z.infer<z.ZodObject<ReturnType<typeof serviceEnvShape>>>;

export interface ServiceHttpConfig {
  port: number;
  trustProxy: string;
  trustedOrigins: readonly string[];
}

export function toServiceConfig(env: ServiceEnv) {
  return {
    production: env.NODE_ENV === 'production',
    http: {
      port: env.PORT,
      trustProxy: env.TRUST_PROXY,
      trustedOrigins: env.CSRF_TRUSTED_ORIGINS,
    } as ServiceHttpConfig,
    rpcTransport: toRpcTransport(env),
    rpc: { host: env.RPC_HOST, port: env.RPC_PORT } as RpcEndpoint,
    log: toLogConfig(env),
    metrics: toMetricsConfig(env),
  };
}

export type ServiceConfig = ReturnType<typeof toServiceConfig>;

// Another service this one calls over RPC: `<PEER>_RPC_HOST`, `<PEER>_RPC_PORT`
// (its TCP address with RPC_TRANSPORT=tcp) and `<PEER>_RPC_TIMEOUT_MS`.
export function rpcPeerEnvShape<P extends string>(peer: P, defaultPort: number) {
  return {
    [`${peer}_RPC_HOST`]: z.string().min(1).default('127.0.0.1'),
    [`${peer}_RPC_PORT`]: envPort(defaultPort),
    [`${peer}_RPC_TIMEOUT_MS`]: envInt(5000, 100, 60_000),
  } as {
    [K in `${P}_RPC_HOST`]: z.ZodDefault<z.ZodString>;
  } & { [K in `${P}_RPC_PORT` | `${P}_RPC_TIMEOUT_MS`]: ReturnType<typeof envInt> };
}

export interface RpcPeer extends RpcEndpoint {
  timeoutMs: number;
}

export function toRpcPeer<P extends string>(
  env: Record<`${P}_RPC_HOST`, string> & Record<`${P}_RPC_PORT` | `${P}_RPC_TIMEOUT_MS`, number>,
  peer: P,
): RpcPeer {
  const values: Record<string, string | number> = env;
  return {
    host: String(values[`${peer}_RPC_HOST`]),
    port: Number(values[`${peer}_RPC_PORT`]),
    timeoutMs: Number(values[`${peer}_RPC_TIMEOUT_MS`]),
  };
}
