import { INestApplication, Logger } from '@nestjs/common';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { RpcErrorFilter } from './rpc-error.filter';

// Adds the app's microservice listener (TCP) with the RPC error filter, so
// callers get the same error bodies as over HTTP. Started by startRpc().
export function connectRpc(app: INestApplication, endpoint: { host: string; port: number }): void {
  const rpc = app.connectMicroservice<MicroserviceOptions>({ transport: Transport.TCP, options: endpoint });
  rpc.useGlobalFilters(new RpcErrorFilter());
}

export async function startRpc(
  app: INestApplication,
  endpoint: { host: string; port: number },
  name: string,
): Promise<void> {
  await app.startAllMicroservices();
  new Logger(name).log(`RPC (TCP) on ${endpoint.host}:${endpoint.port}`);
}
