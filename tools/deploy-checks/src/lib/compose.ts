import { checkComposeV1 } from './compose-v1';
import { Dockerfile, Stage, copySources, parentStage, stageByName } from './dockerfile';
import { EnvSchema, checkServiceEnv, interpolate, pointsToLoopback, variableReferences } from './env';

// What docker-compose.yml must hold (issue 5).
export const REQUIRED_SERVICES = ['postgres', 'redis', 'migrate', 'user-service', 'auth-service', 'gateway'];
export const SCALABLE_SERVICES = ['user-service', 'auth-service'];
export const PUBLIC_SERVICE = { name: 'gateway', port: 3000 };
export const MIN_POSTGRES_MAJOR = 14;
export const REDIS_MAJOR = 7;
// Infrastructure images are `${VAR:-official image}`: a user gets the official
// image, tools/compose-smoke sets VAR to a local stand-in where no registry is.
export const BASE_IMAGE_VARIABLES: Record<string, string> = {
  postgres: 'POSTGRES_IMAGE',
  redis: 'REDIS_IMAGE',
  nats: 'NATS_IMAGE',
  prometheus: 'PROMETHEUS_IMAGE',
};
// Same rule; no Debian package can stand in for these, so only the official
// images run them (tools/compose-smoke --official).
export const IMAGE_VARIABLES_WITHOUT_STANDIN: Record<string, string> = {
  grafana: 'GRAFANA_IMAGE',
  jaeger: 'JAEGER_IMAGE',
};
// Started only by `--profile observability`; their UIs are published on the
// host's loopback only (Prometheus, Grafana and Jaeger have no login or an
// admin one: never on every interface).
export const OBSERVABILITY_PROFILE = 'observability';
export const OBSERVABILITY_SERVICES = ['prometheus', 'grafana', 'jaeger'];

type Condition = 'service_healthy' | 'service_completed_successfully' | 'service_started';

// Who waits for whom, and for what.
export const EXPECTED_DEPENDENCIES: Record<string, Record<string, Condition>> = {
  migrate: { postgres: 'service_healthy' },
  'user-service': {
    migrate: 'service_completed_successfully',
    postgres: 'service_healthy',
    redis: 'service_healthy',
  },
  'auth-service': { redis: 'service_healthy', 'user-service': 'service_healthy' },
  gateway: { 'auth-service': 'service_healthy', 'user-service': 'service_healthy' },
};

// The build-arg APP and Dockerfile target each built service must use.
export const EXPECTED_BUILDS: Record<string, { app: string; target: string }> = {
  migrate: { app: 'user-service', target: 'migrate' },
  'user-service': { app: 'user-service', target: 'runtime' },
  'auth-service': { app: 'auth-service', target: 'runtime' },
  gateway: { app: 'gateway', target: 'runtime' },
};

// Ports the images of the infrastructure services listen on.
const IMAGE_PORTS: Record<string, number> = { postgres: 5432, redis: 6379, nats: 4222 };
const URL_DEFAULT_PORTS: Record<string, number> = {
  'http:': 80,
  'https:': 443,
  'redis:': 6379,
  'postgresql:': 5432,
  'nats:': 4222,
};

export interface ComposeContext {
  // Paths relative to the directory of docker-compose.yml (the workspace root).
  fileExists(path: string): boolean;
  isDirectory(path: string): boolean;
  dockerfile(path: string): Dockerfile | undefined;
  apps: string[];
  // The variables of .env.example, as `docker compose` would read them from .env.
  dotenv: Record<string, string>;
  // Compose service -> the zod schema its process parses the environment with.
  envSchemas: Record<string, EnvSchema>;
}

type Doc = Record<string, unknown>;

