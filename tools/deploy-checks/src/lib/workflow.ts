// What .github/workflows/ci.yml must do (issues 5 and 14): Redis and Postgres
// service containers, the tests on every Node of NODE_MATRIX, npm ci,
// base/head from nx-set-shas, full history, `nx affected` for
// lint/typecheck/test/build and e2e, the Nx cache, Nx Cloud and the daemon
// off, and the compose smoke run with the official images.

type Doc = Record<string, unknown>;

function record(value: unknown): Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Doc) : {};
}

export const AFFECTED_TARGETS = ['lint', 'typecheck', 'test', 'build'];
// The oldest Node package.json's engines allow, and the ones in long-term support.
export const NODE_MATRIX = ['20', '22', '24'];
export const COMPOSE_SMOKE =
  /\bbash tools\/compose-smoke\/smoke\.sh --official\b|\bnx run compose-smoke:smoke:official\b/;

export function checkWorkflow(doc: unknown): string[] {
  const violations: string[] = [];
  const workflow = record(doc);
  const on = record(workflow['on']);
  if (!('push' in on) || !('pull_request' in on)) violations.push('ci: must run on push and pull_request');

  const env = { ...record(workflow['env']) };
  for (const job of Object.values(record(workflow['jobs']))) Object.assign(env, record(record(job)['env']));
  if (String(env['NX_DAEMON']) !== 'false') violations.push('ci: must set NX_DAEMON=false');
  if (String(env['NX_NO_CLOUD']) !== 'true') violations.push('ci: must set NX_NO_CLOUD=true');

  const jobs = Object.values(record(workflow['jobs'])).map(record);
  const images = jobs.flatMap((job) =>
    Object.values(record(job['services'])).map((service) => String(record(service)['image'])),
  );
  if (!images.some((image) => /^redis:7\b/.test(image))) violations.push('ci: needs a Redis 7 service container');
  if (!images.some((image) => /^postgres:(1[4-9]|[2-9]\d)\b/.test(image))) {
    violations.push('ci: needs a Postgres 14+ service container');
  }

  const steps = jobs.flatMap((job) => (Array.isArray(job['steps']) ? job['steps'].map(record) : []));
  const uses = (prefix: string) => steps.filter((step) => String(step['uses'] ?? '').startsWith(prefix));
  const runs = steps.map((step) => String(step['run'] ?? ''));
  const indexOf = (predicate: (step: Doc) => boolean) => steps.findIndex(predicate);

  const checkout = uses('actions/checkout@')[0];
  if (!checkout || String(record(checkout['with'])['fetch-depth']) !== '0') {
    violations.push('ci: actions/checkout must fetch the full history (fetch-depth: 0)');
  }
  // The job that runs the tests runs them on every Node of NODE_MATRIX.
  const testJob = jobs.find((job) =>
    (Array.isArray(job['steps']) ? job['steps'].map(record) : []).some((step) =>
      /\bnx affected\b.*-t\s+[^\n]*\btest\b/.test(String(step['run'] ?? '')),
    ),
  );
  const matrix = record(record(testJob?.['strategy'])['matrix']);
  const matrixNodes = (Array.isArray(matrix['node']) ? matrix['node'] : []).map(String);
  const testSetupNode = (Array.isArray(testJob?.['steps']) ? testJob['steps'].map(record) : []).find((step) =>
    String(step['uses'] ?? '').startsWith('actions/setup-node@'),
  );
  if (
    !NODE_MATRIX.every((version) => matrixNodes.includes(version)) ||
    String(record(testSetupNode?.['with'])['node-version']) !== '${{ matrix.node }}'
  ) {
    violations.push(
      `ci: the test job must run on a matrix of Node ${NODE_MATRIX.join(', ')} (node-version: \${{ matrix.node }})`,
    );
  }
  if (!runs.some((run) => COMPOSE_SMOKE.test(run))) {
    violations.push(
      'ci: a job must run the compose smoke run with the official images (tools/compose-smoke/smoke.sh --official)',
    );
  }
  const jobsRunningNpm = jobs.filter((job) =>
    (Array.isArray(job['steps']) ? job['steps'].map(record) : []).some((step) =>
      /\b(npx|npm)\b/.test(String(step['run'] ?? '')),
    ),
  );
  const installsWithCi = (job: Doc) =>
    (Array.isArray(job['steps']) ? job['steps'].map(record) : []).some((step) =>
      /^\s*npm ci\b/m.test(String(step['run'] ?? '')),
    );
  if (jobsRunningNpm.length === 0 || !jobsRunningNpm.every(installsWithCi))
    violations.push('ci: must install with npm ci');
  if (runs.some((run) => /\bnpm (install|i)\b/.test(run))) violations.push('ci: must not run npm install');

  const setShas = indexOf((step) => String(step['uses'] ?? '').startsWith('nrwl/nx-set-shas@'));
  if (setShas < 0) violations.push('ci: must set the base and head SHAs with nrwl/nx-set-shas');
  const cache = uses('actions/cache@').find((step) => String(record(step['with'])['path']).includes('.nx/cache'));
  if (!cache) violations.push('ci: must cache .nx/cache with actions/cache');

  const affected = steps
    .map((step, index) => ({ index, run: String(step['run'] ?? '') }))
    .filter(({ run }) => /\bnx affected\b/.test(run));
  const targetsOf = (run: string) => (/-t\s+([\w:, -]+?)(\s+--|\s*$)/m.exec(run)?.[1] ?? '').split(/[\s,]+/);
  for (const target of [...AFFECTED_TARGETS, 'e2e']) {
    if (!affected.some(({ run }) => targetsOf(run).includes(target)))
      violations.push(`ci: nx affected must run ${target}`);
  }
  if (affected.some(({ index }) => setShas < 0 || index < setShas)) {
    violations.push('ci: nx affected runs before nrwl/nx-set-shas has set the base');
  }
  if (runs.some((run) => /\bnx run-many\b/.test(run)))
    violations.push('ci: runs every project (nx run-many) instead of nx affected');
  return violations;
}
