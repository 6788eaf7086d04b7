import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, HealthController, READINESS_CHECKS, ReadinessCheck } from '@session-mesh/platform';
import { GATEWAY_CONFIG, GatewayConfig, UpstreamName } from './config/gateway.config';

// The gateway is ready when every service it routes to is.
function upstreamReadiness(name: UpstreamName, baseUrl: string): ReadinessCheck {
  return {
    name: name === 'auth' ? 'auth-service' : 'user-service',
    check: async () => {
      const response = await fetch(new URL('/ready', baseUrl), { signal: AbortSignal.timeout(1000) });
      if (!response.ok) throw new Error(`${name}-service is not ready (HTTP ${response.status})`);
    },
  };
}

@Module({})
export class AppModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(GATEWAY_CONFIG, config)],
      controllers: [HealthController],
      providers: [
        {
          provide: READINESS_CHECKS,
          useValue: (Object.keys(config.upstreams) as UpstreamName[]).map((name) =>
            upstreamReadiness(name, config.upstreams[name]),
          ),
        },
      ],
    };
  }
}
