import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// `nx g @session-mesh/nx-plugin:service orders` in a copy of this workspace
// (its tracked and new files, node_modules linked), then what a developer
// would run next, each step one test: typecheck and lint, build, the generated
// unit tests and deploy-checks, and the generated e2e spec, which starts the
// mesh with the new service from dist/. KEEP_E2E_COPY=1 keeps the copy.
//
// auth-service and user-service must not change: their builds are copied from
// this workspace's dist/ (the e2e target builds them first) instead of being
// built again in the copy.
const ROOT = join(__dirname, '../../..');
const UNCHANGED_APPS = ['auth-service', 'user-service'];
const STEP_TIMEOUT_MS = 8 * 60_000;

// The new app (code and specs) and what the generator edited, with the
// compiler options of the apps' own tsconfig.app.json and tsconfig.spec.json.
const TYPECHECK_CONFIG = {
  extends: './tsconfig.base.json',
  compilerOptions: { module: 'commonjs', moduleResolution: 'bundler', types: ['jest', 'node'], noEmit: true },
  include: [
    'apps/orders-service/src',
    'apps/gateway/src/services.ts',
    'apps/e2e/src/support/mesh-services.ts',
    'apps/e2e/src/services',
  ],
};

let copy: string;
let changed: string[] = [];

// The copy's own Nx: none of the variables the outer `nx run` set.
function childEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('NX_') && key !== 'JEST_WORKER_ID'),
  );
  return { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_ISOLATE_PLUGINS: 'false', FORCE_COLOR: '0' };
}

function run(bin: string, args: string[]): string {
  const started = Date.now();
  const result = spawnSync(join(copy, 'node_modules/.bin', bin), args, {
    cwd: copy,
    env: childEnv(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: STEP_TIMEOUT_MS,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (result.status !== 0) {
    throw new Error(
      `${bin} ${args.join(' ')} failed (${result.status ?? result.signal}, ${took}):\n${output.slice(-12_000)}`,
    );
  }
  process.stdout.write(`${bin} ${args.join(' ')}: ${took}\n`);
  return output;
}

function copyWorkspace(): void {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of new Set(listed.stdout.split('\0').filter(Boolean))) {
    const from = join(ROOT, file);
    // Deleted in the working tree but still in the index.
    if (!existsSync(from) || !statSync(from).isFile()) continue;
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(from, join(copy, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  for (const app of UNCHANGED_APPS) {
    const built = join(ROOT, 'dist/apps', app, 'main.js');
    if (!existsSync(built))
      throw new Error(`${built} is missing: run this through \`nx run nx-plugin:e2e\`, which builds it`);
    cpSync(join(ROOT, 'dist/apps', app), join(copy, 'dist/apps', app), { recursive: true });
  }
}

describe('nx g @session-mesh/nx-plugin:service, in a copy of the workspace', () => {
  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'session-mesh-nx-plugin-e2e-'));
    copyWorkspace();
  });

  afterAll(() => {
    if (copy && process.env['KEEP_E2E_COPY'] !== '1') rmSync(copy, { recursive: true, force: true });
  });

  it(
    'generates orders-service, touching neither the other services nor the libraries, formatted',
    () => {
      const output = run('nx', ['g', '@session-mesh/nx-plugin:service', 'orders', '--no-interactive']);
      changed = [...output.matchAll(/^(?:CREATE|UPDATE) (\S+)$/gm)].map((match) => match[1] ?? '');
      expect(changed).toEqual(
        expect.arrayContaining([
          'apps/orders-service/src/main.ts',
          'apps/e2e/src/services/orders-service.e2e.spec.ts',
          'apps/gateway/src/services.ts',
          'docker-compose.yml',
          'eslint.config.mjs',
        ]),
      );
      expect(changed.filter((file) => /^(apps\/(auth|user)-service|libs)\//.test(file))).toEqual([]);
      run('prettier', ['--check', ...changed]);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'typechecks and lints the new app and the files it edited, module boundaries included',
    () => {
      // One TypeScript program for all of them: each tsc run here costs about
      // 40 s of CPU (Nest's and zod's declarations), whatever the app's size.
      writeFileSync(join(copy, 'tsconfig.generated.json'), JSON.stringify(TYPECHECK_CONFIG, null, 2));
      run('tsc', ['-p', 'tsconfig.generated.json']);
      run('eslint', ['--max-warnings=0', 'eslint.config.mjs', ...TYPECHECK_CONFIG.include]);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'builds orders-service and the gateway',
    () => {
      run('nx', ['run-many', '-t', 'build', '-p', 'orders-service', 'gateway', '--parallel=1']);
      expect(existsSync(join(copy, 'dist/apps/orders-service/main.js'))).toBe(true);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'passes its generated unit tests, and deploy-checks (compose against the zod configs)',
    () => {
      const output = run('nx', ['run-many', '-t', 'test', '-p', 'orders-service', 'deploy-checks', '--parallel=1']);
      expect(output).toMatch(/Successfully ran target test for 2 projects/);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'passes its generated e2e spec through the gateway: 401 without a session, 200 as admin, 403 without the role',
    () => {
      const output = run('jest', [
        '-c',
        'apps/e2e/jest.config.cts',
        '--runInBand',
        'apps/e2e/src/services/orders-service.e2e.spec.ts',
      ]);
      expect(output).toMatch(/Tests:\s+4 passed, 4 total/);
    },
    STEP_TIMEOUT_MS,
  );
});
