import type { INestApplication } from '@nestjs/common';
import { OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { GatewayConfig, UpstreamName } from '../config/gateway.config';
import { SERVICES } from '../services';

// Each service documents itself; the gateway shows those documents as they
// are now, fetched per request, so they cannot go stale here.
const DOCS: ReadonlyArray<{ upstream: UpstreamName; path: string; title: string }> = SERVICES.map((service) => ({
  upstream: service.name,
  path: service.docs,
  title: service.title,
}));

const FETCH_TIMEOUT_MS = 3000;

function placeholder(title: string, description: string): OpenAPIObject {
  return { openapi: '3.0.0', info: { title, version: '1.0', description }, paths: {} };
}

// From the first replica that answers: they all serve the same document.
async function fetchDocument(baseUrls: string[], title: string): Promise<OpenAPIObject> {
  let problem = '';
  for (const baseUrl of baseUrls) {
    try {
      const response = await fetch(new URL('/docs-json', baseUrl), { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as OpenAPIObject;
    } catch (error) {
      problem = (error as Error).message;
    }
  }
  return placeholder(`${title} (unavailable)`, `The document could not be fetched: ${problem}`);
}

export function setupServiceDocs(app: INestApplication, config: GatewayConfig): void {
  for (const doc of DOCS) {
    SwaggerModule.setup(doc.path, app, placeholder(doc.title, ''), {
      jsonDocumentUrl: `${doc.path}-json`,
      patchDocumentOnRequest: () => fetchDocument(config.upstreams[doc.upstream], doc.title),
    });
  }
  // The PoC's /swagger: one UI with a selector for every service's document.
  SwaggerModule.setup('swagger', app, placeholder('session-mesh', 'Pick a service in the selector above.'), {
    raw: false,
    explorer: true,
    swaggerOptions: { urls: DOCS.map((doc) => ({ url: `/${doc.path}-json`, name: doc.title })) },
  });
}
