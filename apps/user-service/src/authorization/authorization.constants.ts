// Injection token of the ClientProxy that talks to auth-service.
export const AUTH_SERVICE_CLIENT = Symbol('AUTH_SERVICE_CLIENT');

// How often the relay retries changes that auth-service has not confirmed.
export const SESSION_SYNC_RETRY_MS = 2000;
