import { formatOpenApiDocument, openApiDocumentOf } from '@session-mesh/platform';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { userService } from './user-service.definition';

// Standard tools (Redocly, Prism, openapi-typescript) read the committed file,
// so it must be what this code serves.
const COMMITTED = join(__dirname, '../../../docs/openapi/user-service.json');

describe('docs/openapi/user-service.json', () => {
  it('is the document the service serves (if not: npx nx run user-service:openapi)', async () => {
    const served = JSON.parse(formatOpenApiDocument(await openApiDocumentOf(userService)));
    expect(JSON.parse(readFileSync(COMMITTED, 'utf8'))).toEqual(served);
  });
});
