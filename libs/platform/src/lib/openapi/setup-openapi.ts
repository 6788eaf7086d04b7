import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PUBLIC_SECURITY_MARKER } from '../http/public.decorator';
import { addZodComponents } from './zod-openapi';

export const SESSION_SECURITY = 'session';
// The same session token in `Authorization: Bearer` (clients that are not browsers).
export const BEARER_SECURITY = 'bearer';

export interface OpenApiOptions {
  title: string;
  description: string;
  cookieName: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

// The document of one service, as it serves it and as docs/openapi/ holds it
// (docs/api.md). Relative to where it is served: the service itself
// (/docs-json) or the gateway (/docs/<service>-json), so the one server is `/`.
export function createOpenApiDocument(app: INestApplication, options: OpenApiOptions): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion('1.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'The gateway, or the service itself: wherever this document was fetched from')
    .addCookieAuth(options.cookieName, { type: 'apiKey', in: 'cookie', name: options.cookieName }, SESSION_SECURITY)
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'The session token of a login with "transport": "bearer" (never together with the cookie)',
      },
      BEARER_SECURITY,
    )
    // Like the session guard: closed unless @Public(); either scheme will do.
    .addSecurityRequirements(SESSION_SECURITY)
    .addSecurityRequirements(BEARER_SECURITY)
    .build();
  return applySessionSecurity(addZodComponents(SwaggerModule.createDocument(app, config)));
}

// Every service documents itself at /docs (UI) and /docs-json; the gateway
// shows these same documents under /docs/<service> and /swagger.
export function setupOpenApi(app: INestApplication, options: OpenApiOptions): void {
  SwaggerModule.setup('docs', app, createOpenApiDocument(app, options), { jsonDocumentUrl: 'docs-json' });
}

// The guard opens a route only for @Public() and asks a session of every
// other; the document must say the same. @Public() becomes `security: []`;
// every other operation must carry the session requirements (cookie or
// bearer) with its 401 and 503, which @Authenticated() and @Roles() add. A route that has neither, or
// both, is a mistake caught here rather than shipped as a wrong contract.
export function applySessionSecurity(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const where = `OpenAPI ${method.toUpperCase()} ${path}`;
      const requirements = operation.security ?? [];
      const isPublic = requirements.some((requirement) => PUBLIC_SECURITY_MARKER in requirement);
      const needsSession =
        requirements.some((requirement) => SESSION_SECURITY in requirement) &&
        requirements.some((requirement) => BEARER_SECURITY in requirement);
      if (isPublic && needsSession) throw new Error(`${where}: both @Public() and a session requirement`);
      if (isPublic) {
        operation.security = [];
        continue;
      }
      const documented = needsSession && '401' in operation.responses && '503' in operation.responses;
      if (!documented) {
        throw new Error(`${where}: the session guard protects it: use @Authenticated() or @Roles(), or @Public()`);
      }
    }
  }
  return document;
}
