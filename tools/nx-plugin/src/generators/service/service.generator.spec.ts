import { readProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readArrayLiteral } from '../../lib/array-literal';
import { EDITED_FILES, serviceGenerator as generate } from './service.generator';
import type { ServiceGeneratorSchema } from './service.types';

// Prettier (an ES module) cannot be imported inside Jest: the e2e runs the
// generator with formatting, through `nx g`.
const serviceGenerator = (tree: Tree, options: ServiceGeneratorSchema) =>
  generate(tree, { skipFormat: true, ...options });

const ROOT = join(__dirname, '../../../../..');

// Nx's virtual tree, seeded with the real files the generator reads and edits.
function workspaceTree(): Tree {
  const tree = createTreeWithEmptyWorkspace({ formatter: 'prettier' });
  const copy = (path: string) => tree.write(path, readFileSync(join(ROOT, path)));
  [...Object.values(EDITED_FILES), 'apps/e2e/project.json', 'tsconfig.base.json', '.prettierrc'].forEach(copy);
  for (const tool of readdirSync(join(ROOT, 'tools'))) {
    if (existsSync(join(ROOT, 'tools', tool, 'project.json'))) copy(`tools/${tool}/project.json`);
  }
  for (const app of readdirSync(join(ROOT, 'apps'))) {
    if (existsSync(join(ROOT, 'apps', app, 'project.json'))) copy(`apps/${app}/project.json`);
    const config = join(ROOT, 'apps', app, 'src/config');
    if (existsSync(config)) readdirSync(config).forEach((file) => copy(`apps/${app}/src/config/${file}`));
  }
  return tree;
}

type Compose = { services: Record<string, Record<string, Record<string, unknown>>> };
const compose = (tree: Tree) => parse(tree.read('docker-compose.yml', 'utf-8') ?? '', { merge: true }) as Compose;
const read = (tree: Tree, path: string) => tree.read(path, 'utf-8') ?? '';