function isRecord(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown): Doc {
  return isRecord(value) ? value : {};
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

export function serviceEnvironment(service: Doc): Record<string, string> {
  const raw = service['environment'];
  const env: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (const item of raw) {
      const [key = '', ...value] = String(item).split('=');
      env[key] = value.join('=');
    }
  } else {
    for (const [key, value] of Object.entries(record(raw))) env[key] = value === null ? '' : String(value);
  }
  return env;
}

function strings(value: unknown, path: string, found: { path: string; value: string }[] = []) {
  if (typeof value === 'string') found.push({ path, value });
  else if (Array.isArray(value)) value.forEach((item, index) => strings(item, `${path}[${index}]`, found));
  else if (isRecord(value)) for (const [key, item] of Object.entries(value)) strings(item, `${path}.${key}`, found);
  return found;
}

function imageTag(image: string): { name: string; major?: number } {
  const withoutDigest = image.split('@')[0] ?? '';
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = hasTag ? withoutDigest.slice(colon + 1) : '';
  const major = /^(\d+)/.exec(tag)?.[1];
  return { name: name.split('/').at(-1) ?? name, major: major === undefined ? undefined : Number(major) };
}

// The image a user gets: a `${VAR:-default}` reference resolves to its default.
function defaultImage(service: Doc): string {
  return interpolate(String(service['image'] ?? ''), {}).value;
}

function isOneShot(service: Doc): boolean {
  const restart = service['restart'];
  return restart === undefined || restart === 'no' || restart === false;
}

function volumeMounts(service: Doc): { source?: string; target: string }[] {
  const volumes = service['volumes'];
  if (!Array.isArray(volumes)) return [];
  return volumes.map((volume) => {
    if (typeof volume === 'string') {
      const [source, target] = volume.split(':');
      return target === undefined ? { target: source ?? '' } : { source, target };
    }
    const long = record(volume);
    return { source: typeof long['source'] === 'string' ? long['source'] : undefined, target: String(long['target']) };
  });
}

// With `${VAR:-default}` resolved to what .env (or the default) gives.
function publishedPorts(
  service: Doc,
  dotenv: Record<string, string>,
): { hostIp?: string; published?: string; target: string }[] {
  const ports = service['ports'];
  if (!Array.isArray(ports)) return [];
  const resolve = (value: unknown) => interpolate(String(value), dotenv).value;
  return ports.map((port) => {
    if (isRecord(port)) {
      return {
        hostIp: port['host_ip'] === undefined ? undefined : resolve(port['host_ip']),
        published: port['published'] === undefined ? undefined : resolve(port['published']),
        target: resolve(port['target']),
      };
    }
    const parts = resolve(port).split('/')[0]?.split(':') ?? [];
    return {
      hostIp: parts.length > 2 ? parts.slice(0, -2).join(':') : undefined,
      published: parts.length > 1 ? parts.at(-2) : undefined,
      target: parts.at(-1) ?? '',
    };
  });
}

function buildOf(
  service: Doc,
): { context: string; dockerfile: string; target?: string; args: Record<string, string> } | undefined {
  const build = service['build'];
  if (build === undefined) return undefined;
  if (typeof build === 'string') return { context: build, dockerfile: 'Dockerfile', args: {} };
  const long = record(build);
  const args: Record<string, string> = {};
  const rawArgs = long['args'];
  if (Array.isArray(rawArgs)) {
    for (const item of rawArgs) {
      const [key = '', ...value] = String(item).split('=');
      args[key] = value.join('=');
    }
  } else {
    for (const [key, value] of Object.entries(record(rawArgs))) args[key] = String(value);
  }
  return {
    context: typeof long['context'] === 'string' ? long['context'] : '.',
    dockerfile: typeof long['dockerfile'] === 'string' ? long['dockerfile'] : 'Dockerfile',
    target: typeof long['target'] === 'string' ? long['target'] : undefined,
    args,
  };
}

