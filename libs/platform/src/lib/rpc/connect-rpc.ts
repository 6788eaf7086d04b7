import { INestApplication, Logger } from '@nestjs/common';
import { describeRpcListener, RpcEndpoint, rpcServerOptions, RpcTransport } from './rpc-transport';

export interface RpcListener {
  transport: RpcTransport;
  listen: RpcEndpoint;
  // The service's name: its NATS queue group.
  service: string;
}

// Adds the app's microservice listener; its handlers live in @RpcController()
// classes, whose errors reach callers as the HTTP error bodies. It inherits the
// app's global enhancers (APP_INTERCEPTOR and the like), so a handler is
// treated like a route (e.g. "Postgres is down" becomes a 503 for both).
// Started by startRpc().
export function connectRpc(app: INestApplication, listener: RpcListener): void {
  app.connectMicroservice(rpcServerOptions(listener.transport, listener.listen, listener.service), {
    inheritAppConfig: true,
  });
}

export async function startRpc(app: INestApplication, listener: RpcListener): Promise<void> {
  await app.startAllMicroservices();
  new Logger(listener.service).log(describeRpcListener(listener.transport, listener.listen, listener.service));
}
