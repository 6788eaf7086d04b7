import {
  Dockerfile,
  Instruction,
  Stage,
  copySources,
  declaredNames,
  parentStage,
  parseMount,
  runCommands,
  splitFlags,
  stageByName,
  variableReferences,
} from './dockerfile';
import { DockerIgnore, isIgnored } from './dockerignore';

export const REQUIRED_STAGES = ['build', 'migrate', 'runtime'];
// What a secure, reproducible build context must leave out.
export const MUST_IGNORE = ['.git', 'node_modules', 'apps/gateway/node_modules', 'dist', '.nx', '.env'];

export interface AppBuild {
  // Where `nx build` writes the app, relative to the workspace (webpack output.path).
  outputDir?: string;
  generatesPackageJson: boolean;
  buildDependsOn: string[];
}

export interface DockerfileContext {
  fileExists(path: string): boolean;
  isIgnored(path: string): boolean;
  apps: Record<string, AppBuild>;
  // Web apps built by Vite (the console): name -> output dir, relative to the workspace.
  webApps?: Record<string, string>;
}

const NPM_CI = /\bnpm\s+ci\b/;
// Node majors in long-term support now (Node 20's ended in April 2026; 22's
// ends in April 2027): the images use one of them.
export const NODE_LTS_MAJORS = [22, 24, 26];
// Build secret npm reads its registry config from (tools/compose-smoke passes
// this machine's registry and CA bundle in it).
export const NPMRC_SECRET = 'npmrc';
// Names of build-time values that would carry npm credentials into a layer.
const NPM_CREDENTIAL_NAME = /^(NPM_TOKEN|NODE_AUTH_TOKEN|NPM_CONFIG_\w+|\w*_AUTH(_TOKEN)?)$/i;
const NPM_INSTALL = /\b(npm\s+(install|i|add)|yarn(\s+install)?|pnpm\s+(install|i))\b(?!-)/;
const OMIT_DEV = /--omit[= ]dev\b|--production\b|--only[= ]prod/;
const NX_BUILD_APP = /\bnx\s+(run\s+\$\{?APP\}?:build|build\s+\$\{?APP\}?)(\s|$)/;

function chain(dockerfile: Dockerfile, stage: Stage): Stage[] {
  const stages: Stage[] = [];
  for (let current: Stage | undefined = stage; current; current = parentStage(dockerfile, current))
    stages.push(current);
  return stages;
}

function last(dockerfile: Dockerfile, stage: Stage, keyword: string): Instruction | undefined {
  for (const current of chain(dockerfile, stage)) {
    const found = current.instructions.filter((instruction) => instruction.keyword === keyword).at(-1);
    if (found) return found;
  }
  return undefined;
}

function commandText(instruction: Instruction | undefined): string {
  if (!instruction) return '';
  return instruction.exec ? instruction.exec.join(' ') : instruction.args;
}

function isRootUser(user: string): boolean {
  const name = user.split(':')[0]?.trim() ?? '';
  return name === '' || name === 'root' || name === '0';
}

function expandApp(path: string, apps: string[]): { app?: string; path: string }[] {
  if (!/\$\{?APP\}?/.test(path)) return [{ path }];
  return apps.map((app) => ({ app, path: path.replace(/\$\{APP\}|\$APP\b/g, app) }));
}

