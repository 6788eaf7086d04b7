import {
  addProjectConfiguration,
  formatFiles,
  generateFiles,
  getProjects,
  names,
  readProjectConfiguration,
  type Tree,
  updateProjectConfiguration,
} from '@nx/devkit';
import { join } from 'node:path';
import { appendToArrayLiteral, type Literal, readArrayLiteral } from '../../lib/array-literal';
import { addComposeService, addScrapeTarget } from '../../lib/compose';
import { nextPort, usedPorts } from '../../lib/ports';
import type { ServiceGeneratorSchema } from './service.types';

// The files this generator edits besides the new app's own.
export const EDITED_FILES = {
  gatewayServices: 'apps/gateway/src/services.ts',
  meshServices: 'apps/e2e/src/support/mesh-services.ts',
  eslintConfig: 'eslint.config.mjs',
  compose: 'docker-compose.yml',
  prometheus: 'docker/prometheus/prometheus.yml',
} as const;

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
// Taken by the mesh itself (projects, scopes, gateway paths).
const RESERVED = new Set(['gateway', 'auth', 'user', 'users', 'e2e', 'shared', 'docs', 'swagger', 'health', 'ready']);

export interface ServiceOptions {
  // `orders`: the route prefix /orders, the scope scope:orders.
  name: string;
  // `orders-service`: the project, its folder under apps/ and its compose service.
  project: string;
  projectRoot: string;
  className: string;
  propertyName: string;
  constantName: string;
  urlVariable: string;
  port: number;
  rpcPort: number;
  role: string;
}

export function normalizeOptions(tree: Tree, schema: ServiceGeneratorSchema): ServiceOptions {
  const name = schema.name.trim().replace(/-service$/, '');
  if (!NAME.test(name)) {
    throw new Error(`"${schema.name}" is not a service name: use kebab-case letters and digits, e.g. orders`);
  }
  if (RESERVED.has(name)) throw new Error(`"${name}" is taken by the mesh itself; pick another name`);
  const project = `${name}-service`;
  const projectRoot = `apps/${project}`;
  if (getProjects(tree).has(project) || tree.exists(projectRoot)) {
    throw new Error(`${project} already exists (${projectRoot})`);
  }
  const gatewayServices = readGatewayServices(tree);
  const prefix = `/${name}`;
  const owner = gatewayServices.find((service) =>
    service.routes.some((route) => [prefix, `${prefix}/x`].some((path) => matchesPrefix(path, route))),
  );
  if (owner) throw new Error(`the gateway already routes ${prefix} to ${owner.title}; pick another name`);
  const { className, propertyName, constantName } = names(name);
  const urlVariable = `${constantName}_SERVICE_URL`;
  if (gatewayServices.some((service) => service.urlVariable === urlVariable)) {
    throw new Error(`the gateway already has a service with ${urlVariable}`);
  }
  const used = usedPorts(tree);
  for (const [option, port] of [
    ['--port', schema.port],
    ['--rpcPort', schema.rpcPort],
  ] as const) {
    if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65_535)) {
      throw new Error(`${option} ${port} is not a port`);
    }
    if (port !== undefined && used.has(port)) throw new Error(`${option} ${port} is already used by another service`);
  }
  const role = schema.role ?? 'ASSIGN_USERS';
  if (!/^[A-Z][A-Z0-9_]*$/.test(role)) throw new Error(`--role ${role} is not a role name (e.g. ASSIGN_USERS)`);
  return {
    name,
    project,
    projectRoot,
    className,
    propertyName,
    constantName,
    urlVariable,
    port: schema.port ?? nextPort(used, 3000),
    rpcPort: schema.rpcPort ?? nextPort(used, 4000),
    role,
  };
}

interface GatewayService {
  title: string;
  urlVariable: string;
  routes: Array<string | RegExp>;
}

function readGatewayServices(tree: Tree): GatewayService[] {
  const file = EDITED_FILES.gatewayServices;
  const text = tree.read(file, 'utf-8');
  if (text === null) throw new Error(`${file} is missing: the gateway's list of services`);
  return readArrayLiteral(file, text, 'SERVICES').map((entry: Literal) => {
    const service = entry as Record<string, Literal>;
    const routes = Array.isArray(service['routes']) ? service['routes'] : [];
    return {
      title: String(service['title']),
      urlVariable: String(service['urlVariable']),
      routes: routes.filter((route): route is string | RegExp => typeof route === 'string' || route instanceof RegExp),
    };
  });
}

