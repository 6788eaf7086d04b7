import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { writeFileSync } from 'node:fs';
import { serviceRootModule, type BootstrapConfig, type ServiceDefinition } from '../bootstrap/bootstrap-service';
import { loadConfig } from '../config/load-config';
import { createOpenApiDocument } from './setup-openapi';

// The OpenAPI document a service serves at /docs-json, built from its module
// in Nest's preview mode: no provider is instantiated, so nothing connects.
// The environment is fixed (development defaults) so that the document does
// not depend on the shell it is built in.
export async function openApiDocumentOf<C extends BootstrapConfig>(
  service: ServiceDefinition<C>,
  env: NodeJS.ProcessEnv = { NODE_ENV: 'development' },
): Promise<OpenAPIObject> {
  if (!service.openApi) throw new Error(`${service.name} has no OpenAPI document`);
  const config = loadConfig(service.env, env);
  const app = await NestFactory.create(serviceRootModule(service, config), new FastifyAdapter(), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return createOpenApiDocument(app, {
      title: service.name,
      description: service.openApi.description,
      cookieName: service.openApi.cookieName(config),
    });
  } finally {
    await app.close();
  }
}

// How docs/openapi/ keeps a document: two-space JSON and a final newline.
export function formatOpenApiDocument(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

// The entry point of an app's `openapi` target (apps/<app>/src/openapi.ts):
// writes the document to the file named on the command line.
export function writeOpenApiDocument<C extends BootstrapConfig>(service: ServiceDefinition<C>): void {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node openapi.js <output file>');
  openApiDocumentOf(service).then(
    (document) => writeFileSync(file, formatOpenApiDocument(document)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
