import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkWorkflow } from './lib/workflow';
import { WORKSPACE_ROOT } from './lib/workspace';

type Step = Record<string, unknown>;

describe('checkWorkflow (.github/workflows/ci.yml)', () => {
  const workflow: unknown = parse(readFileSync(join(WORKSPACE_ROOT, '.github/workflows/ci.yml'), 'utf8'));

  function steps(doc: unknown): Step[] {
    return (doc as { jobs: { test: { steps: Step[] } } }).jobs.test.steps;
  }

  function step(doc: unknown, match: (step: Step) => boolean): Step {
    const found = steps(doc).find(match);
    if (!found) throw new Error('no such step in ci.yml');
    return found;
  }

  const usesPrefix = (prefix: string) => (candidate: Step) => String(candidate['uses'] ?? '').startsWith(prefix);
  const runs = (text: string) => (candidate: Step) => String(candidate['run'] ?? '').includes(text);

  it('passes on the repository’s workflow (the baseline of every case below)', () => {
    expect(checkWorkflow(workflow)).toEqual([]);
  });

  const cases: [string, (doc: unknown) => void, string][] = [
    [
      'pull requests are not built',
      (doc) => delete (doc as { on: Step }).on['pull_request'],
      'ci: must run on push and pull_request',
    ],
    ['the daemon is on', (doc) => ((doc as { env: Step }).env['NX_DAEMON'] = 'true'), 'ci: must set NX_DAEMON=false'],
    [
      'there is no Redis container',
      (doc) => delete (doc as { jobs: { test: { services: Step } } }).jobs.test.services['redis'],
      'ci: needs a Redis 7 service container',
    ],
    [
      'Postgres is too old',
      (doc) =>
        ((doc as { jobs: { test: { services: Record<string, Step> } } }).jobs.test.services['postgres'] = {
          image: 'postgres:13',
        }),
      'ci: needs a Postgres 14+ service container',
    ],
    [
      'the checkout is shallow',
      (doc) => (step(doc, usesPrefix('actions/checkout@'))['with'] = {}),
      'ci: actions/checkout must fetch the full history (fetch-depth: 0)',
    ],
    [
      'the tests run on one Node only',
      (doc) => (step(doc, usesPrefix('actions/setup-node@'))['with'] = { 'node-version': 20 }),
      'ci: the test job must run on a matrix of Node 20, 22, 24 (node-version: ${{ matrix.node }})',
    ],
    [
      'the matrix leaves out Node 24',
      (doc) =>
        ((doc as { jobs: { test: { strategy: { matrix: Step } } } }).jobs.test.strategy.matrix['node'] = [20, 22]),
      'ci: the test job must run on a matrix of Node 20, 22, 24 (node-version: ${{ matrix.node }})',
    ],
    [
      'the compose smoke run is not in CI',
      (doc) => delete (doc as { jobs: Record<string, unknown> }).jobs['compose-smoke'],
      'ci: a job must run the compose smoke run with the official images (tools/compose-smoke/smoke.sh --official)',
    ],
    [
      'dependencies come from npm install',
      (doc) => (step(doc, runs('npm ci'))['run'] = 'npm install'),
      'ci: must install with npm ci',
    ],
    [
      'the base and head are not set',
      (doc) => steps(doc).splice(steps(doc).findIndex(usesPrefix('nrwl/nx-set-shas@')), 1),
      'ci: must set the base and head SHAs with nrwl/nx-set-shas',
    ],
    [
      'the Nx cache is not kept',
      (doc) => steps(doc).splice(steps(doc).findIndex(usesPrefix('actions/cache@')), 1),
      'ci: must cache .nx/cache with actions/cache',
    ],
    [
      'a target is left out of nx affected',
      (doc) => (step(doc, runs('-t lint'))['run'] = 'npx nx affected -t lint test build'),
      'ci: nx affected must run typecheck',
    ],
    [
      'the e2e suite is not run',
      (doc) => steps(doc).splice(steps(doc).findIndex(runs('-t e2e')), 1),
      'ci: nx affected must run e2e',
    ],
    [
      'every project runs instead of the affected ones',
      (doc) => (step(doc, runs('-t e2e'))['run'] = 'npx nx run-many -t e2e'),
      'ci: runs every project (nx run-many) instead of nx affected',
    ],
  ];

  it.each(cases)('fails when %s', (_name, mutate, expected) => {
    const doc = structuredClone(workflow);
    mutate(doc);
    expect(checkWorkflow(doc)).toContain(expected);
  });

  it('fails when nx affected runs before the SHAs are set', () => {
    const doc = structuredClone(workflow);
    const list = steps(doc);
    const [setShas] = list.splice(list.findIndex(usesPrefix('nrwl/nx-set-shas@')), 1);
    list.push(setShas as Step);
    expect(checkWorkflow(doc)).toContain('ci: nx affected runs before nrwl/nx-set-shas has set the base');
  });
});
