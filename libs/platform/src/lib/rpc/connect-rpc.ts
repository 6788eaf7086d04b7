import { INestApplication, Logger } from '@nestjs/common';
import { RpcErrorFilter } from './rpc-error.filter';
import { describeRpcListener, RpcEndpoint, rpcServerOptions, RpcTransport } from './rpc-transport';

export interface RpcListener {
  transport: RpcTransport;
  listen: RpcEndpoint;
  // The service's name: its NATS queue group.
  service: string;
}

// Adds the app's microservice listener with the RPC error filter, so callers
// get the same error bodies as over HTTP. Started by startRpc().
export function connectRpc(app: INestApplication, listener: RpcListener): void {
  const rpc = app.connectMicroservice(rpcServerOptions(listener.transport, listener.listen, listener.service));
  rpc.useGlobalFilters(new RpcErrorFilter());
}

export async function startRpc(app: INestApplication, listener: RpcListener): Promise<void> {
  await app.startAllMicroservices();
  new Logger(listener.service).log(describeRpcListener(listener.transport, listener.listen, listener.service));
}
