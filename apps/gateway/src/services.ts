// Every service behind the gateway, one entry each: where it runs (its URL
// variable, one URL or several replicas separated by commas), which paths it
// owns and where its OpenAPI document is shown. `nx g
// @session-mesh/nx-plugin:service <name>` appends an entry here.
export interface ServiceEntry {
  // Its key in config.upstreams and in the logs.
  name: string;
  title: string;
  urlVariable: string;
  defaultUrl: string;
  // First match wins across all entries, in this order: a more specific path
  // of one service (`/user/login`) must come before a shorter one of another (`/user`).
  routes: ReadonlyArray<string | RegExp>;
  // At /<docs> and /<docs>-json on the gateway, and in the /swagger selector.
  docs: string;
  // Only the session writer may set the session cookie in a browser.
  setsSessionCookie?: boolean;
}

export const SERVICES: readonly ServiceEntry[] = [
  {
    name: 'auth',
    title: 'auth-service',
    urlVariable: 'AUTH_SERVICE_URL',
    defaultUrl: 'http://127.0.0.1:3001',
    // Sessions are auth-service's, even under the user API (a user's sessions,
    // impersonating a user); so is the audit trail it reads.
    routes: ['/user/login', /^\/users\/[^/?]+\/(?:sessions|impersonate)(?=$|[/?])/, '/auth', '/audit'],
    docs: 'docs/auth',
    setsSessionCookie: true,
  },
  {
    name: 'users',
    title: 'user-service',
    urlVariable: 'USER_SERVICE_URL',
    defaultUrl: 'http://127.0.0.1:3002',
    routes: ['/user', '/users', '/groups', '/roles'],
    docs: 'docs/users',
  },
];
