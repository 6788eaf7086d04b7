import { writeOpenApiDocument } from '@session-mesh/platform';
import { userService } from './user-service.definition';

// `nx run user-service:openapi`: docs/openapi/user-service.json, without a network.
writeOpenApiDocument(userService);
