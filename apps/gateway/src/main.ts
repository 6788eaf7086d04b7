import { createHttpApp, keepProcessAlive, listen, loadConfigOrExit } from '@session-mesh/platform';
import { AppModule } from './app.module';
import { gatewayEnv } from './config/gateway.config';
import { setupServiceDocs } from './docs/service-docs';
import { createServiceProxies } from './proxy/proxy';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit(gatewayEnv);
  keepProcessAlive();
  // Bodies stay unparsed: the proxy streams them to the services.
  const app = await createHttpApp(AppModule.forRoot(config), { parseBodies: false });
  app.use(createServiceProxies(config));
  setupServiceDocs(app, config);
  await listen(app, config.port, 'gateway');
}

void bootstrap();
