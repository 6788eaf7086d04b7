import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ComposeContext } from './compose';
import { Dockerfile, parseDockerfile } from './dockerfile';
import { AppBuild, DockerfileContext } from './dockerfile-checks';
import { DockerIgnore, isIgnored, parseDockerIgnore } from './dockerignore';
import { EnvSchema, parseDotenv } from './env';
import {
  GRAFANA_DASHBOARD,
  GRAFANA_DASHBOARD_PROVIDERS,
  GRAFANA_DATASOURCES,
  ObservabilityFiles,
  PROMETHEUS_CONFIG,
  definedSeries,
} from './observability';

export const WORKSPACE_ROOT = resolve(__dirname, '../../../..');

export const COMPOSE_FILE = 'docker-compose.yml';
export const DOCKERFILE = 'docker/Dockerfile';

// Compose service -> the schema its process parses the environment with. The
// schemas are loaded from the apps' sources at test time (not imported: a tool
// must not depend on apps); project.json lists these files as test inputs.
// Each deployable app's is `apps/<app>/src/config/<app>.config.ts`, exporting
// `<app in camelCase>Env` (gatewayEnv, authServiceEnv, ...); the compose
// services that run something else are listed here.
export const OTHER_ENV_SCHEMA_SOURCES: Record<string, { file: string; exportName: string }> = {
  // The migrate job's seed (migrate.js --seed-only); prisma migrate deploy reads DATABASE_URL too.
  migrate: { file: 'apps/user-service/src/config/user-service.config.ts', exportName: 'seedEnv' },
};

export function envSchemaSources(root = WORKSPACE_ROOT): Record<string, { file: string; exportName: string }> {
  const sources: Record<string, { file: string; exportName: string }> = {};
  for (const app of Object.keys(readApps(root))) {
    const exportName = `${app.replace(/-([a-z0-9])/g, (_, next: string) => next.toUpperCase())}Env`;
    sources[app] = { file: `apps/${app}/src/config/${app}.config.ts`, exportName };
  }
  return { ...sources, ...OTHER_ENV_SCHEMA_SOURCES };
}

export async function loadEnvSchemas(root = WORKSPACE_ROOT): Promise<Record<string, EnvSchema>> {
  const schemas: Record<string, EnvSchema> = {};
  for (const [service, { file, exportName }] of Object.entries(envSchemaSources(root))) {
    const loaded = (await import(join(root, file))) as Record<string, unknown>;
    const schema = loaded[exportName];
    if (!(schema instanceof z.ZodType)) throw new Error(`${file} does not export a zod schema named ${exportName}`);
    schemas[service] = schema;
  }
  return schemas;
}

export interface Workspace {
  root: string;
  compose: unknown;
  dockerfileText: string;
  dockerfile: Dockerfile;
  dockerignore: DockerIgnore;
  dotenv: Record<string, string>;
  apps: Record<string, AppBuild>;
  // Web apps (tag type:web) -> where their Vite build writes, relative to the workspace.
  webApps: Record<string, string>;
  libs: string[];
}