// As the gateway matches (apps/gateway/src/proxy/routes.ts).
function matchesPrefix(path: string, prefix: string | RegExp): boolean {
  if (prefix instanceof RegExp) return prefix.test(path);
  return path.startsWith(prefix) && ['', '/', '?'].includes(path.charAt(prefix.length));
}

function edit(tree: Tree, file: string, change: (text: string) => string): void {
  const text = tree.read(file, 'utf-8');
  if (text === null) throw new Error(`${file} is missing`);
  tree.write(file, change(text));
}

// apps/<name>-service, then everything that makes it part of the mesh.
export async function serviceGenerator(tree: Tree, schema: ServiceGeneratorSchema): Promise<void> {
  const options = normalizeOptions(tree, schema);
  const { name, project, projectRoot } = options;
  const substitutions = { ...options, tmpl: '' };

  // The shared webpack build (tools/build) is a project: a change to it rebuilds every app.
  const sharedBuild = [...getProjects(tree)].find(([, config]) => config.root === 'tools/build')?.[0];
  addProjectConfiguration(tree, project, {
    root: projectRoot,
    sourceRoot: `${projectRoot}/src`,
    projectType: 'application',
    tags: ['type:app', `scope:${name}`],
    ...(sharedBuild && { implicitDependencies: [sharedBuild] }),
    targets: {
      serve: {
        continuous: true,
        executor: '@nx/js:node',
        dependsOn: ['build'],
        options: { buildTarget: `${project}:build`, runBuildTargetDependencies: false },
      },
      test: { options: { passWithNoTests: true } },
      typecheck: {
        executor: 'nx:run-commands',
        options: {
          command: `tsc -p ${projectRoot}/tsconfig.app.json --noEmit && tsc -p ${projectRoot}/tsconfig.spec.json --noEmit`,
        },
      },
    },
  });
  generateFiles(tree, join(__dirname, 'files', 'app'), projectRoot, substitutions);
  generateFiles(tree, join(__dirname, 'files', 'e2e'), 'apps/e2e/src/services', substitutions);

  // The gateway routes /<name> to it and shows its document at /docs/<name> and in /swagger.
  edit(tree, EDITED_FILES.gatewayServices, (text) =>
    appendToArrayLiteral(
      EDITED_FILES.gatewayServices,
      text,
      'SERVICES',
      `{ name: '${name}', title: '${project}', urlVariable: '${options.urlVariable}', ` +
        `defaultUrl: 'http://127.0.0.1:${options.port}', routes: ['/${name}'], docs: 'docs/${name}' }`,
    ),
  );

  // Its code may use only itself and shared libraries.
  edit(tree, EDITED_FILES.eslintConfig, (text) =>
    text.includes(`'scope:${name}'`)
      ? text
      : appendToArrayLiteral(
          EDITED_FILES.eslintConfig,
          text,
          'depConstraints',
          `{ sourceTag: 'scope:${name}', onlyDependOnLibsWithTags: ['scope:${name}', 'scope:shared'] }`,
        ),
  );

  edit(tree, EDITED_FILES.compose, (text) =>
    addComposeService(text, { name: project, port: options.port, urlVariable: options.urlVariable }),
  );
  edit(tree, EDITED_FILES.prometheus, (text) => addScrapeTarget(text, project));

  // Every e2e mesh starts it; the e2e target builds it first.
  edit(tree, EDITED_FILES.meshServices, (text) =>
    appendToArrayLiteral(
      EDITED_FILES.meshServices,
      text,
      'MESH_SERVICES',
      `{ app: '${project}', urlVariable: '${options.urlVariable}' }`,
    ),
  );
  const e2e = readProjectConfiguration(tree, 'e2e');
  e2e.implicitDependencies = [...new Set([...(e2e.implicitDependencies ?? []), project])];
  for (const dependency of e2e.targets?.['e2e']?.dependsOn ?? []) {
    if (typeof dependency === 'object' && dependency.target === 'build' && Array.isArray(dependency.projects)) {
      dependency.projects = [...new Set([...dependency.projects, project])];
    }
  }
  updateProjectConfiguration(tree, 'e2e', e2e);

  if (!schema.skipFormat) await formatFiles(tree);
}

export default serviceGenerator;
