import type { ServiceDefinition } from '@session-mesh/platform';
import { isBearerOnlyRequest } from '@session-mesh/session';
import { AppModule } from './app.module';
import { AuthServiceConfig, authServiceEnv } from './config/auth-service.config';

// What main.ts boots and openapi.ts documents.
export const authService: ServiceDefinition<AuthServiceConfig> = {
  name: 'auth-service',
  env: authServiceEnv,
  module: AppModule.forRoot,
  // user-service sends authorization changes here.
  rpc: true,
  openApi: {
    description:
      'Login, logout, who-am-I and sessions of session-mesh. The only service that writes sessions to Redis.',
    cookieName: (config) => config.session.cookie.name,
  },
  withoutAmbientCredential: (config) => isBearerOnlyRequest(config.session.cookie.name),
};
