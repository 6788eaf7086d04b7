import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { LogConfig } from './log-config';
import { LOG_CONFIG, RpcRequestLogInterceptor } from './rpc-request-log.interceptor';

// Imported by bootstrapService beside the app's module: the RPC request line
// for every message handler (HTTP requests are logged by requestLogMiddleware).
@Global()
@Module({})
export class LoggingModule {
  static forRoot(config: LogConfig): DynamicModule {
    return {
      module: LoggingModule,
      providers: [
        { provide: LOG_CONFIG, useValue: config },
        { provide: APP_INTERCEPTOR, useClass: RpcRequestLogInterceptor },
      ],
      exports: [LOG_CONFIG],
    };
  }
}