describe('service generator', () => {
  let tree: Tree;

  beforeEach(() => {
    tree = workspaceTree();
  });

  it('creates apps/<name>-service as a project tagged for the module boundaries', async () => {
    await serviceGenerator(tree, { name: 'orders' });
    const files = [
      'project.json',
      'webpack.config.js',
      'eslint.config.mjs',
      'jest.config.cts',
      'tsconfig.json',
      'tsconfig.app.json',
      'tsconfig.spec.json',
      'src/main.ts',
      'src/tracing.ts',
      'src/app.module.ts',
      'src/orders-service.errors.ts',
      'src/config/orders-service.config.ts',
      'src/config/orders-service.config.spec.ts',
      'src/orders/orders.contract.ts',
      'src/orders/orders.controller.ts',
      'src/orders/orders.controller.spec.ts',
    ];
    for (const file of files) expect(tree.exists(`apps/orders-service/${file}`)).toBe(true);
    expect(tree.children('apps/orders-service/src').sort()).toEqual(
      ['app.module.ts', 'config', 'main.ts', 'orders', 'orders-service.errors.ts', 'tracing.ts'].sort(),
    );
    const project = readProjectConfiguration(tree, 'orders-service');
    expect(project).toMatchObject({ root: 'apps/orders-service', projectType: 'application' });
    expect(project.tags).toEqual(['type:app', 'scope:orders']);
    // Like the other apps: rebuilt when the shared build changes.
    expect(project.implicitDependencies).toEqual(readProjectConfiguration(tree, 'auth-service').implicitDependencies);
    expect(Object.keys(project.targets ?? {}).sort()).toEqual(['serve', 'test', 'typecheck']);
    // No template syntax left anywhere.
    for (const file of files) expect(read(tree, `apps/orders-service/${file}`)).not.toMatch(/<%|%>|__\w+__/);
  });

  it('writes a service that reads sessions through libs/session, on the next free ports', async () => {
    await serviceGenerator(tree, { name: 'orders' });
    const src = (file: string) => read(tree, `apps/orders-service/src/${file}`);
    expect(src('main.ts')).toContain("bootstrapService({\n  name: 'orders-service',");
    expect(src('main.ts')).not.toContain('rpc:');
    // Tracing starts before anything it instruments is loaded.
    expect(src('main.ts').startsWith("import './tracing';")).toBe(true);
    expect(src('tracing.ts')).toContain("startTracing('orders-service');");
    expect(src('config/orders-service.config.ts')).toContain('serviceEnvShape({ port: 3003, rpcPort: 4003 })');
    expect(src('app.module.ts')).toContain("SessionModule.forRoot({ options: config.session, access: 'read' })");
    expect(src('app.module.ts')).toContain('HealthController, OrdersController');
    expect(src('orders/orders.controller.ts')).toContain("@Controller('orders')");
    expect(src('orders/orders.controller.ts')).toContain("@Roles('ASSIGN_USERS')");
    expect(src('orders-service.errors.ts')).toContain('extends defineErrorCodes(ORDERS_SERVICE_ERROR_STATUS)');
    expect(read(tree, 'apps/e2e/src/services/orders-service.e2e.spec.ts')).toContain("get('/orders/admin')");
    // It runs on fastify like the others: the adapter comes with bootstrapService, so no generated file names one.
    for (const change of tree.listChanges().filter((c) => c.path.startsWith('apps/orders-service/'))) {
      expect(change.content?.toString('utf-8')).not.toMatch(/platform-express|from 'express'|from 'fastify'/);
    }
  });

  it('registers its route and docs in the gateway', async () => {
    const before = readArrayLiteral('services.ts', read(tree, EDITED_FILES.gatewayServices), 'SERVICES');
    await serviceGenerator(tree, { name: 'orders' });
    const after = readArrayLiteral('services.ts', read(tree, EDITED_FILES.gatewayServices), 'SERVICES');
    expect(after.slice(0, -1)).toEqual(before);
    expect(after.at(-1)).toEqual({
      name: 'orders',
      title: 'orders-service',
      urlVariable: 'ORDERS_SERVICE_URL',
      defaultUrl: 'http://127.0.0.1:3003',
      routes: ['/orders'],
      docs: 'docs/orders',
    });
  });

  it('lets scope:orders depend only on itself and scope:shared', async () => {
    await serviceGenerator(tree, { name: 'orders' });
    const constraints = readArrayLiteral('eslint.config.mjs', read(tree, EDITED_FILES.eslintConfig), 'depConstraints');
    expect(constraints).toContainEqual({
      sourceTag: 'scope:orders',
      onlyDependOnLibsWithTags: ['scope:orders', 'scope:shared'],
    });
  });

  it('adds it to docker-compose.yml as a session reader the gateway waits for, leaving the rest as it was', async () => {
    const before = compose(tree);
    const original = read(tree, 'docker-compose.yml');
    await serviceGenerator(tree, { name: 'orders' });
    const after = compose(tree);
    expect(after.services['orders-service']).toMatchObject({
      build: { dockerfile: 'docker/Dockerfile', target: 'runtime', args: { APP: 'orders-service' } },
      environment: {
        NODE_ENV: 'production',
        PORT: '3003',
        REDIS_URL: expect.stringMatching(/^redis:\/\/session-reader:\$\{REDIS_READER_PASSWORD:\?[^}]*\}@redis:6379$/),
      },
      depends_on: { redis: { condition: 'service_healthy' }, nats: { condition: 'service_healthy' } },
      restart: 'unless-stopped',
      healthcheck: { test: ['CMD', 'node', '/usr/local/lib/session-mesh/healthcheck.cjs', '/ready'] },
    });
    expect(after.services['gateway']?.['environment']?.['ORDERS_SERVICE_URL']).toBe('http://orders-service:3003');
    expect(after.services['gateway']?.['depends_on']?.['orders-service']).toEqual({ condition: 'service_healthy' });
    const { 'orders-service': _added, ...rest } = after.services;
    const gateway = structuredClone(rest['gateway'] ?? {});
    delete gateway['environment']?.['ORDERS_SERVICE_URL'];
    delete gateway['depends_on']?.['orders-service'];
    expect({ ...after, services: { ...rest, gateway } }).toEqual(before);
    // Every line of the file is still there, comments included, in its order.
    const lines = read(tree, 'docker-compose.yml').split('\n');
    let at = 0;
    for (const line of original.split('\n')) {
      at = lines.indexOf(line, at);
      expect({ line, kept: at >= 0 }).toEqual({ line, kept: true });
      at += 1;
    }
  });

  it('is scraped by the observability profile’s Prometheus, on the METRICS_PORT of every app', async () => {
    const original = read(tree, EDITED_FILES.prometheus);
    await serviceGenerator(tree, { name: 'orders' });
    const config = parse(read(tree, EDITED_FILES.prometheus)) as {
      scrape_configs: { dns_sd_configs?: { names: string[] }[] }[];
    };
    const names = config.scrape_configs.flatMap((job) => job.dns_sd_configs ?? []).flatMap((sd) => sd.names);
    expect(names).toEqual(['gateway', 'auth-service', 'user-service', 'orders-service']);
    expect(compose(tree).services['orders-service']?.['environment']?.['METRICS_PORT']).toBe('9464');
    // Only the list changed; every comment is kept.
    expect(read(tree, EDITED_FILES.prometheus)).toBe(
      original.replace(
        '[gateway, auth-service, user-service]',
        '[gateway, auth-service, user-service, orders-service]',
      ),
    );
  });

  it('joins the e2e mesh: started by every mesh, built before the e2e target', async () => {
    await serviceGenerator(tree, { name: 'orders' });
    const services = readArrayLiteral('mesh-services.ts', read(tree, EDITED_FILES.meshServices), 'MESH_SERVICES');
    expect(services).toContainEqual({ app: 'orders-service', urlVariable: 'ORDERS_SERVICE_URL' });
    const e2e = readProjectConfiguration(tree, 'e2e');
    expect(e2e.implicitDependencies).toContain('orders-service');
    expect(e2e.targets?.['e2e']?.dependsOn).toContainEqual(
      expect.objectContaining({ target: 'build', projects: expect.arrayContaining(['orders-service']) }),
    );
  });

  it('gives the next service the next ports, or the ones asked for', async () => {
    await serviceGenerator(tree, { name: 'orders' });
    await serviceGenerator(tree, { name: 'order-history' });
    expect(read(tree, 'apps/order-history-service/src/config/order-history-service.config.ts')).toContain(
      'serviceEnvShape({ port: 3004, rpcPort: 4004 })',
    );
    expect(compose(tree).services['gateway']?.['environment']?.['ORDER_HISTORY_SERVICE_URL']).toBe(
      'http://order-history-service:3004',
    );
    await serviceGenerator(tree, { name: 'billing', port: 3100, rpcPort: 4100, role: 'CREATE_GROUP' });
    expect(read(tree, 'apps/billing-service/src/config/billing-service.config.ts')).toContain(
      'serviceEnvShape({ port: 3100, rpcPort: 4100 })',
    );
    expect(read(tree, 'apps/billing-service/src/billing/billing.controller.ts')).toContain("@Roles('CREATE_GROUP')");
  });

  it('accepts the name with -service', async () => {
    await serviceGenerator(tree, { name: 'orders-service' });
    expect(tree.exists('apps/orders-service/src/orders/orders.controller.ts')).toBe(true);
  });

  it('refuses a name that exists already, and changes nothing', async () => {
    await serviceGenerator(tree, { name: 'orders' });
    const compose = read(tree, 'docker-compose.yml');
    await expect(serviceGenerator(tree, { name: 'orders' })).rejects.toThrow('orders-service already exists');
    expect(read(tree, 'docker-compose.yml')).toBe(compose);
  });

  it.each([
    ['Orders', 'is not a service name'],
    ['orders_x', 'is not a service name'],
    ['1orders', 'is not a service name'],
    ['orders-', 'is not a service name'],
    ['gateway', 'taken by the mesh'],
    ['auth', 'taken by the mesh'],
    ['groups', 'the gateway already routes /groups to user-service'],
  ])('refuses the name %s', async (name, message) => {
    const before = tree.listChanges().map((change) => change.path);
    await expect(serviceGenerator(tree, { name })).rejects.toThrow(message);
    expect(tree.listChanges().map((change) => change.path)).toEqual(before);
  });

  it('refuses a port in use or a bad role', async () => {
    await expect(serviceGenerator(tree, { name: 'orders', port: 3001 })).rejects.toThrow('--port 3001 is already used');
    await expect(serviceGenerator(tree, { name: 'orders', rpcPort: 4002 })).rejects.toThrow('--rpcPort 4002');
    await expect(serviceGenerator(tree, { name: 'orders', role: 'admin' })).rejects.toThrow('--role admin');
  });

  it('stays small: about 200 lines of code, tests and config', async () => {
    await serviceGenerator(tree, { name: 'orders' });
    const lines = tree
      .listChanges()
      .filter((change) => change.path.startsWith('apps/orders-service/'))
      .reduce((sum, change) => sum + (change.content?.toString('utf-8') ?? '').split('\n').length - 1, 0);
    expect(lines).toBeLessThanOrEqual(225);
  });
});
