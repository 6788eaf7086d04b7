import type { ClientProvider, MicroserviceOptions } from '@nestjs/microservices';
import { Transport } from '@nestjs/microservices';
import { z } from 'zod';
import { envUrlList } from '../config/load-config';

// How services call each other. tcp: a direct connection to one peer address,
// no extra infrastructure. nats: through a NATS server, where each service's
// replicas share a queue group, so every request (and every event) is
// handled by exactly one replica of the service it is meant for.
export type RpcTransport = { kind: 'tcp' } | { kind: 'nats'; servers: string[] };

export interface RpcEndpoint {
  host: string;
  port: number;
}

export const rpcTransportEnvShape = {
  RPC_TRANSPORT: z.enum(['tcp', 'nats']).default('tcp'),
  // Used only with RPC_TRANSPORT=nats.
  NATS_SERVERS: envUrlList(['nats', 'tls'], 'nats://127.0.0.1:4222'),
};

type RpcTransportEnv = z.infer<z.ZodObject<typeof rpcTransportEnvShape>>;

export function toRpcTransport(env: RpcTransportEnv): RpcTransport {
  return env.RPC_TRANSPORT === 'nats' ? { kind: 'nats', servers: env.NATS_SERVERS } : { kind: 'tcp' };
}

// NATS may be down when a service starts or later: keep reconnecting for
// ever. A listener waits for its first connection; a client call made while
// NATS is unreachable fails at once (and becomes a 503) and the next call
// connects again.
const NATS_RECONNECT = { maxReconnectAttempts: -1, reconnectTimeWait: 500 } as const;

// The listener of a service: its TCP address, or its queue group on NATS
// (named after the service, so its replicas share the work).
export function rpcServerOptions(transport: RpcTransport, listen: RpcEndpoint, service: string): MicroserviceOptions {
  switch (transport.kind) {
    case 'tcp':
      return { transport: Transport.TCP, options: { host: listen.host, port: listen.port } };
    case 'nats':
      return {
        transport: Transport.NATS,
        options: {
          servers: transport.servers,
          queue: service,
          name: service,
          gracefulShutdown: true,
          waitOnFirstConnect: true,
          ...NATS_RECONNECT,
        },
      };
  }
}

// A client of another service: its TCP address, or the NATS servers.
export function rpcClientOptions(transport: RpcTransport, peer: RpcEndpoint, caller: string): ClientProvider {
  switch (transport.kind) {
    case 'tcp':
      return { transport: Transport.TCP, options: { host: peer.host, port: peer.port } };
    case 'nats':
      return { transport: Transport.NATS, options: { servers: transport.servers, name: caller, ...NATS_RECONNECT } };
  }
}

export function describeRpcListener(transport: RpcTransport, listen: RpcEndpoint, service: string): string {
  return transport.kind === 'tcp'
    ? `RPC (TCP) on ${listen.host}:${listen.port}`
    : `RPC (NATS, queue group ${service}) via ${transport.servers.join(', ')}`;
}
