import fc from 'fast-check';
import { Mesh, startMesh } from '../support/mesh';
import { MeshState } from '../support/mesh-state';
import { authorizationHistory, checkAnswers, checkSettled, timeline } from './checks';
import { RunLog, Scenario, scenarioArbitrary, ScenarioClient } from './scenario';
import { CLIENTS, createWorld, resetWorld, restoreLegacyHashes, World } from './world';

// Issue 13, item 2: random interleavings, from seven clients at once (three
// administrators, three users, and eve who knows only ann's first password;
// each with its own cookie jar), of replacing a
// user's groups, a group's roles and a role's groups, disabling and enabling,
// password changes, logouts and logins, on the real mesh (gateway,
// auth-service, user-service, Postgres, Redis). After each run settles, every
// answer must be one some order of the requests explains (never 5xx), and
// every live session must hold exactly the roles the database gives its user.
//
// Time budget: BUDGET_MS of runs (INVARIANTS_BUDGET_MS to change it).
// A failure prints fast-check's seed and path; to replay it:
//   INVARIANTS_SEED=<seed> INVARIANTS_PATH=<path> npx jest -c apps/e2e/jest.config.cts session-invariants
// (the requests of a run are replayed; their timing on the server is not).
const BUDGET_MS = Number(process.env['INVARIANTS_BUDGET_MS'] ?? 60_000);
// Setting up the run in flight at the deadline, settling it, shrinking a failure.
const MARGIN_MS = 120_000;
// Below this many runs in the budget the test would prove little: it fails.
const MIN_RUNS = 3;
const OUTBOX_DRAIN_MS = 15_000;

describe('session invariants under concurrent administration (property-based, real mesh)', () => {
  let mesh: Mesh;
  let world: World;
  let state: MeshState;
  // "<action> <status>" -> how many answers, over every run: what the runs reached.
  const answers = new Map<string, number>();

  beforeAll(async () => {
    mesh = await startMesh();
    world = await createWorld(mesh);
    state = await MeshState.connect(mesh.databaseUrl, mesh.redis.url);
  }, 90_000);

  afterAll(async () => {
    await state?.close();
    await mesh?.stop();
  });

  // One run: back to the baseline, every client logs in, then all clients
  // play their steps at once; once every answer is in and the outbox is
  // empty (every change has reached the sessions), check everything.
  async function run(scenario: Scenario): Promise<void> {
    await resetWorld(state, world);
    const log: RunLog = { origin: performance.now(), events: [], sessions: [] };
    const clients = CLIENTS.map((client) => new ScenarioClient(client, world, mesh.gateway, log));
    await Promise.all(clients.map((client) => client.baselineLogin()));
    // The baseline logins upgraded the hashes; the scenario's logins must too.
    await restoreLegacyHashes(state, world);
    await Promise.all(clients.map((client, i) => client.run(scenario.clients[i])));
    for (const event of log.events) {
      const key = `${event.action.kind} ${event.status}`;
      answers.set(key, (answers.get(key) ?? 0) + 1);
    }

    const history = authorizationHistory(world, log.events);
    const violations = checkAnswers(world, log, history);
    if (!(await state.outboxDrained(OUTBOX_DRAIN_MS))) {
      violations.push(`the outbox still held ${await state.pendingSessionSyncs()} row(s) after ${OUTBOX_DRAIN_MS} ms`);
    }
    violations.push(...(await checkSettled(world, log, history, state, mesh.gateway)));
    if (violations.length > 0) {
      throw new Error(`${violations.join('\n')}\nThe run, in the order requests were sent:\n${timeline(log)}`);
    }
  }

  it(
    `holds for every interleaving it tries within ${BUDGET_MS / 1000} s`,
    async () => {
      const seed = Number(process.env['INVARIANTS_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
      const path = process.env['INVARIANTS_PATH'];
      const runs = new RunTracker();
      const startedAt = Date.now();
      try {
        await fc.assert(
          fc.asyncProperty(scenarioArbitrary, (scenario) => runs.track(scenario, () => run(scenario))),
          {
            seed,
            path,
            numRuns: 100_000,
            includeErrorInReport: true,
            plugins: [fc.interruptAfterTimeLimit(BUDGET_MS)],
          },
        );
      } finally {
        // The run in flight at the deadline goes on; wait for it, so that
        // nothing outlives the mesh.
        await runs.inFlight;
      }
      // fast-check ignores the outcome of the run the time limit interrupted:
      // a pass requires every run that executed to have passed, that one too.
      runs.assertNoIgnoredFailure(seed);
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
      const tally = [...answers].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => `${key}: ${n}`);
      console.log(`invariants: ${runs.passed} runs in ${seconds} s (seed ${seed})\nanswers: ${tally.join(', ')}`);
      expect(runs.passed).toBeGreaterThanOrEqual(path ? 1 : MIN_RUNS);
    },
    BUDGET_MS + MARGIN_MS,
  );
});

// Counts runs, and keeps the outcome of each in case fast-check drops it.
class RunTracker {
  passed = 0;
  inFlight: Promise<void> = Promise.resolve();
  private started = 0;
  private ignored: { index: number; scenario: Scenario; error: unknown } | undefined;

  track(scenario: Scenario, execute: () => Promise<void>): Promise<void> {
    const index = this.started++;
    const outcome = execute();
    this.inFlight = outcome.then(
      () => {
        this.passed++;
      },
      (error: unknown) => {
        this.ignored ??= { index, scenario, error };
      },
    );
    return outcome;
  }

  // Called when fast-check reported success: then no run failed that it saw,
  // and no shrinking happened, so the path of run i is simply "i".
  assertNoIgnoredFailure(seed: number): void {
    if (!this.ignored) return;
    const { index, scenario, error } = this.ignored;
    throw new Error(
      `Property failed on run ${index + 1}, the one in flight at the time limit (fast-check ignores its outcome)\n` +
        `{ seed: ${seed}, path: "${index}" }\n` +
        `Counterexample: ${fc.stringify([scenario])}\n` +
        `Got error: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
