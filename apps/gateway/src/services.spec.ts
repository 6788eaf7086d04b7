import { gatewayEnv } from './config/gateway.config';
import { upstreamOf } from './proxy/routes';
import { SERVICES } from './services';

describe('services.ts', () => {
  it('names each service, URL variable and docs path once', () => {
    for (const key of ['name', 'title', 'urlVariable', 'docs'] as const) {
      const values = SERVICES.map((service) => service[key]);
      expect(new Set(values).size).toBe(values.length);
    }
  });

  it('lets exactly one service (auth-service, the session writer) set the session cookie', () => {
    expect(SERVICES.filter((service) => service.setsSessionCookie).map((service) => service.name)).toEqual(['auth']);
  });

  it('reads each service URL from its variable, with its default', () => {
    const config = gatewayEnv.parse({ AUTH_SERVICE_URL: 'http://a:1,http://b:2' });
    expect(config.upstreams['auth']).toEqual(['http://a:1', 'http://b:2']);
    for (const service of SERVICES.filter((entry) => entry.name !== 'auth')) {
      expect(config.upstreams[service.name]).toEqual([service.defaultUrl]);
    }
  });

  it('routes every string prefix to its own service (no earlier entry shadows it)', () => {
    for (const service of SERVICES) {
      for (const route of service.routes) {
        if (typeof route === 'string') expect(upstreamOf(route)).toBe(service.name);
      }
    }
  });
});
