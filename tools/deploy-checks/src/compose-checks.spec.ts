import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ComposeContext, checkCompose } from './lib/compose';
import { EnvSchema } from './lib/env';
import { Workspace, composeContext, loadEnvSchemas, parseCompose, readWorkspace } from './lib/workspace';

type Doc = Record<string, Record<string, unknown>>;

// Each case breaks one invariant of the real docker-compose.yml and expects
// the check to name it.
describe('checkCompose', () => {
  let workspace: Workspace;
  let schemas: Record<string, EnvSchema>;
  let context: ComposeContext;

  beforeAll(async () => {
    workspace = readWorkspace();
    schemas = await loadEnvSchemas();
    context = composeContext(workspace, schemas);
  });

  function services(doc: unknown): Doc {
    return (doc as { services: Doc }).services;
  }

  function service(doc: unknown, name: string): Record<string, unknown> {
    const found = services(doc)[name];
    if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
    return found;
  }

  // A mapping inside a service (build, depends_on, environment).
  function part(doc: unknown, name: string, key: string): Record<string, unknown> {
    return service(doc, name)[key] as Record<string, unknown>;
  }

  function env(doc: unknown, name: string): Record<string, unknown> {
    return part(doc, name, 'environment');
  }

  function violationsAfter(mutate: (doc: unknown) => void, inContext: ComposeContext = context): string[] {
    const doc = structuredClone(workspace.compose);
    mutate(doc);
    return checkCompose(doc, inContext);
  }

  it('passes on the unmodified file (the baseline of every case below)', () => {
    expect(checkCompose(structuredClone(workspace.compose), context)).toEqual([]);
  });

  const cases: [string, (doc: unknown) => void, string][] = [
    ['a required service is missing', (doc) => delete services(doc)['migrate'], 'service migrate is missing'],
    [
      'postgres is older than 14',
      (doc) => (service(doc, 'postgres')['image'] = 'postgres:13-alpine'),
      'postgres: image must be postgres:<14 or newer>',
    ],
    [
      'postgres has no pinned major',
      (doc) => (service(doc, 'postgres')['image'] = 'postgres:latest'),
      'postgres: image must be postgres:<14 or newer>',
    ],
    [
      'postgres keeps its data in the container',
      (doc) => delete service(doc, 'postgres')['volumes'],
      'postgres: its data directory must be a named volume',
    ],
    ['redis is not 7', (doc) => (service(doc, 'redis')['image'] = 'redis:6-alpine'), 'redis: image must be redis:7'],
    [
      'postgres names its image without a variable',
      (doc) => (service(doc, 'postgres')['image'] = 'postgres:16-alpine'),
      'postgres: image must be ${POSTGRES_IMAGE:-<official image>}, got postgres:16-alpine',
    ],
    [
      'the default of the image variable is too old',
      (doc) => (service(doc, 'postgres')['image'] = '${POSTGRES_IMAGE:-postgres:13-alpine}'),
      'postgres: image must be postgres:<14 or newer>, got postgres:13-alpine',
    ],
    [
      'nats names its image without a variable',
      (doc) => (service(doc, 'nats')['image'] = 'nats:2-alpine'),
      'nats: image must be ${NATS_IMAGE:-<official image>}, got nats:2-alpine',
    ],
    [
      'the gateway publishes another port by default',
      (doc) => (service(doc, 'gateway')['ports'] = ['${GATEWAY_PORT:-8080}:3000']),
      'gateway: must publish port 3000',
    ],

    [
      'redis persistence is off',
      (doc) => (service(doc, 'redis')['command'] = ['redis-server', '--requirepass', '${REDIS_PASSWORD}']),
      'redis: persistence is off',
    ],
    ['redis has no volume', (doc) => delete service(doc, 'redis')['volumes'], 'redis: /data must be a named volume'],
    ['redis has no healthcheck', (doc) => delete service(doc, 'redis')['healthcheck'], 'redis: has no healthcheck'],
    [
      'an app disables its healthcheck',
      (doc) => (service(doc, 'auth-service')['healthcheck'] = { disable: true }),
      'auth-service: has no healthcheck',
    ],
    [
      'a healthcheck runs a script the image lacks',
      (doc) => (service(doc, 'gateway')['healthcheck'] = { test: ['CMD', 'node', '/usr/local/lib/other.cjs'] }),
      'gateway: healthcheck runs /usr/local/lib/other.cjs, which the runtime stage does not copy',
    ],
    [
      'depends_on in the short form',
      (doc) => (service(doc, 'gateway')['depends_on'] = ['auth-service', 'user-service']),
      'gateway: depends_on must use the long form with a condition',
    ],
    [
      'the services do not wait for the migration',
      (doc) => delete part(doc, 'user-service', 'depends_on')['migrate'],
      'user-service: must depend on migrate with condition service_completed_successfully (has none)',
    ],
    [
      'a dependency is only started, not healthy',
      (doc) =>
        (part(doc, 'auth-service', 'depends_on')['redis'] = {
          condition: 'service_started',
        }),
      'auth-service: must depend on redis with condition service_healthy (has service_started)',
    ],
    [
      'the one-shot migration restarts',
      (doc) => (service(doc, 'migrate')['restart'] = 'unless-stopped'),
      'migrate: others wait for it to complete, so it must not restart',
    ],
    [
      'a scalable service publishes a port',
      (doc) => (service(doc, 'user-service')['ports'] = ['3002:3002']),
      'user-service: a host port prevents --scale',
    ],
    [
      'a service other than the gateway publishes a port',
      (doc) => (service(doc, 'postgres')['ports'] = ['5432:5432']),
      'postgres: publishes a port; only gateway may',
    ],
    [
      'a scalable service has a fixed name',
      (doc) => (service(doc, 'auth-service')['container_name'] = 'auth'),
      'auth-service: container_name prevents --scale',
    ],
    [
      'a scalable service uses the host network',
      (doc) => (service(doc, 'user-service')['network_mode'] = 'host'),
      'user-service: network_mode host binds fixed host ports',
    ],
    [
      'the gateway publishes nothing',
      (doc) => delete service(doc, 'gateway')['ports'],
      'gateway: must publish port 3000',
    ],
    [
      'a build context that does not exist',
      (doc) => (part(doc, 'gateway', 'build')['context'] = './nope'),
      'gateway: build context ./nope does not exist',
    ],
    [
      'a Dockerfile that does not exist',
      (doc) => (part(doc, 'gateway', 'build')['dockerfile'] = 'docker/Nope'),
      'gateway: Dockerfile docker/Nope does not exist',
    ],
    [
      'a build target that is not a stage',
      (doc) => (part(doc, 'gateway', 'build')['target'] = 'production'),
      'gateway: build target production is not a stage of docker/Dockerfile',
    ],
    [
      'a build arg APP that is not an app',
      (doc) => (part(doc, 'gateway', 'build')['args'] = { APP: 'billing' }),
      'gateway: build arg APP=billing is not an app',
    ],
    [
      'a service built as another app',
      (doc) => (part(doc, 'gateway', 'build')['args'] = { APP: 'auth-service' }),
      'gateway: must build APP=gateway --target runtime (has APP=auth-service --target runtime)',
    ],
    [
      'a build arg the Dockerfile does not declare',
      (doc) => (part(doc, 'gateway', 'build')['args'] = { APP: 'gateway', NODE_VERSION: '22' }),
      'gateway: build arg NODE_VERSION is not an ARG of the Dockerfile',
    ],
    [
      'the seed runs without its required admin password',
      (doc) => delete env(doc, 'migrate')['ADMIN_PASSWORD'],
      'migrate: ADMIN_PASSWORD is required by its config schema but not set',
    ],
    [
      'an app would use its localhost default for Redis',
      (doc) => delete env(doc, 'auth-service')['REDIS_URL'],
      'auth-service: REDIS_URL is not set and defaults to redis://127.0.0.1:6379, which inside a container is the container itself',
    ],
    [
      'an app would use its localhost default for Postgres',
      (doc) => delete env(doc, 'user-service')['DATABASE_URL'],
      'user-service: DATABASE_URL is not set and defaults to postgresql://postgres@127.0.0.1:5432/session_mesh',
    ],
    [
      'an app would call user-service on localhost',
      (doc) => delete env(doc, 'auth-service')['USER_SERVICE_RPC_HOST'],
      'auth-service: USER_SERVICE_RPC_HOST is not set and defaults to 127.0.0.1',
    ],
    [
      'an address set to localhost',
      (doc) => (env(doc, 'gateway')['AUTH_SERVICE_URL'] = 'http://localhost:3001'),
      'gateway: AUTH_SERVICE_URL=http://localhost:3001 points at the container itself',
    ],
    [
      'a value the schema rejects',
      (doc) => (env(doc, 'user-service')['PORT'] = 'http'),
      'user-service: PORT: Invalid input: expected number, received NaN',
    ],
    [
      'an app outside production mode',
      (doc) => (env(doc, 'gateway')['NODE_ENV'] = 'development'),
      'gateway: NODE_ENV must be production',
    ],
    [
      'an address naming no service',
      (doc) => (env(doc, 'gateway')['AUTH_SERVICE_URL'] = 'http://auth:3001'),
      'gateway: AUTH_SERVICE_URL points at auth, which is not a service',
    ],
    [
      'an address on a port nobody listens on',
      (doc) => (env(doc, 'gateway')['USER_SERVICE_URL'] = 'http://user-service:3000'),
      'gateway: USER_SERVICE_URL uses port 3000, user-service listens on 3002, 4002',
    ],
    [
      'an address the service does not wait for',
      (doc) => delete part(doc, 'auth-service', 'depends_on')['redis'],
      'auth-service: REDIS_URL points at redis but auth-service does not depend on it',
    ],
    [
      'a password written in the file',
      (doc) => (env(doc, 'postgres')['POSTGRES_PASSWORD'] = 'hunter2'),
      'services.postgres.environment.POSTGRES_PASSWORD: a secret must come from .env as ${VAR}, not be written here',
    ],
    [
      'a password written into a URL',
      (doc) => (env(doc, 'migrate')['DATABASE_URL'] = 'postgresql://postgres:hunter2@postgres:5432/session_mesh'),
      'services.migrate.environment.DATABASE_URL: the password in this URL must come from .env as ${VAR}',
    ],
    [
      'a Redis password written on the command line',
      (doc) => (service(doc, 'redis')['command'] = ['redis-server', '--appendonly', 'yes', '--requirepass', 'hunter2']),
      'redis: --requirepass must take its password from .env as ${VAR}',
    ],
    [
      'a variable .env.example does not document',
      (doc) => (env(doc, 'gateway')['SESSION_SECRET'] = '${SESSION_SECRET}'),
      'services.gateway.environment.SESSION_SECRET: ${SESSION_SECRET} is not documented in .env.example',
    ],
  ];

  it('runs NATS always, so the services can wait for it on Compose v1 as on v2', () => {
    expect(service(workspace.compose, 'nats')['profiles']).toBeUndefined();
    for (const name of ['auth-service', 'user-service']) {
      expect(part(workspace.compose, name, 'depends_on')['nats']).toEqual({ condition: 'service_healthy' });
      expect(env(workspace.compose, name)['RPC_TRANSPORT']).toBe('${RPC_TRANSPORT:-tcp}');
    }
  });

  // What Compose v1 (1.29) refused in this file before issue 14's smoke run
  // ran it, and what else it refuses.
  const v1Cases: [string, (doc: unknown) => void, string][] = [
    [
      'the project is named in the file',
      (doc) => ((doc as Record<string, unknown>)['name'] = 'session-mesh'),
      'top-level name: Compose v1 rejects it (name the project with COMPOSE_PROJECT_NAME in .env instead)',
    ],
    [
      'a dependency is marked required: false',
      (doc) => (part(doc, 'auth-service', 'depends_on')['nats'] = { condition: 'service_healthy', required: false }),
      'auth-service: depends_on.nats.required is Compose v2 only (v1 accepts only condition)',
    ],
    [
      'a service waits for one that only a profile starts',
      (doc) => (service(doc, 'nats')['profiles'] = ['nats']),
      'user-service: depends on nats, which runs only with --profile nats; Compose v1 then refuses to start user-service',
    ],
    [
      'a build passes secrets',
      (doc) => (part(doc, 'gateway', 'build')['secrets'] = ['npmrc']),
      'gateway: build.secrets is Compose v2 only',
    ],
    [
      'a healthcheck sets start_interval',
      (doc) => (part(doc, 'redis', 'healthcheck')['start_interval'] = '1s'),
      'redis: healthcheck.start_interval is Compose v2 only',
    ],
    [
      'a service uses a v2-only key',
      (doc) => (service(doc, 'gateway')['develop'] = { watch: [] }),
      'gateway: develop is not a service key Compose v1 knows',
    ],
  ];

  it.each(v1Cases)('fails on Compose v1 when %s', (_name, mutate, expected) => {
    expect(violationsAfter(mutate)).toContain(expected);
  });

  it.each(cases)('fails when %s', (_name, mutate, expected) => {
    const violations = violationsAfter(mutate);
    expect(violations.some((violation) => violation.startsWith(expected))).toBe(true);
  });

  it('accepts a missing compose healthcheck when the image has a HEALTHCHECK', () => {
    expect(violationsAfter((doc) => delete service(doc, 'auth-service')['healthcheck'])).toEqual([]);
  });

  it('accepts a call back to a service that waits for this one (no depends_on cycle)', () => {
    expect(env(workspace.compose, 'user-service')['AUTH_SERVICE_RPC_HOST']).toBe('auth-service');
    expect(checkCompose(structuredClone(workspace.compose), context)).toEqual([]);
  });

  it('fails when neither the file nor .env.example names the project', () => {
    const { COMPOSE_PROJECT_NAME: _dropped, ...dotenv } = context.dotenv;
    expect(checkCompose(structuredClone(workspace.compose), { ...context, dotenv })).toContain(
      '.env.example must set COMPOSE_PROJECT_NAME (the compose file cannot name the project for v1)',
    );
  });

  it('fails when .env.example lacks a variable compose requires', () => {
    const { ADMIN_PASSWORD: _dropped, ...dotenv } = context.dotenv;
    const violations = checkCompose(structuredClone(workspace.compose), { ...context, dotenv });
    expect(violations).toContain(
      'migrate: ADMIN_PASSWORD needs ADMIN_PASSWORD: set ADMIN_PASSWORD in .env (missing from .env.example)',
    );
    expect(violations).toContain(
      'services.migrate.environment.ADMIN_PASSWORD: ${ADMIN_PASSWORD} is not documented in .env.example',
    );
  });

  it('reads the short syntaxes and reports every broken invariant of a broken file', () => {
    const doc = parseCompose(readFileSync(join(__dirname, 'fixtures/compose-broken.yml'), 'utf8'));
    const violations = checkCompose(doc, context);
    for (const expected of [
      'service migrate is missing',
      'postgres: image must be postgres:<14 or newer>, got postgres:13',
      'postgres: its data directory must be a named volume declared under volumes:',
      'redis: image must be redis:7, got redis:6',
      'redis: persistence is off (run redis-server with --appendonly yes)',
      'redis: /data must be a named volume declared under volumes:',
      'postgres: has no healthcheck',
      'redis: has no healthcheck',
      'user-service: depends_on must use the long form with a condition',
      'user-service: publishes a port; only gateway may',
      'user-service: container_name prevents --scale',
      'user-service: a host port prevents --scale',
      'user-service: must build APP=user-service --target runtime (has APP=undefined --target undefined)',
      'auth-service: build context ./does-not-exist does not exist',
      'auth-service: network_mode host binds fixed host ports',
      'auth-service: REDIS_URL=redis://127.0.0.1:6379 points at the container itself',
      'auth-service: USER_SERVICE_RPC_HOST points at user-service but auth-service does not depend on it',
      'gateway: must be built from docker/Dockerfile',
      'gateway: must publish port 3000',
      'gateway: NODE_ENV must be production',
      'gateway: AUTH_SERVICE_URL points at auth, which is not a service',
      'services.postgres.environment[0]: a secret must come from .env as ${VAR}, not be written here',
      'redis: --requirepass must take its password from .env as ${VAR}',
      'services.user-service.environment[1]: the password in this URL must come from .env as ${VAR}',
      'services.gateway.environment.SESSION_SECRET: ${SESSION_SECRET} is not documented in .env.example',
      'postgres: image must be ${POSTGRES_IMAGE:-<official image>}, got postgres:13',
      'nats: image must be ${NATS_IMAGE:-<official image>}, got nats:2',
      'top-level name: Compose v1 rejects it (name the project with COMPOSE_PROJECT_NAME in .env instead)',
      'gateway: depends_on.nats.required is Compose v2 only (v1 accepts only condition)',
      'gateway: depends on nats, which runs only with --profile nats; Compose v1 then refuses to start gateway',
      'nats: healthcheck.start_interval is Compose v2 only',
    ]) {
      expect(violations).toContain(expected);
    }
  });
});
