import { createClient } from 'redis';
import { HttpClient } from '../support/http-client';
import { Mesh, startMesh } from '../support/mesh';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Idle timeout and absolute lifetime, configured in seconds.
describe('session expiry through the gateway', () => {
  let mesh: Mesh;
  const redis = () => createClient({ url: mesh.redis.url });

  beforeAll(async () => {
    mesh = await startMesh({ env: { SESSION_IDLE_TTL_SECONDS: '2', SESSION_ABSOLUTE_TTL_SECONDS: '5' } });
  });

  afterAll(() => mesh?.stop());

  async function sessionKeys(): Promise<string[]> {
    const client = redis();
    await client.connect();
    try {
      return await client.keys('sess:*');
    } finally {
      client.destroy();
    }
  }

  async function login(): Promise<HttpClient> {
    const client = new HttpClient(mesh.gateway);
    expect((await client.post('/user/login', { username: 'admin', password: 'admin' })).status).toBe(200);
    return client;
  }

  it('ends an idle session after the idle timeout on every service, and its key is gone', async () => {
    const client = await login();
    await sleep(1200);
    expect((await client.get('/auth/me')).status).toBe(200); // activity slides the timeout
    await sleep(1200);
    expect((await client.get('/auth/me')).status).toBe(200);
    expect(await sessionKeys()).toHaveLength(1);
    await sleep(2300);
    expect(await sessionKeys()).toHaveLength(0);
    expect((await client.get('/auth/me')).status).toBe(401);
    expect((await client.post('/user/assign', { userId: 1, groupIds: [1, 2] })).status).toBe(401);
  });

  it('ends an active session at its absolute lifetime, and its key is gone', async () => {
    const client = await login();
    const started = Date.now();
    // Active every 800 ms: the idle timeout never strikes.
    while (Date.now() - started < 4200) {
      expect((await client.get('/auth/me')).status).toBe(200);
      await sleep(800);
    }
    await sleep(Math.max(0, 5100 - (Date.now() - started)));
    expect(await sessionKeys()).toHaveLength(0);
    expect((await client.get('/auth/me')).status).toBe(401);
    expect((await client.post('/user/assign', { userId: 1, groupIds: [1, 2] })).status).toBe(401);
  });
});
