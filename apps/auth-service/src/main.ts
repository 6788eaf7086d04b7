import {
  connectRpc,
  createHttpApp,
  keepProcessAlive,
  listen,
  loadConfigOrExit,
  setupOpenApi,
  startRpc,
} from '@session-mesh/platform';
import { AppModule } from './app.module';
import { authServiceEnv } from './config/auth-service.config';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit(authServiceEnv);
  keepProcessAlive();
  const app = await createHttpApp(AppModule.forRoot(config), { parseBodies: true, ...config.http });
  // user-service sends authorization changes here.
  const rpc = { transport: config.rpcTransport, listen: config.rpc, service: 'auth-service' };
  connectRpc(app, rpc);
  setupOpenApi(app, {
    title: 'auth-service',
    description:
      'Login, logout, who-am-I and sessions of session-mesh. The only service that writes sessions to Redis.',
    cookieName: config.session.cookie.name,
  });
  await startRpc(app, rpc);
  await listen(app, config.http.port, 'auth-service');
}

void bootstrap();
