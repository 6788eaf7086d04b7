import { checkCompose } from './lib/compose';
import { checkDockerIgnore, checkDockerfile } from './lib/dockerfile-checks';
import { EnvSchema, describeEnv } from './lib/env';
import {
  Workspace,
  composeContext,
  dockerfileContext,
  fileExists,
  loadEnvSchemas,
  neededInContext,
  readWorkspace,
} from './lib/workspace';

// The repository's own docker-compose.yml, docker/Dockerfile, .dockerignore
// and .env.example meet every invariant. The other specs show each check
// failing when its invariant is broken.
describe('the deploy files of this repository', () => {
  let workspace: Workspace;
  let schemas: Record<string, EnvSchema>;

  beforeAll(async () => {
    workspace = readWorkspace();
    schemas = await loadEnvSchemas();
  });

  it('finds the deployable apps (the three of the mesh, and any added since) and how they build', () => {
    expect(Object.keys(workspace.apps)).toEqual(expect.arrayContaining(['auth-service', 'gateway', 'user-service']));
    for (const [app, build] of Object.entries(workspace.apps)) {
      expect(build.outputDir).toBe(`dist/apps/${app}`);
    }
  });

  it('runs every deployable app in docker-compose.yml, built from its own code, with its env schema checked', () => {
    const services = (workspace.compose as { services: Record<string, { build?: { args?: { APP?: string } } }> })
      .services;
    for (const app of Object.keys(workspace.apps)) {
      expect({ app, builds: services[app]?.build?.args?.APP }).toEqual({ app, builds: app });
      expect(Object.keys(schemas)).toContain(app);
    }
  });

  it('docker-compose.yml meets every invariant', () => {
    expect(checkCompose(workspace.compose, composeContext(workspace, schemas))).toEqual([]);
  });

  it('docker/Dockerfile meets every invariant', () => {
    expect(workspace.dockerfile.stages.map((stage) => stage.name)).toEqual(['build', 'migrate', 'runtime']);
    expect(checkDockerfile(workspace.dockerfile, dockerfileContext(workspace))).toEqual([]);
  });

  it('.dockerignore keeps secrets and artifacts out and lets the build in', () => {
    const needed = neededInContext(workspace);
    expect(needed.filter((path) => !fileExists(workspace.root, path))).toEqual([]);
    expect(checkDockerIgnore(workspace.dockerignore, needed)).toEqual([]);
  });

  it('reads what each app requires from its real zod schema', () => {
    const required = Object.fromEntries(
      Object.entries(schemas).map(([service, schema]) => [
        service,
        describeEnv(schema)
          .filter((variable) => variable.required)
          .map((variable) => variable.name),
      ]),
    );
    // Only the seed has a variable without a default (in production).
    const expected = Object.fromEntries(Object.keys(schemas).map((service) => [service, [] as string[]]));
    expect(required).toEqual({ ...expected, migrate: ['ADMIN_PASSWORD'] });
  });
});
