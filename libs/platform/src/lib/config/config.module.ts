import { DynamicModule, Module } from '@nestjs/common';

@Module({})
export class ConfigModule {
  // Makes the config parsed in main.ts injectable everywhere under `token`.
  static forRoot(token: symbol, config: unknown): DynamicModule {
    return { module: ConfigModule, global: true, providers: [{ provide: token, useValue: config }], exports: [token] };
  }
}
