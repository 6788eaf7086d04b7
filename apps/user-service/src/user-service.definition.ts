import type { ServiceDefinition } from '@session-mesh/platform';
import { isBearerOnlyRequest } from '@session-mesh/session';
import { AppModule } from './app.module';
import { UserServiceConfig, userServiceEnv } from './config/user-service.config';

// What main.ts boots and openapi.ts documents.
export const userService: ServiceDefinition<UserServiceConfig> = {
  name: 'user-service',
  env: userServiceEnv,
  module: AppModule.forRoot,
  // auth-service verifies credentials here.
  rpc: true,
  openApi: {
    description:
      'Users, groups and roles of session-mesh. Every route validates the session cookie against Redis itself.',
    cookieName: (config) => config.session.cookie.name,
  },
  withoutAmbientCredential: (config) => isBearerOnlyRequest(config.session.cookie.name),
};