function read(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

export function parseCompose(text: string): unknown {
  // Compose files use YAML merge keys (<<: *anchor).
  return parse(text, { merge: true });
}

function projectsIn(root: string, folder: string): { name: string; dir: string; project: Record<string, unknown> }[] {
  const base = join(root, folder);
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .filter((entry) => existsSync(join(base, entry, 'project.json')))
    .map((entry) => {
      const project = JSON.parse(read(root, `${folder}/${entry}/project.json`)) as Record<string, unknown>;
      return { name: String(project['name'] ?? entry), dir: `${folder}/${entry}`, project };
    });
}

// The parts of an app's webpack.config.js read here. Loading one is cheap: the
// shared tools/build/node-app-webpack.js creates Nx's plugin only when webpack runs.
interface WebpackConfig {
  output?: { path?: string };
  plugins?: { options?: { generatePackageJson?: boolean } }[];
}

function loadWebpackConfig(path: string): WebpackConfig {
  return require(path) as WebpackConfig;
}

// What each deployable app's build produces, read from its project.json and
// webpack.config.js.
export function readApps(root = WORKSPACE_ROOT): Record<string, AppBuild> {
  const apps: Record<string, AppBuild> = {};
  for (const { name, dir, project } of projectsIn(root, 'apps')) {
    const tags = Array.isArray(project['tags']) ? project['tags'] : [];
    if (!tags.includes('type:app')) continue;
    const targets = (project['targets'] ?? {}) as Record<string, { dependsOn?: unknown[] }>;
    const dependsOn = (targets['build']?.dependsOn ?? []).map((entry) => (typeof entry === 'string' ? entry : ''));
    const webpackPath = join(root, dir, 'webpack.config.js');
    const webpack = existsSync(webpackPath) ? loadWebpackConfig(webpackPath) : {};
    const output = webpack.output?.path;
    apps[name] = {
      outputDir: output === undefined ? undefined : relative(root, output),
      generatesPackageJson: (webpack.plugins ?? []).some((plugin) => plugin?.options?.generatePackageJson === true),
      buildDependsOn: dependsOn,
    };
  }
  return apps;
}

// The web apps (tag type:web, built by Vite) and their build.outDir, read from
// vite.config.mts as text: loading it would start Vite's config machinery.
export function readWebApps(root = WORKSPACE_ROOT): Record<string, string> {
  const webApps: Record<string, string> = {};
  for (const { name, dir, project } of projectsIn(root, 'apps')) {
    const tags = Array.isArray(project['tags']) ? project['tags'] : [];
    const config = join(root, dir, 'vite.config.mts');
    if (!tags.includes('type:web') || !existsSync(config)) continue;
    const outDir = /\boutDir:\s*['"]([^'"]+)['"]/.exec(readFileSync(config, 'utf8'))?.[1];
    if (outDir) webApps[name] = relative(root, resolve(root, dir, outDir));
  }
  return webApps;
}

// Folders of the files an app's webpack.config.js requires by a relative path
// (tools/build, the shared build and its loader), relative to the workspace.
function foldersRequiredByWebpackConfig(root: string, dir: string): string[] {
  const path = join(root, dir, 'webpack.config.js');
  if (!existsSync(path)) return [];
  const requires = readFileSync(path, 'utf8').matchAll(/require\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g);
  return [...requires].map(([, target]) => relative(root, dirname(resolve(root, dir, target))));
}

export function readWorkspace(root = WORKSPACE_ROOT): Workspace {
  const dockerfileText = read(root, DOCKERFILE);
  return {
    root,
    compose: parseCompose(read(root, COMPOSE_FILE)),
    dockerfileText,
    dockerfile: parseDockerfile(dockerfileText),
    dockerignore: parseDockerIgnore(existsSync(join(root, '.dockerignore')) ? read(root, '.dockerignore') : ''),
    dotenv: parseDotenv(read(root, '.env.example')),
    apps: readApps(root),
    webApps: readWebApps(root),
    libs: projectsIn(root, 'libs').map((lib) => lib.dir),
  };
}

export function fileExists(root: string, path: string): boolean {
  return existsSync(join(root, path));
}

export function dockerfileContext(workspace: Workspace): DockerfileContext {
  return {
    fileExists: (path) => fileExists(workspace.root, path),
    isIgnored: (path) => isIgnored(workspace.dockerignore, path),
    apps: workspace.apps,
    webApps: workspace.webApps,
  };
}

export function composeContext(
  workspace: Workspace,
  envSchemas: Record<string, EnvSchema>,
  dockerfiles: Record<string, Dockerfile> = { [DOCKERFILE]: workspace.dockerfile },
): ComposeContext {
  const composeDir = dirname(COMPOSE_FILE);
  return {
    fileExists: (path) => fileExists(workspace.root, join(composeDir, path)),
    isDirectory: (path) => {
      const full = join(workspace.root, composeDir, path);
      return existsSync(full) && statSync(full).isDirectory();
    },
    dockerfile: (path) => dockerfiles[path],
    apps: Object.keys(workspace.apps),
    dotenv: workspace.dotenv,
    envSchemas,
  };
}

// Files `nx build` reads inside the image, which .dockerignore must let through.
export function neededInContext(workspace: Workspace): string[] {
  const files = [
    'package.json',
    'package-lock.json',
    'nx.json',
    'tsconfig.base.json',
    'tools/scripts/prisma-generate.mjs',
  ];
  for (const app of Object.keys(workspace.apps)) {
    const dir = `apps/${app}`;
    files.push(`${dir}/project.json`, `${dir}/webpack.config.js`, `${dir}/tsconfig.app.json`, `${dir}/src/main.ts`);
    files.push(...foldersRequiredByWebpackConfig(workspace.root, dir));
  }
  files.push(
    'apps/user-service/prisma/schema.prisma',
    'apps/user-service/prisma/migrations',
    'apps/user-service/prisma.config.ts',
  );
  for (const lib of workspace.libs) files.push(`${lib}/project.json`, `${lib}/src/index.ts`);
  // The console's build (for the gateway image) generates its typed client from these.
  for (const web of Object.keys(workspace.webApps)) files.push(`apps/${web}/project.json`, `apps/${web}/index.html`);
  files.push('redocly.yaml', 'docs/openapi/auth-service.json', 'docs/openapi/user-service.json');
  return [...new Set(files)];
}

// Sources that define the apps' Prometheus series: by convention every file
// that does is named *metrics*.ts (a series defined elsewhere is reported as
// unknown by the dashboard check, never missed).
export function metricsSources(root = WORKSPACE_ROOT): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (/metrics[^/]*\.ts$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name)) found.push(path);
    }
  };
  for (const folder of ['apps', 'libs']) {
    if (!existsSync(join(root, folder))) continue;
    for (const project of readdirSync(join(root, folder))) {
      if (existsSync(join(root, folder, project, 'src'))) walk(`${folder}/${project}/src`);
    }
  }
  return found.sort();
}

export function readObservabilityFiles(root = WORKSPACE_ROOT): ObservabilityFiles {
  return {
    compose: parseCompose(read(root, COMPOSE_FILE)),
    prometheus: parse(read(root, PROMETHEUS_CONFIG)) as unknown,
    datasources: parse(read(root, GRAFANA_DATASOURCES)) as unknown,
    dashboardProviders: parse(read(root, GRAFANA_DASHBOARD_PROVIDERS)) as unknown,
    dashboard: JSON.parse(read(root, GRAFANA_DASHBOARD)) as unknown,
    series: definedSeries(metricsSources(root).map((path) => read(root, path))),
  };
}
