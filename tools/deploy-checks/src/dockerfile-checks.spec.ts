import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Instruction, copySources, declaredNames, parseDockerfile, splitFlags } from './lib/dockerfile';
import { DockerfileContext, checkDockerIgnore, checkDockerfile } from './lib/dockerfile-checks';
import { isIgnored, parseDockerIgnore } from './lib/dockerignore';
import { Workspace, dockerfileContext, neededInContext, readWorkspace } from './lib/workspace';

function fixture(name: string): string {
  return readFileSync(join(__dirname, 'fixtures', name), 'utf8');
}

describe('parseDockerfile', () => {
  const dockerfile = parseDockerfile(fixture('parser-cases.Dockerfile'));

  function instruction(stage: number, index: number): Instruction {
    const found = dockerfile.stages[stage]?.instructions[index];
    if (!found) throw new Error(`no instruction ${index} in stage ${stage}`);
    return found;
  }

  it('reads parser directives at the top only', () => {
    expect(dockerfile.directives).toEqual({ syntax: 'docker/dockerfile:1' });
    expect(parseDockerfile('FROM x\n# syntax=y\n').directives).toEqual({});
  });

  it('reads global ARGs, stages, flags and names', () => {
    expect(dockerfile.globalArgs.map((arg) => arg.args)).toEqual(['BASE=node:20-slim']);
    expect(dockerfile.stages.map(({ name, base, line }) => ({ name, base, line }))).toEqual([
      { name: 'first', base: '${BASE}', line: 3 },
      { name: undefined, base: 'first', line: 11 },
    ]);
  });

  it('joins continuation lines and drops comments inside them', () => {
    const run = instruction(0, 1);
    expect(run.keyword).toBe('RUN');
    expect(run.args.replace(/\s+/g, ' ')).toBe('echo one && echo two');
  });

  it('reads COPY flags, sources and destination; keywords are case-insensitive', () => {
    const copy = instruction(0, 2);
    expect(copy.keyword).toBe('COPY');
    expect(copySources(copy)).toEqual({ from: 'first', sources: ['/a', '/b'], destination: './' });
    expect(splitFlags(copy).flags).toEqual({ from: 'first', chown: 'node:node' });
  });

  it('reads ENV in both forms and CMD in exec form', () => {
    expect(declaredNames(instruction(0, 3))).toEqual(['A', 'B']);
    expect(declaredNames(instruction(0, 4))).toEqual(['LEGACY']);
    expect(instruction(0, 5).exec).toEqual(['node', 'main.js']);
  });

  it('reports heredocs, which it does not understand', () => {
    expect(parseDockerfile('FROM x\nRUN <<EOF\necho\nEOF\n').unsupported[0]).toMatch(/heredocs/);
  });
});

