import { createHttpApp, keepProcessAlive, listen, loadConfigOrExit, setupOpenApi } from '@session-mesh/platform';
import { AppModule } from './app.module';
import { authServiceEnv } from './config/auth-service.config';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit(authServiceEnv);
  keepProcessAlive();
  const app = await createHttpApp(AppModule.forRoot(config), { parseBodies: true });
  app.set('trust proxy', config.http.trustProxy);
  setupOpenApi(app, {
    title: 'auth-service',
    description: 'Login, logout and who-am-I of session-mesh. The only service that writes sessions to Redis.',
    cookieName: config.session.cookie.name,
  });
  await listen(app, config.http.port, 'auth-service');
}

void bootstrap();
