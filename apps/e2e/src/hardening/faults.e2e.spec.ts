import { HttpClient } from '../support/http-client';
import { Mesh, startMesh } from '../support/mesh';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

// A stack in a log line, raw or inside a JSON string.
const STACK_TRACE = /(\n|\\n)\s+at |"stack":/;

// Dependencies that go away and come back: fail closed (503, never 401 or
// a pass), no process exits, recovery without a restart.
describe('faults: Redis and Postgres going away', () => {
  let mesh: Mesh;
  let admin: HttpClient;

  beforeAll(async () => {
    mesh = await startMesh({ persistentRedis: true, databaseProxy: true });
    admin = new HttpClient(mesh.gateway);
    expect((await admin.post('/user/login', { username: 'admin', password: 'admin' })).status).toBe(200);
  });

  afterAll(() => mesh?.stop());

  const assign = () => admin.post('/user/assign', { userId: 999_999, groupIds: [] });
  const logOf = (app: 'auth-service' | 'user-service') => mesh.apps[app].output.join('');
  const count = (text: string, pattern: RegExp) => text.match(new RegExp(pattern, 'g'))?.length ?? 0;
  const me = () => admin.get('/auth/me');

  it('answers 503 with Retry-After while Redis is down, lets nothing through, and recovers by itself', async () => {
    const seen: number[] = [];
    const traffic = (async () => {
      for (let i = 0; i < 400 && seen.length < 400; i++) {
        seen.push((await assign()).status, (await me()).status);
        await sleep(10);
      }
    })();
    await sleep(300);
    await mesh.redis.stop();

    const down = await assign();
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(down.json).toMatchObject({ code: 'session_store_unavailable' });
    expect((await me()).status).toBe(503);
    for (const base of [mesh.auth, mesh.users]) expect((await fetch(`${base}/ready`)).status).toBe(503);
    expect((await fetch(`${mesh.gateway}/ready`)).status).toBe(503);
    await sleep(1000);

    await mesh.redis.start();
    await until('the session works again', async () => (await me()).status === 200);
    await traffic;
    expect((await assign()).status).toBe(404); // authorized, handled
    for (const app of Object.values(mesh.apps)) expect(app.running).toBe(true);
    // Every answer was "allowed and handled" (404/200) or "unavailable" (503):
    // never 401 (treated as anonymous), never a 5xx other than 503.
    expect(new Set(seen.filter((status) => ![200, 404, 503].includes(status)))).toEqual(new Set());
    expect(seen).toContain(503);
    // A known outage is two log lines per service, however many requests it refused; no stacks.
    for (const app of ['auth-service', 'user-service'] as const) {
      const log = logOf(app);
      expect(count(log, /Redis \(session store\) unavailable/)).toBe(1);
      expect(count(log, /Redis \(session store\) available again after [\d.]+ s; \d+ request\(s\) refused/)).toBe(1);
      expect(log).not.toMatch(STACK_TRACE);
    }
  });

  it('answers 503 on routes that need Postgres while it is unreachable, and recovers by itself', async () => {
    const register = (n: number) =>
      admin.post('/user', { username: `fault${n}@example.com`, password: 'correct horse' });
    expect((await register(1)).status).toBe(201);
    await mesh.databaseProxy?.stop();

    const down = await register(2);
    expect(down.status).toBe(503);
    expect(down.json).toMatchObject({ code: 'database_unavailable' });
    expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await assign()).status).toBe(503); // the session is fine; the handler needs Postgres
    expect((await me()).status).toBe(200); // auth-service needs no Postgres for this
    expect((await admin.post('/user/login', { username: 'admin', password: 'admin' })).status).toBe(503);
    expect((await fetch(`${mesh.users}/ready`)).status).toBe(503);

    await mesh.databaseProxy?.start();
    await until('Postgres is usable again', async () => (await register(3)).status === 201);
    expect((await fetch(`${mesh.users}/ready`)).status).toBe(200);
    for (const app of Object.values(mesh.apps)) expect(app.running).toBe(true);
    const log = logOf('user-service');
    expect(count(log, /Postgres unavailable/)).toBe(1);
    expect(count(log, /Postgres available again after [\d.]+ s; [1-9]\d* request\(s\) refused/)).toBe(1);
    expect(log).not.toMatch(STACK_TRACE);
  });
});
