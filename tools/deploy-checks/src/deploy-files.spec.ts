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

  it('finds the three deployable apps and how they build', () => {
    expect(Object.keys(workspace.apps).sort()).toEqual(['auth-service', 'gateway', 'user-service']);
    for (const [app, build] of Object.entries(workspace.apps)) {
      expect(build.outputDir).toBe(`dist/apps/${app}`);
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
    // Today only the seed has a variable without a default (in production).
    expect(required).toEqual({ gateway: [], 'auth-service': [], 'user-service': [], migrate: ['ADMIN_PASSWORD'] });
  });
});
