import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'sessionMesh:isPublic';

// Routes are closed by default: the session guard lets a request through
// without a session only where this is set. It lives here so that platform
// routes (health) can use it; @session-mesh/session re-exports it.
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
