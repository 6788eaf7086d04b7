import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, HealthController, READINESS_CHECKS, ReadinessCheck } from '@session-mesh/platform';
import { GATEWAY_CONFIG, GatewayConfig } from './config/gateway.config';
import { SERVICES } from './services';

// The gateway is ready when every service it routes to has a ready replica.
function upstreamReadiness(service: string, baseUrls: string[]): ReadinessCheck {
  const checkOne = async (baseUrl: string): Promise<void> => {
    const response = await fetch(new URL('/ready', baseUrl), { signal: AbortSignal.timeout(1000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
  };
  return {
    name: service,
    check: async () => {
      try {
        await Promise.any(baseUrls.map(checkOne));
      } catch {
        throw new Error(`no replica of ${service} is ready`);
      }
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
          useValue: SERVICES.map((service) => upstreamReadiness(service.title, config.upstreams[service.name])),
        },
      ],
    };
  }
}
