import { Logger } from '@nestjs/common';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import {
  createHttpApp,
  keepProcessAlive,
  listen,
  loadConfigOrExit,
  RpcErrorFilter,
  setupOpenApi,
} from '@session-mesh/platform';
import { AppModule } from './app.module';
import { userServiceEnv } from './config/user-service.config';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit(userServiceEnv);
  keepProcessAlive();
  const app = await createHttpApp(AppModule.forRoot(config), { parseBodies: true });
  app.set('trust proxy', config.http.trustProxy);
  const rpc = app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.TCP,
    options: { host: config.rpc.host, port: config.rpc.port },
  });
  rpc.useGlobalFilters(new RpcErrorFilter());
  setupOpenApi(app, {
    title: 'user-service',
    description:
      'Users, groups and roles of session-mesh. Every route validates the session cookie against Redis itself.',
    cookieName: config.session.cookie.name,
  });
  await app.startAllMicroservices();
  new Logger('user-service').log(`RPC (TCP) on ${config.rpc.host}:${config.rpc.port}`);
  await listen(app, config.http.port, 'user-service');
}

void bootstrap();
