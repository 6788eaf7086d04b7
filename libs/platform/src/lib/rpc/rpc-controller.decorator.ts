import { applyDecorators, Controller, UseFilters } from '@nestjs/common';
import { RpcErrorFilter } from './rpc-error.filter';

// A controller of message handlers: its errors reach the caller as the mesh's
// error body. (A global filter cannot do this for a hybrid app: Nest builds a
// connected microservice's handlers at once, before useGlobalFilters could apply.)
export function RpcController(): ClassDecorator {
  return applyDecorators(Controller(), UseFilters(RpcErrorFilter));
}
