// Must stay the first import: it starts tracing before the instrumented modules load.
import './tracing';
import { bootstrapService } from '@session-mesh/platform';
import { AppModule } from './app.module';
import { setupConsole } from './console/console-routes';
import { gatewayEnv } from './config/gateway.config';
import { setupServiceDocs } from './docs/service-docs';
import { createServiceProxies } from './proxy/proxy';

void bootstrapService({
  name: 'gateway',
  env: gatewayEnv,
  module: AppModule.forRoot,
  // Bodies stay unparsed: the proxy streams them to the services.
  parseBodies: false,
  configure: (app, config) => {
    app.use(createServiceProxies(config));
    setupServiceDocs(app, config);
    setupConsole(app, config);
  },
});
