import { INestApplication, Logger } from '@nestjs/common';
import { describeRpcListener, RpcEndpoint, rpcServerOptions, RpcTransport } from './rpc-transport';

export interface RpcListener {
  transport: RpcTransport;
  listen: RpcEndpoint;
  // The service's name: its NATS queue group.
  service: string;
}

// Adds the app's microservice listener; its handlers live in @RpcController()
// classes, whose errors reach callers as the HTTP error bodies. Started by startRpc().
export function connectRpc(app: INestApplication, listener: RpcListener): void {
  app.connectMicroservice(rpcServerOptions(listener.transport, listener.listen, listener.service));
}

export async function startRpc(app: INestApplication, listener: RpcListener): Promise<void> {
  await app.startAllMicroservices();
  new Logger(listener.service).log(describeRpcListener(listener.transport, listener.listen, listener.service));
}