function joinPath(context: string, path: string): string {
  const parts: string[] = [];
  for (const part of `${context}/${path}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/') || '.';
}

function targetStage(dockerfile: Dockerfile, target: string | undefined): Stage | undefined {
  return target === undefined ? dockerfile.stages.at(-1) : stageByName(dockerfile, target);
}

// The stage and the ones it builds on, nearest first.
function stageChain(dockerfile: Dockerfile, stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let current: Stage | undefined = stage; current; current = parentStage(dockerfile, current)) chain.push(current);
  return chain;
}

function imageHealthcheck(dockerfile: Dockerfile, stage: Stage): string[] | undefined {
  for (const current of stageChain(dockerfile, stage)) {
    const healthcheck = current.instructions.filter((instruction) => instruction.keyword === 'HEALTHCHECK').at(-1);
    if (healthcheck) return healthcheck.args.trim().toUpperCase() === 'NONE' ? undefined : [healthcheck.args];
  }
  return undefined;
}

function healthcheckTest(service: Doc): string[] | undefined {
  const healthcheck = service['healthcheck'];
  if (!isRecord(healthcheck)) return undefined;
  if (healthcheck['disable'] === true) return [];
  const test = healthcheck['test'];
  if (typeof test === 'string') return [test];
  if (Array.isArray(test)) return test.map(String);
  return undefined;
}

// Every invariant of docker-compose.yml; each violation is one sentence.
export function checkCompose(doc: unknown, context: ComposeContext): string[] {
  const violations: string[] = [];
  const services = record(record(doc)['services']);
  const declaredVolumes = Object.keys(record(record(doc)['volumes']));

  for (const name of REQUIRED_SERVICES) {
    if (!isRecord(services[name])) violations.push(`service ${name} is missing`);
  }

  for (const name of OBSERVABILITY_SERVICES) {
    if (!isRecord(services[name])) violations.push(`service ${name} is missing`);
    else if (!stringList(services[name]['profiles']).includes(OBSERVABILITY_PROFILE)) {
      violations.push(
        `${name}: must run only with --profile ${OBSERVABILITY_PROFILE} (profiles: [${OBSERVABILITY_PROFILE}])`,
      );
    }
  }

  for (const [name, variable] of Object.entries({ ...BASE_IMAGE_VARIABLES, ...IMAGE_VARIABLES_WITHOUT_STANDIN })) {
    if (!isRecord(services[name])) continue;
    const image = String(services[name]['image'] ?? '');
    const match = /^\$\{([A-Za-z_][A-Za-z0-9_]*):-([^}]+)\}$/.exec(image);
    if (!match || match[1] !== variable) {
      violations.push(`${name}: image must be \${${variable}:-<official image>}, got ${image}`);
    }
  }

  const postgres = record(services['postgres']);
  if (isRecord(services['postgres'])) {
    const { name, major } = imageTag(defaultImage(postgres));
    if (name !== 'postgres' || major === undefined || major < MIN_POSTGRES_MAJOR) {
      violations.push(
        `postgres: image must be postgres:<${MIN_POSTGRES_MAJOR} or newer>, got ${defaultImage(postgres)}`,
      );
    }
    const data = volumeMounts(postgres).find((mount) => mount.target.startsWith('/var/lib/postgresql'));
    if (!data || !data.source || !declaredVolumes.includes(data.source)) {
      violations.push('postgres: its data directory must be a named volume declared under volumes:');
    }
  }

  const redis = record(services['redis']);
  if (isRecord(services['redis'])) {
    const { name, major } = imageTag(defaultImage(redis));
    if (name !== 'redis' || major !== REDIS_MAJOR) {
      violations.push(`redis: image must be redis:${REDIS_MAJOR}, got ${defaultImage(redis)}`);
    }
    const command = Array.isArray(redis['command'])
      ? redis['command'].map(String).join(' ')
      : String(redis['command'] ?? '');
    if (!/--appendonly\s+yes/.test(command) && !/--save\s+["']?\d/.test(command)) {
      violations.push('redis: persistence is off (run redis-server with --appendonly yes)');
    }
    const data = volumeMounts(redis).find((mount) => mount.target === '/data');
    if (!data || !data.source || !declaredVolumes.includes(data.source)) {
      violations.push('redis: /data must be a named volume declared under volumes:');
    }
  }

  for (const [name, raw] of Object.entries(services)) {
    const service = record(raw);
    const build = buildOf(service);
    const dockerfile = build ? context.dockerfile(joinPath(build.context, build.dockerfile)) : undefined;
    const stage = build && dockerfile ? targetStage(dockerfile, build.target) : undefined;
    const oneShot = isOneShot(service);
    const dependedOnToComplete = Object.values(services).some(
      (other) => record(record(record(other)['depends_on'])[name])['condition'] === 'service_completed_successfully',
    );

    // Healthchecks: every long-running service, from compose or from its image.
    if (!dependedOnToComplete) {
      const check = healthcheckTest(service) ?? (dockerfile && stage ? imageHealthcheck(dockerfile, stage) : undefined);
      if (!check || check.length === 0 || check[0] === 'NONE') violations.push(`${name}: has no healthcheck`);
    } else if (!oneShot) {
      violations.push(`${name}: others wait for it to complete, so it must not restart (restart: "no")`);
    }

    // A script the compose healthcheck runs must be in the image.
    const test = healthcheckTest(service);
    if (test && dockerfile && stage) {
      const copied = stageChain(dockerfile, stage).flatMap((current) =>
        current.instructions
          .filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')
          .map((i) => copySources(i).destination),
      );
      for (const arg of test.slice(1)) {
        if (/^\/.*\.[cm]?js$/.test(arg) && !copied.includes(arg)) {
          violations.push(`${name}: healthcheck runs ${arg}, which the ${stage.name ?? 'target'} stage does not copy`);
        }
      }
    }

    // depends_on: long form with conditions, and the order the mesh needs.
    const dependsOn = service['depends_on'];
    if (Array.isArray(dependsOn)) {
      violations.push(`${name}: depends_on must use the long form with a condition`);
    }
    for (const [dependency, rawCondition] of Object.entries(record(dependsOn))) {
      const condition = record(rawCondition)['condition'];
      if (!isRecord(services[dependency])) violations.push(`${name}: depends on unknown service ${dependency}`);
      if (condition === undefined) violations.push(`${name}: depends_on ${dependency} has no condition`);
    }
    for (const [dependency, condition] of Object.entries(EXPECTED_DEPENDENCIES[name] ?? {})) {
      const actual = record(record(dependsOn)[dependency])['condition'];
      if (actual !== condition) {
        violations.push(
          `${name}: must depend on ${dependency} with condition ${condition} (has ${String(actual ?? 'none')})`,
        );
      }
    }

    // Ports: only the gateway publishes one, its 3000; the observability
    // profile's UIs on 127.0.0.1 only.
    const ports = publishedPorts(service, context.dotenv);
    if (OBSERVABILITY_SERVICES.includes(name)) {
      for (const port of ports) {
        if (port.hostIp !== '127.0.0.1') {
          violations.push(
            `${name}: publishes ${port.target} on ${port.hostIp ?? 'every interface'}; only on 127.0.0.1`,
          );
        }
      }
    } else if (name === PUBLIC_SERVICE.name) {
      const port = String(PUBLIC_SERVICE.port);
      if (!ports.some(({ published, target }) => target === port && published === port)) {
        violations.push(`${name}: must publish port ${port}`);
      }
    } else if (ports.length > 0) {
      violations.push(`${name}: publishes a port; only ${PUBLIC_SERVICE.name} may`);
    }
    if (service['network_mode'] === 'host') violations.push(`${name}: network_mode host binds fixed host ports`);

    // Scalable services: nothing that pins one container.
    if (SCALABLE_SERVICES.includes(name)) {
      if (service['container_name'] !== undefined) violations.push(`${name}: container_name prevents --scale`);
      if (ports.some((port) => port.published !== undefined)) violations.push(`${name}: a host port prevents --scale`);
    }

    // Files mounted from the checkout exist (compose would create a directory).
    for (const mount of volumeMounts(service)) {
      const source = mount.source ?? '';
      if (source.startsWith('./') && !context.fileExists(source)) {
        violations.push(`${name}: mounts ${source}, which does not exist`);
      }
    }

    // Builds: context, Dockerfile, target stage and APP all exist.
    const expectedBuild = EXPECTED_BUILDS[name];
    if (expectedBuild && !build) violations.push(`${name}: must be built from docker/Dockerfile`);
    if (build) {
      if (!context.isDirectory(build.context))
        violations.push(`${name}: build context ${build.context} does not exist`);
      const dockerfilePath = joinPath(build.context, build.dockerfile);
      if (!context.fileExists(dockerfilePath)) violations.push(`${name}: Dockerfile ${dockerfilePath} does not exist`);
      else if (!dockerfile) violations.push(`${name}: Dockerfile ${dockerfilePath} could not be read`);
      if (dockerfile && !stage)
        violations.push(`${name}: build target ${build.target} is not a stage of ${dockerfilePath}`);
      const declaredArgs = dockerfile
        ? [...dockerfile.globalArgs, ...dockerfile.stages.flatMap((s) => s.instructions)]
            .filter((instruction) => instruction.keyword === 'ARG')
            .map((instruction) => instruction.args.split('=')[0]?.trim())
        : [];
      for (const arg of Object.keys(build.args)) {
        if (dockerfile && !declaredArgs.includes(arg))
          violations.push(`${name}: build arg ${arg} is not an ARG of the Dockerfile`);
      }
      const app = build.args['APP'];
      if (app !== undefined && !context.apps.includes(app))
        violations.push(`${name}: build arg APP=${app} is not an app`);
      if (expectedBuild && (app !== expectedBuild.app || build.target !== expectedBuild.target)) {
        violations.push(
          `${name}: must build APP=${expectedBuild.app} --target ${expectedBuild.target} (has APP=${String(app)} --target ${String(build.target)})`,
        );
      }
    }

    // Environment: what the app's zod schema needs, with .env.example's values.
    const rawEnv = serviceEnvironment(service);
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(rawEnv)) {
      const result = interpolate(value, context.dotenv);
      env[key] = result.value;
      for (const error of result.errors) violations.push(`${name}: ${key} needs ${error} (missing from .env.example)`);
    }
    const schema = context.envSchemas[name];
    if (schema) {
      violations.push(...checkServiceEnv(name, env, schema));
      if (env['NODE_ENV'] !== 'production') violations.push(`${name}: NODE_ENV must be production`);
    }

    // Addresses in the environment name services this one waits for, on a
    // port the other side listens on.
    for (const [key, value] of Object.entries(env)) {
      const target = addressIn(key, value, env);
      // Loopback addresses are reported by the environment check.
      if (!target || pointsToLoopback(target.host)) continue;
      if (!isRecord(services[target.host])) {
        violations.push(`${name}: ${key} points at ${target.host}, which is not a service`);
        continue;
      }
      // A call back to a service that waits for this one cannot wait in turn.
      if (record(dependsOn)[target.host] === undefined && !waitsFor(services, target.host, name)) {
        violations.push(`${name}: ${key} points at ${target.host} but ${name} does not depend on it`);
      }
      const listening = listenPorts(target.host, record(services[target.host]), context.dotenv);
      if (target.port !== undefined && listening.length > 0 && !listening.includes(target.port)) {
        violations.push(`${name}: ${key} uses port ${target.port}, ${target.host} listens on ${listening.join(', ')}`);
      }
    }
  }

  violations.push(...checkSecrets(doc, context.dotenv));
  violations.push(...checkComposeV1(doc));
  // Without `name:` (v1 rejects it), .env names the project, or its volumes
  // and containers would be named after whatever directory holds the checkout.
  if (record(doc)['name'] === undefined && !context.dotenv['COMPOSE_PROJECT_NAME']) {
    violations.push('.env.example must set COMPOSE_PROJECT_NAME (the compose file cannot name the project for v1)');
  }
  return violations;
}

function waitsFor(services: Doc, from: string, to: string, seen = new Set<string>()): boolean {
  if (seen.has(from)) return false;
  seen.add(from);
  const dependencies = Object.keys(record(record(services[from])['depends_on']));
  return dependencies.includes(to) || dependencies.some((next) => waitsFor(services, next, to, seen));
}

function addressIn(
  key: string,
  value: string,
  env: Record<string, string>,
): { host: string; port?: number } | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      return { host: url.hostname, port: url.port ? Number(url.port) : URL_DEFAULT_PORTS[url.protocol] };
    } catch {
      return undefined;
    }
  }
  const hostKey = /^(.*)_HOST$/.exec(key);
  if (hostKey && value !== '0.0.0.0' && value !== '::') {
    const port = env[`${hostKey[1]}_PORT`];
    return { host: value, port: port === undefined ? undefined : Number(port) };
  }
  return undefined;
}

function listenPorts(name: string, service: Doc, dotenv: Record<string, string>): number[] {
  const image = imageTag(defaultImage(service)).name;
  const known = IMAGE_PORTS[image];
  if (known !== undefined) return [known];
  const env = serviceEnvironment(service);
  return ['PORT', 'RPC_PORT', 'METRICS_PORT']
    .map((key) => env[key])
    .filter((value): value is string => value !== undefined)
    .map((value) => Number(interpolate(value, dotenv).value));
}

const SECRET_NAME = /PASSWORD|SECRET|TOKEN|AUTH$/;

// Secrets come from .env (documented in .env.example), never from this file.
export function checkSecrets(doc: unknown, dotenv: Record<string, string>): string[] {
  const violations: string[] = [];
  const all = strings(doc, '');
  for (const { path, value } of all) {
    for (const reference of variableReferences(value)) {
      if (!reference.hasFallback && !(reference.name in dotenv)) {
        violations.push(`${path.slice(1)}: \${${reference.name}} is not documented in .env.example`);
      }
    }
    // `environment:` in list form holds `KEY=value` strings.
    const listItem = /\.environment\[\d+\]$/.test(path) ? /^([^=]+)=(.*)$/s.exec(value) : null;
    const key = listItem ? (listItem[1] ?? '') : (path.split('.').at(-1) ?? '');
    const secret = listItem ? (listItem[2] ?? '') : value;
    if (SECRET_NAME.test(key) && !/^\$\{[A-Za-z_][A-Za-z0-9_]*(:?\?[^}]*)?\}$/.test(secret)) {
      violations.push(`${path.slice(1)}: a secret must come from .env as \${VAR}, not be written here`);
    }
    const userinfo = /:\/\/[^/:@\s]*:([^@\s]+)@/.exec(value);
    if (userinfo && !/^\$\{[^}]+\}$/.test(userinfo[1] ?? '')) {
      violations.push(`${path.slice(1)}: the password in this URL must come from .env as \${VAR}`);
    }
  }
  const services = record(record(doc)['services']);
  for (const [name, service] of Object.entries(services)) {
    const command = record(service)['command'];
    const words = Array.isArray(command) ? command.map(String) : String(command ?? '').split(/\s+/);
    const index = words.indexOf('--requirepass');
    if (index >= 0 && !/^\$\{[^}]+\}$/.test(words[index + 1] ?? '')) {
      violations.push(`${name}: --requirepass must take its password from .env as \${VAR}`);
    }
  }
  return violations;
}
