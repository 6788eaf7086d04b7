// Injection token of the ClientProxy that talks to user-service.
export const USER_SERVICE_CLIENT = Symbol('USER_SERVICE_CLIENT');
