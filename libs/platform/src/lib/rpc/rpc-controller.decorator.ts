import { applyDecorators, Controller, NestInterceptor, Type, UseFilters, UseInterceptors } from '@nestjs/common';
import { RpcRequestLogInterceptor } from '../logging/rpc-request-log.interceptor';
import { RpcErrorFilter } from './rpc-error.filter';

// A controller of message handlers: one log line per message, and its errors
// reach the caller as the mesh's error body. (A global filter cannot do this
// for a hybrid app: Nest builds a connected microservice's handlers at once,
// before useGlobalFilters could apply.) The log interceptor is set here, not
// globally: any global interceptor makes Nest wrap every HTTP route in
// AsyncResource binds and observables, ~5% of a validated request's CPU.
// `interceptors` run inside it, so the line shows the status they answer
// (an app's global interceptors run outside it).
export function RpcController(options: { interceptors?: Type<NestInterceptor>[] } = {}): ClassDecorator {
  return applyDecorators(
    Controller(),
    UseFilters(RpcErrorFilter),
    UseInterceptors(RpcRequestLogInterceptor, ...(options.interceptors ?? [])),
  );
}
