import { formatOpenApiDocument, openApiDocumentOf } from '@session-mesh/platform';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { authService } from './auth-service.definition';

// Standard tools (Redocly, Prism, openapi-typescript) read the committed file,
// so it must be what this code serves.
const COMMITTED = join(__dirname, '../../../docs/openapi/auth-service.json');

describe('docs/openapi/auth-service.json', () => {
  it('is the document the service serves (if not: npx nx run auth-service:openapi)', async () => {
    const served = JSON.parse(formatOpenApiDocument(await openApiDocumentOf(authService)));
    expect(JSON.parse(readFileSync(COMMITTED, 'utf8'))).toEqual(served);
  });
});
