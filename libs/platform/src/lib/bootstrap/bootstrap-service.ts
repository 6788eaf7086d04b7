import { Logger } from '@nestjs/common';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { z } from 'zod';
import { loadConfigOrExit } from '../config/load-config';
import { errorMessage } from '../errors/error-message';
import { createHttpApp, keepProcessAlive, listen } from '../http/bootstrap-http';
import type { LogConfig } from '../logging/log-config';
import { createLogger } from '../logging/logger';
import { LoggingModule } from '../logging/logging.module';
import type { MetricsConfig } from '../metrics/metrics-config';
import { startMetricsServer, stopMetricsServer } from '../metrics/metrics-server';
import { setupOpenApi } from '../openapi/setup-openapi';
import { connectRpc, startRpc } from '../rpc/connect-rpc';
import type { RpcEndpoint, RpcTransport } from '../rpc/rpc-transport';

// What the bootstrap reads from an app's parsed config.
export interface BootstrapConfig {
  http: { port: number; trustProxy?: string; trustedOrigins?: readonly string[] };
  log: LogConfig;
  // /metrics on a port of its own (METRICS_PORT); absent or no port: off.
  metrics?: MetricsConfig;
  rpcTransport?: RpcTransport;
  rpc?: RpcEndpoint;
}

export interface ServiceDefinition<C extends BootstrapConfig> {
  // The service's name: its logger context, OpenAPI title and NATS queue group.
  name: string;
  env: z.ZodType<C>;
  module: (config: C) => DynamicModule;
  // Documented at /docs and /docs-json, with the session cookie and bearer
  // token as security schemes.
  openApi?: { description: string; cookieName: (config: C) => string };
  // Requests the cross-origin protection lets through from any origin: those
  // whose credential a page cannot make a browser send (libs/session's
  // isBearerOnlyRequest: a bearer token and no session cookie).
  withoutAmbientCredential?: (config: C) => (headers: IncomingHttpHeaders) => boolean;
  // Listen for RPC (config.rpc and config.rpcTransport must be set).
  rpc?: boolean;
  // Parse JSON bodies (default) or leave the stream untouched (the gateway proxies it).
  parseBodies?: boolean;
  // Mounts what the module system cannot (the gateway's proxies), before listening.
  configure?: (app: INestApplication, config: C) => void;
}

// The one main.ts of every app: parse the env once (a bad value stops the
// process naming the variable), build the HTTP app with the mesh's body
// limit, error format, request id and cross-origin protection, then the RPC
// listener and OpenAPI document, then listen. A start that fails (a port in
// use, a bad RPC endpoint) ends the process with status 1: a supervisor
// restarts it, where a process left running without a listener would hang.
export async function bootstrapService<C extends BootstrapConfig>(
  service: ServiceDefinition<C>,
): Promise<INestApplication> {
  const config = loadConfigOrExit(service.env);
  keepProcessAlive();
  try {
    return await startService(service, config);
  } catch (error) {
    // Logs are buffered until the app is up: print them, then the cause.
    Logger.flush();
    new Logger(service.name).error(`could not start: ${errorMessage(error)}`);
    process.exit(1);
  }
}

// The app's module with what the platform provides beside it (the log
// settings @RpcController() handlers read); also what the OpenAPI document is
// built from, so both resolve the same providers.
export function serviceRootModule<C extends BootstrapConfig>(service: ServiceDefinition<C>, config: C): DynamicModule {
  return {
    module: class ServiceRootModule {},
    imports: [LoggingModule.forRoot(config.log), service.module(config)],
  };
}

async function startService<C extends BootstrapConfig>(
  service: ServiceDefinition<C>,
  config: C,
): Promise<INestApplication> {
  const logger = createLogger(service.name, config.log);
  const root = serviceRootModule(service, config);
  const app = await createHttpApp(root, {
    parseBodies: service.parseBodies ?? true,
    ...config.http,
    withoutAmbientCredential: service.withoutAmbientCredential?.(config),
    log: { logger, requestSampleRate: config.log.requestSampleRate },
    metrics: config.metrics?.port !== undefined,
  });
  const rpc = service.rpc ? rpcListenerOf(service.name, config) : undefined;
  if (rpc) connectRpc(app, rpc);
  service.configure?.(app, config);
  if (service.openApi) {
    setupOpenApi(app, {
      title: service.name,
      description: service.openApi.description,
      cookieName: service.openApi.cookieName(config),
    });
  }
  if (rpc) await startRpc(app, rpc);
  await listen(app, config.http.port, service.name);
  const metricsPort = config.metrics?.port;
  if (metricsPort !== undefined) {
    const metrics = await startMetricsServer(service.name, metricsPort);
    (app.getHttpServer() as Server).once('close', () => stopMetricsServer(metrics));
  }
  return app;
}

function rpcListenerOf(name: string, config: BootstrapConfig) {
  if (!config.rpc || !config.rpcTransport) throw new Error(`${name}: rpc needs config.rpc and config.rpcTransport`);
  return { transport: config.rpcTransport, listen: config.rpc, service: name };
}
