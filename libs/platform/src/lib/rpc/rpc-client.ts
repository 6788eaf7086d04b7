import type { DynamicModule, InjectionToken } from '@nestjs/common';
import { ClientsModule } from '@nestjs/microservices';
import { RpcEndpoint, rpcClientOptions, RpcTransport } from './rpc-transport';

export interface RpcClientRegistration<C> {
  // Injection token of the ClientProxy (declare it in a `*.constants.ts`).
  name: symbol;
  // The token of the app's parsed config, and where the peer is in it.
  config: InjectionToken;
  peer: (config: C) => { transport: RpcTransport; endpoint: RpcEndpoint };
  // The calling service's name (its NATS connection name).
  caller: string;
}

// A ClientProxy for another service of the mesh, over TCP or NATS as configured.
export function registerRpcClient<C>(registration: RpcClientRegistration<C>): DynamicModule {
  return ClientsModule.registerAsync([
    {
      name: registration.name,
      inject: [registration.config],
      useFactory: (config: C) => {
        const { transport, endpoint } = registration.peer(config);
        return rpcClientOptions(transport, endpoint, registration.caller);
      },
    },
  ]);
}
