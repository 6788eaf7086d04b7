import { bootstrapService } from '@session-mesh/platform';
import { AppModule } from './app.module';
import { authServiceEnv } from './config/auth-service.config';

void bootstrapService({
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
});
