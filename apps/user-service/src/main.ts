import { bootstrapService } from '@session-mesh/platform';
import { AppModule } from './app.module';
import { userServiceEnv } from './config/user-service.config';

void bootstrapService({
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
});
