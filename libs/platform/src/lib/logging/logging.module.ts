import { DynamicModule, Global, Module } from '@nestjs/common';
import type { LogConfig } from './log-config';
import { LOG_CONFIG } from './rpc-request-log.interceptor';

// Imported by bootstrapService beside the app's module: the log settings that
// the RPC request line of every @RpcController() handler reads (HTTP requests
// are logged by requestLogMiddleware).
@Global()
@Module({})
export class LoggingModule {
  static forRoot(config: LogConfig): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: LOG_CONFIG, useValue: config }],
      exports: [LOG_CONFIG],
    };
  }
}