// Each case breaks one invariant of the real docker/Dockerfile.
describe('checkDockerfile', () => {
  let workspace: Workspace;
  let context: DockerfileContext;

  beforeAll(() => {
    workspace = readWorkspace();
    context = dockerfileContext(workspace);
  });

  function replaceOnce(text: string, from: string | RegExp, to: string): string {
    const matches =
      typeof from === 'string' ? text.split(from).length - 1 : (text.match(new RegExp(from, 'g')) ?? []).length;
    if (matches !== 1) throw new Error(`expected one match of ${String(from)} in docker/Dockerfile, found ${matches}`);
    return text.replace(from, to);
  }

  function violationsOf(text: string, inContext: DockerfileContext = context): string[] {
    return checkDockerfile(parseDockerfile(text), inContext);
  }

  it('passes on the unmodified file (the baseline of every case below)', () => {
    expect(violationsOf(workspace.dockerfileText)).toEqual([]);
  });

  const cases: [string, (text: string) => string, string][] = [
    [
      'the runtime runs as root',
      (text) => replaceOnce(text, /USER node\nHEALTHCHECK/, 'USER root\nHEALTHCHECK'),
      'runtime: must run as a non-root USER',
    ],
    [
      'the runtime has no USER',
      (text) => replaceOnce(text, /USER node\nHEALTHCHECK/, 'HEALTHCHECK'),
      'runtime: must run as a non-root USER',
    ],
    [
      'the migrate job runs as root',
      (text) => replaceOnce(text, /USER node\nCMD \["sh"/, 'USER 0\nCMD ["sh"'),
      'migrate: must run as a non-root USER',
    ],
    [
      'there is no HEALTHCHECK',
      (text) => replaceOnce(text, /HEALTHCHECK [^\n]*\\\n[^\n]*\n/, ''),
      'runtime: has no HEALTHCHECK',
    ],
    [
      'the HEALTHCHECK is switched off',
      (text) => replaceOnce(text, /HEALTHCHECK [^\n]*\\\n[^\n]*\n/, 'HEALTHCHECK NONE\n'),
      'runtime: has no HEALTHCHECK',
    ],
    [
      'the HEALTHCHECK probes another path',
      (text) => replaceOnce(text, '"/health"]', '"/ready"]'),
      'runtime: HEALTHCHECK must probe /health',
    ],
    [
      'the healthcheck script is not copied',
      (text) => replaceOnce(text, /COPY docker\/healthcheck\.cjs [^\n]*\n/, ''),
      'runtime: HEALTHCHECK runs /usr/local/lib/session-mesh/healthcheck.cjs, which the stage does not copy',
    ],
    [
      'the runtime installs dev dependencies',
      (text) => replaceOnce(text, 'npm ci --omit=dev', 'npm ci'),
      'runtime npm ci must omit dev dependencies (--omit=dev)',
    ],
    [
      'the runtime copies node_modules from the build',
      (text) =>
        replaceOnce(
          text,
          'USER node\nHEALTHCHECK',
          'COPY --from=build /repo/node_modules ./node_modules\nUSER node\nHEALTHCHECK',
        ),
      'runtime copies node_modules from build (dev dependencies included)',
    ],
    [
      'the runtime builds on the build stage',
      (text) => replaceOnce(text, 'FROM ${NODE_IMAGE} AS runtime', 'FROM build AS runtime'),
      'runtime: must start from a base image, not from the build stage',
    ],
    [
      'the runtime is not in production mode',
      (text) => replaceOnce(text, 'ENV NODE_ENV=production APP=${APP}', 'ENV APP=${APP}'),
      'runtime: must set NODE_ENV=production',
    ],
    ['the runtime has no CMD', (text) => replaceOnce(text, 'CMD ["node", "main.js"]', ''), 'runtime: has no CMD'],
    [
      'the build installs with npm install',
      (text) => replaceOnce(text, 'npm ci --no-audit --no-fund\n', 'npm install\n'),
      'installs with "npm install"; use npm ci (the lockfile)',
    ],
    [
      'npm ci runs before the lockfile is there',
      (text) => replaceOnce(text, 'COPY package.json package-lock.json ./\n', ''),
      'build: package-lock.json must be copied before npm ci',
    ],
    [
      'the build does not use Nx for the app',
      (text) => replaceOnce(text, 'npx nx run ${APP}:build', 'npx webpack-cli build'),
      'build: must build the app with Nx (nx run ${APP}:build)',
    ],
    [
      'a stage uses a build arg it does not declare',
      (text) => replaceOnce(text, /FROM \$\{NODE_IMAGE\} AS runtime\nARG APP\n/, 'FROM ${NODE_IMAGE} AS runtime\n'),
      'stage runtime uses ${APP} without its own ARG APP',
    ],
    [
      'a FROM uses an ARG declared inside a stage',
      (text) => replaceOnce(text, 'FROM ${NODE_IMAGE} AS runtime', 'FROM ${APP} AS runtime'),
      'FROM uses ${APP}, which is not an ARG before the first FROM',
    ],
    [
      'a copied file does not exist',
      (text) => replaceOnce(text, 'COPY docker/healthcheck.cjs', 'COPY docker/missing.cjs'),
      'copies docker/missing.cjs, which does not exist',
    ],
    [
      'a copy names a stage that does not exist',
      (text) =>
        replaceOnce(
          text,
          'COPY --from=build /repo/dist/apps/${APP}/ ./',
          'COPY --from=builder /repo/dist/apps/${APP}/ ./',
        ),
      '--from=builder is not a stage of this Dockerfile',
    ],
    [
      'a copy reads build output no app writes',
      (text) =>
        replaceOnce(text, 'COPY --from=build /repo/dist/apps/${APP}/ ./', 'COPY --from=build /repo/dist/${APP}/ ./'),
      "copies /repo/dist/gateway/ from build, which no app's build writes",
    ],
    [
      'a bind mount reads a file the repository lacks',
      (text) => replaceOnce(text, 'source=/repo/docker/verify-runtime-deps.cjs', 'source=/repo/docker/verify.cjs'),
      'copies /repo/docker/verify.cjs from build, which does not exist in the repository',
    ],
    [
      'the migrate job skips prisma migrate deploy',
      (text) => replaceOnce(text, 'prisma migrate deploy --config prisma.config.ts && ', ''),
      'migrate: must run prisma migrate deploy',
    ],
    [
      'the migrate job skips the seed',
      (text) => replaceOnce(text, ' && exec node /repo/dist/apps/user-service/migrate.js --seed-only', ''),
      'migrate: must run the seed (migrate.js --seed-only)',
    ],
    [
      'a # syntax= line makes BuildKit pull its frontend',
      (text) => `# syntax=docker/dockerfile:1\n${text}`,
      '# syntax=docker/dockerfile:1: BuildKit pulls that frontend image from a registry',
    ],
    [
      'the base image is Node 20 (support ended in April 2026)',
      (text) => replaceOnce(text, /ARG NODE_IMAGE=node:\d+-bookworm-slim/, 'ARG NODE_IMAGE=node:20-bookworm-slim'),
      'node:20-bookworm-slim is not a Node in long-term support (22, 24, 26)',
    ],
    [
      'npm ci runs without the npmrc build secret',
      (text) =>
        replaceOnce(
          text,
          /RUN --mount=type=secret,id=npmrc --mount=type=secret,id=npm_cafile \\\n {2}NPM_CONFIG_USERCONFIG=\/run\/secrets\/npmrc npm ci --no-audit/,
          'RUN npm ci --no-audit',
        ),
      'npm ci must read the build secret npmrc',
    ],
    [
      'an npm token comes in as a build arg',
      (text) => replaceOnce(text, 'WORKDIR /repo\n', 'WORKDIR /repo\nARG NPM_TOKEN\n'),
      'npm configuration must come as the build secret npmrc, not ARG',
    ],
    [
      'an .npmrc is copied into a layer',
      (text) => replaceOnce(text, 'WORKDIR /repo\n', 'WORKDIR /repo\nCOPY .npmrc /root/.npmrc\n'),
      'copies an .npmrc into a layer; mount it as the build secret npmrc',
    ],
    [
      "the migrate job needs Prisma's engine whatever MIGRATE_WITH says",
      (text) => replaceOnce(text, /if \[ \\"\$MIGRATE_WITH\\" = builtin \]; then exec node [^;]*; fi; /, ''),
      'migrate: must take ARG MIGRATE_WITH and run migrate.js without --seed-only when it is builtin',
    ],
    [
      'the gateway image does not build the console',
      (text) => replaceOnce(text, /RUN if \[ "\$\{APP\}" = gateway \]; then npx nx run console:build[^\n]*\n/, ''),
      'build: must build the console for the gateway image (nx run console:build)',
    ],
    [
      "the runtime does not copy the console's build",
      (text) => replaceOnce(text, 'COPY --from=build /repo/dist/apps/console/ /app/console/\n', ''),
      "runtime: must copy the console's build (dist/apps/console) from build for the gateway to serve",
    ],
    [
      "CONSOLE_DIR is not where the console's build is",
      (text) => replaceOnce(text, 'CONSOLE_DIR=/app/console', 'CONSOLE_DIR=/srv/console'),
      "runtime: CONSOLE_DIR must name where the console's build is copied (/app/console/)",
    ],
    [
      "a copy reads a web app's build output that does not exist",
      (text) => replaceOnce(text, '/repo/dist/apps/console/ /app/console/', '/repo/dist/apps/konsole/ /app/console/'),
      "copies /repo/dist/apps/konsole/ from build, which no app's build writes",
    ],
    [
      'a required stage is missing',
      (text) => replaceOnce(text, 'FROM build AS migrate', 'FROM build AS migrations'),
      'stage migrate is missing',
    ],
  ];

  it.each(cases)('fails when %s', (_name, mutate, expected) => {
    const violations = violationsOf(mutate(workspace.dockerfileText));
    expect(violations.some((violation) => violation.includes(expected))).toBe(true);
  });

  it('reads the console as a web app, built by Vite into dist/apps/console', () => {
    expect(workspace.webApps).toEqual({ console: 'dist/apps/console' });
  });

  it('fails when prisma generate runs nowhere', () => {
    const apps = structuredClone(context.apps);
    apps['user-service'] = { ...context.apps['user-service'], generatesPackageJson: true, buildDependsOn: ['^build'] };
    expect(violationsOf(workspace.dockerfileText, { ...context, apps })).toContain(
      'build: prisma generate must run (in the Dockerfile or as a dependsOn of user-service:build)',
    );
  });

  it('fails when an app build writes no package.json for the runtime install', () => {
    const apps = structuredClone(context.apps);
    apps['gateway'] = { ...context.apps['gateway'], generatesPackageJson: false, buildDependsOn: [] };
    expect(violationsOf(workspace.dockerfileText, { ...context, apps })).toContain(
      "runtime: gateway's build does not write package.json (generatePackageJson)",
    );
  });

  it('fails when .dockerignore leaves out a file the image copies', () => {
    const ignore = parseDockerIgnore('docker\n');
    const violations = violationsOf(workspace.dockerfileText, {
      ...context,
      isIgnored: (path) => isIgnored(ignore, path),
    });
    expect(
      violations.some((violation) => violation.includes('docker/healthcheck.cjs, which .dockerignore leaves out')),
    ).toBe(true);
  });

  it('reports every broken invariant of a single-stage Dockerfile', () => {
    expect(violationsOf(fixture('single-stage.Dockerfile'))).toEqual([
      'the Dockerfile must be multi-stage',
      'stage build is missing',
      'stage migrate is missing',
      'stage runtime is missing',
      'line 2: node:20 is not a Node in long-term support (22, 24, 26)',
      'line 5: installs with "npm install"; use npm ci (the lockfile)',
    ]);
  });
});

describe('checkDockerIgnore', () => {
  it('passes the repository’s .dockerignore (see deploy-files.spec.ts) and fails a careless one', () => {
    const workspace = readWorkspace();
    const violations = checkDockerIgnore(parseDockerIgnore('node_modules\n*.json\n'), neededInContext(workspace));
    expect(violations).toEqual(
      expect.arrayContaining([
        '.dockerignore must leave out .git',
        '.dockerignore must leave out dist',
        '.dockerignore must leave out .env',
        '.dockerignore leaves out package.json, which the build needs',
        '.dockerignore leaves out package-lock.json, which the build needs',
      ]),
    );
  });

  it("needs the shared build that the apps' webpack configs require", () => {
    const workspace = readWorkspace();
    expect(
      checkDockerIgnore(
        parseDockerIgnore('.git\n**/node_modules\ndist\n.nx\n.env\ntools\n'),
        neededInContext(workspace),
      ),
    ).toEqual([
      '.dockerignore leaves out tools/scripts/prisma-generate.mjs, which the build needs',
      '.dockerignore leaves out tools/build, which the build needs',
    ]);
  });
});
