import { AuthRpc, UserRpc } from '@session-mesh/contracts';
import { sessionIdOf } from '@session-mesh/session/testing';
import { HttpClient, Json } from '../support/http-client';
import { ScaledMesh, startScaledMesh } from '../support/scaled-mesh';

const PASSWORD = 'correct horse battery';

// Issue: scale out. Two replicas of each service behind one gateway, sessions
// in a three-master Redis Cluster, RPC over NATS queue groups.
describe('the mesh scaled out: 2 replicas per service, Redis Cluster, NATS', () => {
  let mesh: ScaledMesh;
  let admin: HttpClient;
  let nextUser = 0;

  async function newUser(): Promise<{ id: number; username: string }> {
    const username = `scaled${nextUser++}@example.com`;
    const created = await new HttpClient(mesh.gateway).post('/user', { username, password: PASSWORD });
    expect(created.status).toBe(201);
    return { id: created.json['id'] as number, username };
  }

  async function loggedIn(baseUrl: string, username: string): Promise<HttpClient> {
    const client = new HttpClient(baseUrl);
    expect((await client.post('/user/login', { username, password: PASSWORD })).status).toBe(200);
    return client;
  }

  // 404 (no such user) means the session carries ASSIGN_USERS; 403 that it does not.
  async function assignStatus(baseUrl: string, cookie: string): Promise<number> {
    return (await new HttpClient(baseUrl).post('/user/assign', { userId: 2_000_000, groupIds: [] }, { cookie })).status;
  }

  beforeAll(async () => {
    mesh = await startScaledMesh(2);
    admin = new HttpClient(mesh.gateway);
    expect((await admin.post('/user/login', { username: 'admin', password: 'admin' })).status).toBe(200);
  }, 120_000);

  afterAll(() => mesh?.stop());

  it('runs the PoC walkthrough through the gateway', async () => {
    const client = new HttpClient(mesh.gateway);
    expect((await client.post('/user/assign', { userId: 1, groupIds: [1] })).status).toBe(401);
    const created = await client.post('/user', { username: 'jane@example.com', password: PASSWORD });
    expect(created.status).toBe(201);
    expect(Object.keys(created.json).sort()).toEqual(['id', 'username']);
    const janeId = created.json['id'] as number;
    const login = await client.post('/user/login', { username: 'jane@example.com', password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/^sid=[A-Za-z0-9_-]{43};/);
    expect((await client.post('/user/assign', { userId: janeId, groupIds: [1] })).status).toBe(403);

    client.forgetCookie();
    expect((await client.post('/user/login', { username: 'admin', password: 'admin' })).status).toBe(200);
    const assigned = await client.post('/user/assign', { userId: janeId, groupIds: [2] });
    expect(assigned.status).toBe(200);
    expect(assigned.json).toEqual({ userId: janeId, groups: [{ id: 2, name: 'Manager' }] });
  });

  it('accepts a session made by one auth-service replica on every replica of every service', async () => {
    const { username } = await newUser();
    for (const origin of mesh.auth) {
      const client = await loggedIn(origin, username);
      const cookie = client.sessionCookie as string;
      for (const url of mesh.auth) expect((await new HttpClient(url).get('/auth/me', { cookie })).status).toBe(200);
      for (const url of mesh.users) expect((await new HttpClient(url).get('/groups', { cookie })).status).toBe(200);
    }
  });

  it('spreads sessions over the cluster nodes and keeps the login limiter there too', async () => {
    const { username } = await newUser();
    for (let i = 0; i < 12; i++) await loggedIn(mesh.gateway, username);
    const perNode = mesh.cluster.keysPerNode('sess:*');
    expect(perNode.filter((count) => count > 0).length).toBeGreaterThanOrEqual(2);

    const wrong = await new HttpClient(mesh.gateway).post('/user/login', { username, password: 'wrong password' });
    expect(wrong.status).toBe(401);
    expect(mesh.cluster.keysPerNode('login-fail:*').reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
  });

  it('subscribes each service replica in its queue group, so a request reaches exactly one', async () => {
    const subscriptions = await mesh.nats.subscriptions();
    const handlers = (subject: string) =>
      subscriptions.filter((sub) => sub.subject === subject).map((sub) => `${sub.client}/${sub.queue}`);
    expect(handlers(UserRpc.verifyCredentials)).toEqual(['user-service/user-service', 'user-service/user-service']);
    expect(handlers(AuthRpc.syncUsers)).toEqual(['auth-service/auth-service', 'auth-service/auth-service']);
  });

  it('changes roles live: a group given on one user-service replica counts on the other at once', async () => {
    const { id, username } = await newUser();
    const client = await loggedIn(mesh.gateway, username);
    const cookie = client.sessionCookie as string;
    for (const url of mesh.users) expect(await assignStatus(url, cookie)).toBe(403);

    const adminCookie = admin.sessionCookie as string;
    const granted = await new HttpClient(mesh.users[0]).post(
      '/user/assign',
      { userId: id, groupIds: [2] },
      { cookie: adminCookie },
    );
    expect(granted.status).toBe(200);
    for (const url of mesh.users) expect(await assignStatus(url, cookie)).toBe(404);

    const removed = await new HttpClient(mesh.users[1]).post(
      '/user/assign',
      { userId: id, groupIds: [] },
      { cookie: adminCookie },
    );
    expect(removed.status).toBe(200);
    for (const url of mesh.users) expect(await assignStatus(url, cookie)).toBe(403);
  });

  it('revokes a session on one replica and every replica of every service refuses it next', async () => {
    const { username } = await newUser();
    const laptop = await loggedIn(mesh.gateway, username);
    const phone = await loggedIn(mesh.gateway, username);
    const listed = await new HttpClient(mesh.auth[0]).get('/auth/sessions', { cookie: laptop.sessionCookie as string });
    const phoneId = (listed.json['sessions'] as Json[]).find((session) => !session['current'])?.['id'] as string;
    const revoked = await new HttpClient(mesh.auth[1]).request('DELETE', `/auth/sessions/${phoneId}`, undefined, {
      cookie: laptop.sessionCookie as string,
    });
    expect(revoked.status).toBe(204);
    const cookie = phone.sessionCookie as string;
    for (const url of [...mesh.auth, mesh.gateway]) {
      expect((await new HttpClient(url).get('/auth/me', { cookie })).status).toBe(401);
    }
    for (const url of mesh.users) expect((await new HttpClient(url).get('/groups', { cookie })).status).toBe(401);
    expect((await laptop.get('/auth/me')).status).toBe(200);
  });

  it('keeps serving when one replica of each service dies mid-traffic: no valid session gets a 401', async () => {
    const users = await Promise.all([newUser(), newUser(), newUser()]);
    const clients = await Promise.all(users.map(({ username }) => loggedIn(mesh.gateway, username)));
    const results: Array<{ at: number; kind: 'read' | 'login'; status: number }> = [];
    let stopping = false;
    let killedAt = Infinity;

    // Readers of both services with valid sessions, and fresh logins, all the time.
    const reader = async (client: HttpClient, path: string) => {
      while (!stopping) {
        const at = Date.now();
        results.push({ at, kind: 'read', status: (await client.get(path)).status });
      }
    };
    const loginLoop = async () => {
      while (!stopping) {
        const at = Date.now();
        const response = await new HttpClient(mesh.gateway).post('/user/login', {
          username: users[0].username,
          password: PASSWORD,
        });
        results.push({ at, kind: 'login', status: response.status });
      }
    };
    const traffic = Promise.all([
      ...clients.flatMap((client) => [reader(client, '/auth/me'), reader(client, '/groups')]),
      loginLoop(),
    ]);

    await new Promise((resolve) => setTimeout(resolve, 1500));
    killedAt = Date.now();
    await Promise.all([mesh.apps.auth[0].kill(), mesh.apps.users[0].kill()]);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    stopping = true;
    await traffic;

    const before = results.filter((result) => result.at < killedAt);
    const after = results.filter((result) => result.at >= killedAt);
    expect(before.length).toBeGreaterThan(20);
    expect(after.length).toBeGreaterThan(20);
    // Valid sessions are never refused, before, during or after the crash.
    expect(results.filter((result) => result.status === 401)).toEqual([]);
    // Reads are idempotent: the gateway retried them on the survivors.
    expect(results.filter((result) => result.kind === 'read' && result.status !== 200)).toEqual([]);
    // A login in flight on a dying replica may fail (503, after the 2 s RPC
    // timeout at most); later ones succeed.
    const settled = after.filter((result) => result.kind === 'login' && result.at > killedAt + 2500);
    expect(settled.length).toBeGreaterThan(0);
    expect(settled.every((result) => result.status === 200)).toBe(true);

    // The survivors carry the traffic on their own.
    expect(
      (await new HttpClient(mesh.gateway).post('/user/login', { username: 'admin', password: 'admin' })).status,
    ).toBe(200);
    for (const client of clients) expect((await client.get('/groups')).status).toBe(200);
  });

  it('answers 503 to logins while NATS is down, keeps validating sessions, and recovers by itself', async () => {
    const { username } = await newUser();
    const client = await loggedIn(mesh.gateway, username);
    await mesh.nats.stop();
    try {
      const login = await new HttpClient(mesh.gateway).post('/user/login', { username, password: PASSWORD });
      expect(login.status).toBe(503);
      expect(login.json['code']).toBe('user_service_unavailable');
      // Sessions are checked against Redis: no RPC, no outage.
      expect((await client.get('/auth/me')).status).toBe(200);
      expect((await client.get('/groups')).status).toBe(200);
    } finally {
      await mesh.nats.start();
    }
    const deadline = Date.now() + 20_000;
    let status = 0;
    while (status !== 200 && Date.now() < deadline) {
      status = (await new HttpClient(mesh.gateway).post('/user/login', { username, password: PASSWORD })).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(200);
  });

  it('answers 503, never 401 or 500, for sessions on a Redis master that is down, and recovers when it is back', async () => {
    const { username } = await newUser();
    const clients = await Promise.all(Array.from({ length: 9 }, () => loggedIn(mesh.gateway, username)));
    const nodeOf = (client: HttpClient) =>
      mesh.cluster.nodeOf(`sess:${sessionIdOf((client.sessionCookie as string).slice('sid='.length))}`);
    const nodes = clients.map(nodeOf);
    expect(nodes.every((node) => node >= 0)).toBe(true);
    // The node holding the most of these sessions (9 sessions, 3 nodes: at least 3).
    const down = [0, 1, 2].sort((a, b) => nodes.filter((n) => n === b).length - nodes.filter((n) => n === a).length)[0];
    expect(nodes.filter((node) => node !== down).length).toBeGreaterThan(0);

    await mesh.cluster.killNode(down);
    try {
      for (const [i, client] of clients.entries()) {
        const me = await client.get('/auth/me');
        const groups = await client.get('/groups');
        if (nodes[i] === down) {
          expect([me.status, me.json['code'], groups.status]).toEqual([503, 'session_store_unavailable', 503]);
        } else {
          expect([me.status, groups.status]).toEqual([200, 200]);
        }
      }
    } finally {
      await mesh.cluster.restartNode(down);
    }
    // Back, but empty (this cluster keeps nothing on disk): those sessions
    // are gone (401), the others still work, and new logins work everywhere.
    const deadline = Date.now() + 20_000;
    const statuses = async () => Promise.all(clients.map(async (client) => (await client.get('/auth/me')).status));
    const expected = nodes.map((node) => (node === down ? 401 : 200));
    let seen = await statuses();
    while (JSON.stringify(seen) !== JSON.stringify(expected) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      seen = await statuses();
    }
    expect(seen).toEqual(expected);
    for (let i = 0; i < 6; i++) expect((await loggedIn(mesh.gateway, username)).sessionCookie).toBeDefined();
  });
});
