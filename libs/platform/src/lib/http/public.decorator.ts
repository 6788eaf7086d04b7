import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';

export const IS_PUBLIC_KEY = 'sessionMesh:isPublic';

// A placeholder security requirement that marks an operation public in the
// OpenAPI document; createOpenApiDocument() turns it into `security: []`,
// which decorators cannot spell (an empty requirement list is dropped).
export const PUBLIC_SECURITY_MARKER = 'sessionMesh:public';

// Routes are closed by default: the session guard lets a request through
// without a session only where this is set, and the OpenAPI document says so
// from the same decorator. It lives here so that platform routes (health) can
// use it; @session-mesh/session re-exports it.
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC_KEY, true), ApiSecurity(PUBLIC_SECURITY_MARKER));
