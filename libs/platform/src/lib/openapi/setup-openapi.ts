import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { addZodComponents } from './zod-openapi';

export const SESSION_SECURITY = 'session';

export interface OpenApiOptions {
  title: string;
  description: string;
  cookieName: string;
}

// Every service documents itself at /docs (UI) and /docs-json; the gateway
// shows these same documents under /docs/<service> and /swagger.
export function setupOpenApi(app: INestApplication, options: OpenApiOptions): void {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion('1.0')
    .addCookieAuth(options.cookieName, { type: 'apiKey', in: 'cookie', name: options.cookieName }, SESSION_SECURITY)
    .build();
  const document = addZodComponents(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
