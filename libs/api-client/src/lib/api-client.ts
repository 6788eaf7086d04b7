import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components as AuthComponents, paths as AuthPaths } from '../generated/auth-service';
import type { components as UserComponents, paths as UserPaths } from '../generated/user-service';

export type { AuthPaths, UserPaths };
// Every named schema of each document (the zod contracts' ids), e.g. AuthSchemas['MeResponse'].
export type AuthSchemas = AuthComponents['schemas'];
export type UserSchemas = UserComponents['schemas'];
export type ErrorBody = AuthSchemas['ErrorBody'];

export type AuthClient = Client<AuthPaths>;
export type UserClient = Client<UserPaths>;

// auth-service's API: login, logout, who-am-I, sessions.
export function createAuthClient(options: ClientOptions = {}): AuthClient {
  return createClient<AuthPaths>(options);
}

// user-service's API: users, groups, roles.
export function createUserClient(options: ClientOptions = {}): UserClient {
  return createClient<UserPaths>(options);
}

export interface MeshClient {
  auth: AuthClient;
  users: UserClient;
}

// Both services through one gateway, the usual case: in a browser on the
// gateway's origin, `createMeshClient()` is enough (the browser keeps the
// HttpOnly session cookie). `overrides` sends one service elsewhere, e.g.
// through a proxy of its own.
export function createMeshClient(
  options: ClientOptions = {},
  overrides: Partial<Record<keyof MeshClient, ClientOptions>> = {},
): MeshClient {
  return {
    auth: createAuthClient({ ...options, ...overrides.auth }),
    users: createUserClient({ ...options, ...overrides.users }),
  };
}
