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
import { userServiceEnv } from './config/user-service.config';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit(userServiceEnv);
  keepProcessAlive();
  const app = await createHttpApp(AppModule.forRoot(config), { parseBodies: true, ...config.http });
  // auth-service verifies credentials here.
  const rpc = { transport: config.rpcTransport, listen: config.rpc, service: 'user-service' };
  connectRpc(app, rpc);
  setupOpenApi(app, {
    title: 'user-service',
    description:
      'Users, groups and roles of session-mesh. Every route validates the session cookie against Redis itself.',
    cookieName: config.session.cookie.name,
  });
  await startRpc(app, rpc);
  await listen(app, config.http.port, 'user-service');
}

void bootstrap();