function relativeTo(workdir: string, path: string): string | undefined {
  if (!path.startsWith('/')) return path.replace(/^\.\//, '');
  const root = workdir.replace(/\/+$/, '') + '/';
  return path.startsWith(root) ? path.slice(root.length).replace(/\/+$/, '') : undefined;
}

// Every invariant of docker/Dockerfile; each violation is one sentence.
export function checkDockerfile(dockerfile: Dockerfile, context: DockerfileContext): string[] {
  const violations = [...dockerfile.unsupported];
  const appNames = Object.keys(context.apps);
  const names = dockerfile.stages.map((stage) => stage.name).filter((name): name is string => name !== undefined);

  if (dockerfile.stages.length < 2) violations.push('the Dockerfile must be multi-stage');
  for (const name of REQUIRED_STAGES) {
    if (!names.includes(name)) violations.push(`stage ${name} is missing`);
  }
  for (const name of new Set(names)) {
    if (names.filter((other) => other === name).length > 1) violations.push(`stage ${name} is defined twice`);
  }

  violations.push(...checkArgScopes(dockerfile));
  violations.push(...checkOffline(dockerfile));
  violations.push(...checkNpmCredentials(dockerfile));

  for (const stage of dockerfile.stages) {
    for (const run of runCommands(stage)) {
      if (NPM_INSTALL.test(run.args)) {
        violations.push(
          `line ${run.line}: installs with "${NPM_INSTALL.exec(run.args)?.[0]}"; use npm ci (the lockfile)`,
        );
      }
    }
    violations.push(...checkCopies(dockerfile, stage, context, appNames));
  }

  const build = stageByName(dockerfile, 'build');
  if (build) {
    const runs = runCommands(build);
    const npmCi = runs.find((run) => NPM_CI.test(run.args));
    if (!npmCi) violations.push('build: must install with npm ci');
    else {
      const lockfileCopied = build.instructions.some(
        (instruction) =>
          instruction.line < npmCi.line &&
          instruction.keyword === 'COPY' &&
          copySources(instruction).sources.some((source) => source === 'package-lock.json' || source === '.'),
      );
      if (!lockfileCopied) violations.push('build: package-lock.json must be copied before npm ci');
    }
    if (!runs.some((run) => NX_BUILD_APP.test(run.args))) {
      violations.push('build: must build the app with Nx (nx run ${APP}:build)');
    }
    const generates =
      runs.some((run) => /prisma(-|\s+)generate/.test(run.args)) ||
      (context.apps['user-service']?.buildDependsOn.includes('prisma-generate') ?? false);
    if (!generates) {
      violations.push('build: prisma generate must run (in the Dockerfile or as a dependsOn of user-service:build)');
    }
  }

  const migrate = stageByName(dockerfile, 'migrate');
  if (migrate) {
    const command = commandText(last(dockerfile, migrate, 'CMD'));
    if (!/prisma\s+migrate\s+deploy/.test(command)) violations.push('migrate: must run prisma migrate deploy');
    if (!/migrate\.js\s+--seed-only/.test(command))
      violations.push('migrate: must run the seed (migrate.js --seed-only)');
    // Where binaries.prisma.sh is out of reach (tools/compose-smoke), migrate.js
    // applies the migrations itself: MIGRATE_WITH=builtin.
    const declares = chain(dockerfile, migrate).some((stage) =>
      stage.instructions.some((i) => i.keyword === 'ARG' && declaredNames(i).includes('MIGRATE_WITH')),
    );
    if (!declares || !/MIGRATE_WITH/.test(command) || !/migrate\.js(?!\s+--seed-only)/.test(command)) {
      violations.push('migrate: must take ARG MIGRATE_WITH and run migrate.js without --seed-only when it is builtin');
    }
    violations.push(...checkNonRoot(dockerfile, migrate));
  }

  const runtime = stageByName(dockerfile, 'runtime');
  if (runtime) {
    if (parentStage(dockerfile, runtime)) {
      violations.push(
        `runtime: must start from a base image, not from the ${runtime.base} stage (no build tools or dev deps)`,
      );
    }
    const runs = runCommands(runtime);
    const installs = runs.filter((run) => NPM_CI.test(run.args));
    if (installs.length === 0) violations.push('runtime: must install production dependencies with npm ci --omit=dev');
    for (const run of installs) {
      if (!OMIT_DEV.test(run.args))
        violations.push(`line ${run.line}: runtime npm ci must omit dev dependencies (--omit=dev)`);
    }
    for (const copy of runtime.instructions.filter((instruction) => instruction.keyword === 'COPY')) {
      const { from, sources } = copySources(copy);
      if (from !== undefined && sources.some((source) => source.includes('node_modules'))) {
        violations.push(`line ${copy.line}: runtime copies node_modules from ${from} (dev dependencies included)`);
      }
      if (from === 'build' && sources.some((source) => /dist\/apps\/\$\{?APP\}?\/package\.json$/.test(source))) {
        for (const [app, info] of Object.entries(context.apps)) {
          if (!info.generatesPackageJson)
            violations.push(`runtime: ${app}'s build does not write package.json (generatePackageJson)`);
        }
      }
    }
    const env = runtime.instructions
      .filter((instruction) => instruction.keyword === 'ENV')
      .map((i) => i.args)
      .join(' ');
    if (!/\bNODE_ENV[= ]production\b/.test(env)) violations.push('runtime: must set NODE_ENV=production');
    violations.push(...checkNonRoot(dockerfile, runtime));
    if (context.webApps?.['console']) violations.push(...checkConsoleServed(dockerfile, context.webApps['console']));
    const healthcheck = last(dockerfile, runtime, 'HEALTHCHECK');
    if (!healthcheck || /^NONE$/i.test(healthcheck.args.trim())) violations.push('runtime: has no HEALTHCHECK');
    else {
      if (!/\/health\b/.test(healthcheck.args)) violations.push('runtime: HEALTHCHECK must probe /health');
      const copied = chain(dockerfile, runtime).flatMap((stage) =>
        stage.instructions
          .filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')
          .map((i) => copySources(i).destination),
      );
      for (const script of healthcheck.args.match(/\/[\w./-]+\.[cm]?js\b/g) ?? []) {
        if (!copied.includes(script))
          violations.push(`runtime: HEALTHCHECK runs ${script}, which the stage does not copy`);
      }
    }
    if (!last(dockerfile, runtime, 'CMD') && !last(dockerfile, runtime, 'ENTRYPOINT')) {
      violations.push('runtime: has no CMD');
    }
  }
  return violations;
}

// What a build needs from outside: the base images and the npm registry, and
// nothing it cannot be given on a machine without a container registry.
// The gateway image serves the console: the build stage builds it, the
// runtime copies that build and points the gateway's CONSOLE_DIR at it.
function checkConsoleServed(dockerfile: Dockerfile, outputDir: string): string[] {
  const violations: string[] = [];
  const build = stageByName(dockerfile, 'build');
  if (build && !runCommands(build).some((run) => /\bnx\s+(run\s+console:build|build\s+console)\b/.test(run.args))) {
    violations.push('build: must build the console for the gateway image (nx run console:build)');
  }
  const runtime = stageByName(dockerfile, 'runtime');
  if (!runtime) return violations;
  const workdir = (build && last(dockerfile, build, 'WORKDIR')?.args) ?? '/';
  const copy = runtime.instructions
    .filter((instruction) => instruction.keyword === 'COPY')
    .map((instruction) => copySources(instruction))
    .find(
      ({ from, sources }) =>
        from === 'build' && sources.some((source) => relativeTo(workdir, source.replace(/\/+$/, '')) === outputDir),
    );
  if (!copy) {
    violations.push(`runtime: must copy the console's build (${outputDir}) from build for the gateway to serve`);
    return violations;
  }
  const consoleDir = runtime.instructions
    .filter((instruction) => instruction.keyword === 'ENV')
    .map((instruction) => /\bCONSOLE_DIR[= ](\S+)/.exec(instruction.args)?.[1])
    .findLast((value) => value !== undefined);
  if (!consoleDir || consoleDir.replace(/\/+$/, '') !== copy.destination.replace(/\/+$/, '')) {
    violations.push(`runtime: CONSOLE_DIR must name where the console's build is copied (${copy.destination})`);
  }
  return violations;
}

function checkOffline(dockerfile: Dockerfile): string[] {
  const violations: string[] = [];
  if (dockerfile.directives['syntax'] !== undefined) {
    violations.push(
      `# syntax=${dockerfile.directives['syntax']}: BuildKit pulls that frontend image from a registry, so builds fail offline; the built-in frontend of Docker 20.10+ reads this file`,
    );
  }
  const defaults = new Map(
    dockerfile.globalArgs.map((arg) => {
      const [name = '', ...value] = arg.args.split('=');
      return [name.trim(), value.join('=').trim()] as const;
    }),
  );
  for (const stage of dockerfile.stages) {
    const base = stage.base.replace(/^\$\{?(\w+)\}?$/, (whole, name: string) => defaults.get(name) || whole);
    const node = /^(?:docker\.io\/)?(?:library\/)?node:(\d+)/.exec(base);
    if (node && !NODE_LTS_MAJORS.includes(Number(node[1]))) {
      violations.push(`line ${stage.line}: ${base} is not a Node in long-term support (${NODE_LTS_MAJORS.join(', ')})`);
    }
  }
  return violations;
}

// npm's registry config and credentials reach `npm ci` as a build secret,
// mounted only while it runs; never as an ARG, ENV or copied .npmrc, which a
// layer or the image history would keep.
function checkNpmCredentials(dockerfile: Dockerfile): string[] {
  const violations: string[] = [];
  for (const stage of dockerfile.stages) {
    for (const instruction of stage.instructions) {
      if (
        (instruction.keyword === 'ARG' || instruction.keyword === 'ENV') &&
        declaredNames(instruction).some((name) => NPM_CREDENTIAL_NAME.test(name))
      ) {
        violations.push(
          `line ${instruction.line}: npm configuration must come as the build secret ${NPMRC_SECRET}, not ${instruction.keyword}`,
        );
      }
      if (
        (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') &&
        copySources(instruction).sources.some((source) => /(^|\/)\.npmrc$/.test(source))
      ) {
        violations.push(
          `line ${instruction.line}: copies an .npmrc into a layer; mount it as the build secret ${NPMRC_SECRET}`,
        );
      }
    }
    for (const run of runCommands(stage)) {
      if (!NPM_CI.test(run.args)) continue;
      const mounts = (splitFlags(run).flags['mount'] ?? '').split(';').map(parseMount);
      const secret = mounts.find((mount) => mount['type'] === 'secret' && mount['id'] === NPMRC_SECRET);
      const readsIt =
        secret && (secret['target'] !== undefined || /\bNPM_CONFIG_USERCONFIG=\/run\/secrets\/npmrc\b/.test(run.args));
      if (!readsIt) {
        violations.push(
          `line ${run.line}: npm ci must read the build secret ${NPMRC_SECRET} (--mount=type=secret,id=${NPMRC_SECRET} and NPM_CONFIG_USERCONFIG=/run/secrets/${NPMRC_SECRET})`,
        );
      }
    }
  }
  return violations;
}

function checkNonRoot(dockerfile: Dockerfile, stage: Stage): string[] {
  const user = last(dockerfile, stage, 'USER');
  if (!user || isRootUser(user.args)) return [`${stage.name}: must run as a non-root USER`];
  return [];
}

// ARGs do not cross stage boundaries: a stage that uses ${X} must declare ARG X
// itself (or inherit an ENV X from the stage it builds on).
export function checkArgScopes(dockerfile: Dockerfile): string[] {
  const violations: string[] = [];
  const globalArgs = new Set(dockerfile.globalArgs.flatMap(declaredNames));
  const allArgs = new Set([
    ...globalArgs,
    ...dockerfile.stages.flatMap((stage) =>
      stage.instructions.filter((i) => i.keyword === 'ARG').flatMap(declaredNames),
    ),
  ]);
  for (const stage of dockerfile.stages) {
    const [from, ...rest] = stage.instructions;
    for (const name of variableReferences(from?.args ?? '')) {
      if (!globalArgs.has(name))
        violations.push(`line ${stage.line}: FROM uses \${${name}}, which is not an ARG before the first FROM`);
    }
    const known = new Set(
      chain(dockerfile, stage)
        .slice(1)
        .flatMap((parent) => parent.instructions.filter((i) => i.keyword === 'ENV').flatMap(declaredNames)),
    );
    for (const instruction of rest) {
      // CMD, ENTRYPOINT and HEALTHCHECK run later, in the container's environment.
      if (!['CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(instruction.keyword)) {
        for (const name of variableReferences(instruction.args)) {
          if (allArgs.has(name) && !known.has(name)) {
            violations.push(
              `line ${instruction.line}: stage ${stage.name ?? stage.index} uses \${${name}} without its own ARG ${name}`,
            );
          }
        }
      }
      if (instruction.keyword === 'ARG' || instruction.keyword === 'ENV')
        declaredNames(instruction).forEach((n) => known.add(n));
    }
  }
  return violations;
}

function checkCopies(dockerfile: Dockerfile, stage: Stage, context: DockerfileContext, apps: string[]): string[] {
  const violations: string[] = [];
  const reads: { line: number; from?: string; source: string }[] = [];
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
      const { from, sources } = copySources(instruction);
      for (const source of sources) reads.push({ line: instruction.line, from, source });
    }
    if (instruction.keyword === 'RUN') {
      for (const mount of (splitFlags(instruction).flags['mount'] ?? '').split(';').filter(Boolean).map(parseMount)) {
        if (mount['type'] === 'bind' || mount['type'] === undefined) {
          reads.push({ line: instruction.line, from: mount['from'], source: mount['source'] ?? '.' });
        }
      }
    }
  }
  for (const { line, from, source } of reads) {
    if (from === undefined) {
      if (source === '.' || /[*?[]/.test(source)) continue;
      const path = source.replace(/^\.?\//, '');
      if (!context.fileExists(path)) violations.push(`line ${line}: copies ${source}, which does not exist`);
      else if (context.isIgnored(path))
        violations.push(`line ${line}: copies ${source}, which .dockerignore leaves out`);
      continue;
    }
    const origin = stageByName(dockerfile, from) ?? (/^\d+$/.test(from) ? dockerfile.stages[Number(from)] : undefined);
    if (!origin) {
      if (!/[/:]/.test(from)) violations.push(`line ${line}: --from=${from} is not a stage of this Dockerfile`);
      continue;
    }
    if (origin.index >= stage.index) {
      violations.push(`line ${line}: --from=${from} is not defined before this stage`);
      continue;
    }
    const workdir = last(dockerfile, origin, 'WORKDIR')?.args ?? '/';
    for (const { app, path } of expandApp(source, apps)) {
      const relative = relativeTo(workdir, path);
      if (relative === undefined) continue;
      if (relative.startsWith('dist/')) {
        const outputs = app
          ? [context.apps[app]?.outputDir]
          : Object.values(context.webApps ?? {}).filter((dir) => dir === relative || relative.startsWith(`${dir}/`));
        const output = outputs[0];
        if (!output || !(relative === output || relative.startsWith(`${output}/`))) {
          violations.push(`line ${line}: copies ${path} from ${from}, which no app's build writes`);
        }
      } else if (!context.fileExists(relative)) {
        violations.push(`line ${line}: copies ${path} from ${from}, which does not exist in the repository`);
      } else if (context.isIgnored(relative)) {
        violations.push(`line ${line}: copies ${path} from ${from}, which .dockerignore leaves out of ${from}`);
      }
    }
  }
  return violations;
}

// The build context keeps what the build needs and leaves out what it must not carry.
export function checkDockerIgnore(ignore: DockerIgnore, neededInContext: string[]): string[] {
  const violations: string[] = [];
  for (const path of MUST_IGNORE) {
    if (!isIgnored(ignore, path)) violations.push(`.dockerignore must leave out ${path}`);
  }
  for (const path of neededInContext) {
    if (isIgnored(ignore, path)) violations.push(`.dockerignore leaves out ${path}, which the build needs`);
  }
  return violations;
}
