import { startTracing } from '@session-mesh/platform/tracing';

// Imported first by main.ts: the SDK must patch http, node-redis and pg
// before anything requires them (see docs/operations.md, Tracing).
startTracing('auth-service');
