import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { HttpClient } from '../support/http-client';
import { Mesh, startMesh } from '../support/mesh';
import { PrometheusServer } from '../support/prometheus';

// Prometheus metrics (docs/operations.md, Metrics): every app serves /metrics
// on its METRICS_PORT, Debian's prometheus scrapes them all, and the
// walkthrough moves the series; the gateway's public port never shows them.
describe('metrics scraped by Prometheus', () => {
  let mesh: Mesh;
  let prometheus: PrometheusServer;

  beforeAll(async () => {
    if (!existsSync(PrometheusServer.BINARY)) {
      throw new Error(`${PrometheusServer.BINARY} is missing: apt-get install -y prometheus`);
    }
    mesh = await startMesh({ metrics: true });
    prometheus = await PrometheusServer.start(mesh.metrics ?? {});
  }, 90_000);
  afterAll(async () => {
    await prometheus?.stop();
    await mesh?.stop();
  });

  const sum = (series: string) => `sum(${series}) or vector(0)`;

  it('keeps /metrics off the public port', async () => {
    for (const path of ['/metrics', '/metrics?x=1', '/metrics/']) {
      expect((await fetch(mesh.gateway + path)).status).toBe(404);
    }
    // Nor does a service's own HTTP port serve them.
    expect((await fetch(`${mesh.auth}/metrics`)).status).toBe(404);
    const direct = await fetch(mesh.metrics?.gateway ?? '');
    expect(direct.status).toBe(200);
    expect(await direct.text()).toContain('process_cpu_user_seconds_total{service="gateway"}');
  });

  it('sees the walkthrough in every series', async () => {
    await prometheus.waitFor('every app scraped', async () => (await prometheus.value('sum(up)')) === 3);

    const user = new HttpClient(mesh.gateway);
    const username = `metrics-${randomBytes(4).toString('hex')}@example.com`;
    const password = `pw-${randomBytes(12).toString('hex')}`;
    expect((await user.post('/user/assign', { userId: 1, groupIds: [1] })).status).toBe(401);
    const created = await user.post('/user', { username, password });
    expect(created.status).toBe(201);
    const userId = created.json['id'] as number;
    expect((await user.post('/user/login', { username, password })).status).toBe(200);

    // The validations before /auth/me, once Prometheus has the login.
    await prometheus.waitForAtLeast(sum('session_logins_total{outcome="ok"}'), 1);
    const validationsBefore = await prometheus.value(sum('session_validations_total{outcome="ok"}'));

    for (let i = 0; i < 3; i++) expect((await user.get('/auth/me')).status).toBe(200);
    expect((await user.post('/user/assign', { userId, groupIds: [1] })).status).toBe(403);

    const admin = new HttpClient(mesh.gateway);
    expect((await admin.post('/user/login', { username: 'admin', password: 'admin' })).status).toBe(200);
    expect((await admin.post('/user/assign', { userId, groupIds: [2] })).status).toBe(200);
    expect((await user.post('/auth/logout')).status).toBe(204);
    expect((await new HttpClient(mesh.gateway).post('/user/login', { username, password: 'wrong' })).status).toBe(401);

    await prometheus.waitForAtLeast(sum('session_logins_total{outcome="ok"}'), 2);
    await prometheus.waitForAtLeast(sum('session_logins_total{outcome="wrong_credentials"}'), 1);
    await prometheus.waitForAtLeast(sum('session_validations_total{outcome="ok"}'), validationsBefore + 3);
    await prometheus.waitForAtLeast(sum('session_validations_total{outcome="missing"}'), 1);
    await prometheus.waitForAtLeast(sum('session_validations_total{outcome="role_missing"}'), 1);
    await prometheus.waitForAtLeast(sum('session_revocations_total{kind="logout"}'), 1);
    await prometheus.waitForAtLeast(sum('session_role_syncs_applied_total{service="auth-service"}'), 1);
    await prometheus.waitForAtLeast(sum('session_role_sync_lag_seconds_count'), 1);
    await prometheus.waitForAtLeast(
      sum('session_store_command_duration_seconds_count{service="auth-service",operation="read_and_slide"}'),
      3,
    );
    // The outbox is read at scrape time; the change was confirmed, so it is empty.
    await prometheus.waitFor('outbox backlog scraped', async () => {
      const [backlog] = await prometheus.query('session_sync_outbox_rows{service="user-service"}');
      return backlog?.value === 0;
    });

    // Requests by route template in the services, by upstream service in the gateway.
    await prometheus.waitForAtLeast(
      sum('http_server_request_duration_seconds_count{service="auth-service",route="/auth/me",status="200"}'),
      3,
    );
    await prometheus.waitForAtLeast(
      sum('http_server_request_duration_seconds_count{service="user-service",route="/user/assign",status="403"}'),
      1,
    );
    await prometheus.waitForAtLeast(
      sum('http_server_request_duration_seconds_count{service="gateway",route="auth-service"}'),
      5,
    );
    const routes = await prometheus.query('count by (route) (http_server_request_duration_seconds_count)');
    // Templates, never raw paths: no user id appears in a label.
    expect(routes.map(({ labels }) => labels['route'])).not.toContainEqual(expect.stringMatching(/\/\d+(\/|$)/));

    for (const service of ['gateway', 'auth-service', 'user-service']) {
      await prometheus.waitForAtLeast(sum(`process_cpu_user_seconds_total{service="${service}"}`), 0.000001);
    }
  });
});
