import { writeOpenApiDocument } from '@session-mesh/platform';
import { authService } from './auth-service.definition';

// `nx run auth-service:openapi`: docs/openapi/auth-service.json, without a network.
writeOpenApiDocument(authService);
