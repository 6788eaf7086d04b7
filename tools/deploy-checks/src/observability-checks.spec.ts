import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ComposeContext, checkCompose } from './lib/compose';
import { EnvSchema } from './lib/env';
import {
  ObservabilityFiles,
  PROMETHEUS_CONFIG,
  checkObservability,
  definedSeries,
  promqlSeriesNames,
} from './lib/observability';
import {
  WORKSPACE_ROOT,
  Workspace,
  composeContext,
  loadEnvSchemas,
  metricsSources,
  readObservabilityFiles,
  readWorkspace,
} from './lib/workspace';

type Doc = Record<string, unknown>;

function at<T>(items: T[] | undefined, index = 0): T {
  const item = items?.[index];
  if (item === undefined) throw new Error(`no item ${index}`);
  return item;
}

function named(services: Record<string, Doc>, name: string): Doc {
  const service = services[name];
  if (!service) throw new Error(`docker-compose.yml has no service ${name}`);
  return service;
}
type Panel = { title: string; type: string; datasource: { uid: string }; targets: { expr: string }[] };

// The observability profile: the real files pass, and each case breaks one
// invariant and expects the check to name it. tools/compose-smoke runs the
// profile's Prometheus for real and checks the same expressions against it.
describe('the observability profile', () => {
  let files: ObservabilityFiles;

  beforeAll(() => {
    files = readObservabilityFiles();
  });

  function mutated(mutate: (copy: ObservabilityFiles) => void): string[] {
    const copy = structuredClone(files);
    mutate(copy);
    return checkObservability(copy);
  }

  const services = (copy: ObservabilityFiles) => (copy.compose as { services: Record<string, Doc> }).services;
  const panels = (copy: ObservabilityFiles) =>
    (copy.dashboard as { panels: Panel[] }).panels.filter((p) => p.type !== 'row');
  const dnsConfig = (copy: ObservabilityFiles) =>
    (copy.prometheus as { scrape_configs: { dns_sd_configs?: Doc[] }[] }).scrape_configs.find(
      (job) => job.dns_sd_configs,
    )?.dns_sd_configs?.[0] as Doc;

  it('passes on the repository’s files (the baseline of every case below)', () => {
    expect(checkObservability(files)).toEqual([]);
  });

  // Debian's prometheus package (2.42) ships promtool; .ci/run and the GitHub
  // workflow install it for the metrics e2e.
  it('passes Prometheus’ own check of the config (promtool check config)', () => {
    const promtool = '/usr/bin/promtool';
    if (!existsSync(promtool)) throw new Error(`${promtool} is missing: apt-get install -y prometheus`);
    const result = spawnSync(promtool, ['check', 'config', join(WORKSPACE_ROOT, PROMETHEUS_CONFIG)], {
      encoding: 'utf8',
    });
    expect({ status: result.status, output: `${result.stdout}${result.stderr}` }).toEqual({
      status: 0,
      output: expect.stringContaining('SUCCESS'),
    });
  });

  it('reads the series the apps define from their *metrics*.ts sources', () => {
    expect(metricsSources()).toEqual(
      expect.arrayContaining([
        'apps/auth-service/src/login/login-metrics.ts',
        'libs/platform/src/lib/metrics/http-metrics.ts',
        'libs/session/src/lib/session-metrics.ts',
      ]),
    );
    for (const name of [
      'session_logins_total',
      'session_validations_total',
      'session_revocations_total',
      'http_server_request_duration_seconds_count',
      'session_store_command_duration_seconds_bucket',
      'session_role_sync_lag_seconds_bucket',
      'session_role_syncs_applied_total',
      'session_sync_outbox_rows',
      'session_sync_outbox_oldest_age_seconds',
    ]) {
      expect(files.series).toContain(name);
    }
  });

  const cases: [string, (copy: ObservabilityFiles) => void, string][] = [
    [
      'a panel queries a series no app exports',
      (copy) => (at(at(panels(copy)).targets).expr = 'sum(rate(session_active_total[5m]))'),
      'queries session_active_total, which no app exports',
    ],
    [
      'a panel queries a histogram by its bare name',
      (copy) => (at(at(panels(copy)).targets).expr = 'rate(session_store_command_duration_seconds[5m])'),
      'queries session_store_command_duration_seconds, which no app exports',
    ],
    [
      'a panel uses a datasource that is not provisioned',
      (copy) => (at(panels(copy)).datasource.uid = 'loki'),
      'uses datasource loki, not provisioned',
    ],
    [
      'the dashboard loses its 503 panel',
      (copy) => {
        const dashboard = copy.dashboard as { panels: Panel[] };
        dashboard.panels = dashboard.panels.filter((panel) => !panel.targets?.some((t) => t.expr.includes('"503"')));
      },
      'dashboard: no panel shows 503 answers',
    ],
    [
      'Prometheus scrapes another port than METRICS_PORT',
      (copy) => (dnsConfig(copy)['port'] = 9100),
      'scrapes gateway on port 9100, its METRICS_PORT is 9464',
    ],
    [
      'Prometheus looks the services up as SRV (one record per service, not per replica)',
      (copy) => (dnsConfig(copy)['type'] = 'SRV'),
      'gateway must be looked up as type A (one record per replica)',
    ],
    [
      'Prometheus misses a service',
      (copy) => (dnsConfig(copy)['names'] = ['gateway', 'auth-service']),
      'no dns_sd_configs names user-service, which serves metrics on 9464',
    ],
    [
      'Prometheus names a host that is no service',
      (copy) => (dnsConfig(copy)['names'] = ['gateway', 'auth-service', 'user-service', 'users']),
      'users is not a compose service',
    ],
    [
      'compose mounts another Prometheus config',
      (copy) =>
        (named(services(copy), 'prometheus')['volumes'] = ['./prometheus.yml:/etc/prometheus/prometheus.yml:ro']),
      'prometheus: must mount ./docker/prometheus/prometheus.yml',
    ],
    [
      'a datasource points at a service that does not exist',
      (copy) => (at((copy.datasources as { datasources: Doc[] }).datasources)['url'] = 'http://prom:9090'),
      'Prometheus points at prom, not a service of the profile',
    ],
    [
      'a datasource uses the wrong port',
      (copy) => (at((copy.datasources as { datasources: Doc[] }).datasources)['url'] = 'http://prometheus:9464'),
      'Prometheus uses port 9464, prometheus listens on 9090',
    ],
    [
      'the dashboards are mounted where no provider reads them',
      (copy) =>
        (named(services(copy), 'grafana')['volumes'] = [
          './docker/grafana/provisioning:/etc/grafana/provisioning:ro',
          './docker/grafana/dashboards:/var/lib/grafana/dashboards:ro',
        ]),
      'no provider reads /var/lib/grafana/dashboards',
    ],
  ];

  it.each(cases)('fails when %s', (_name, mutate, expected) => {
    const violations = mutated(mutate);
    expect(violations.some((violation) => violation.includes(expected))).toBe(true);
  });

  it('finds the series in PromQL, not its functions, labels, keywords or durations', () => {
    expect(
      promqlSeriesNames(
        'histogram_quantile(0.99, sum by (le, operation) (rate(session_store_command_duration_seconds_bucket{operation="read_and_slide"}[$__rate_interval])))',
      ),
    ).toEqual(['session_store_command_duration_seconds_bucket']);
    expect(
      promqlSeriesNames('sum(a_total) / ignoring (x) sum(b_total offset 5m) or vector(0) and on (job) up'),
    ).toEqual(['a_total', 'b_total', 'up']);
    expect(promqlSeriesNames('max(session_sync_outbox_rows{service=~"user.*"}) > 60')).toEqual([
      'session_sync_outbox_rows',
    ]);
  });

  it('reads counters, gauges and histograms (as _bucket, _count, _sum) from source', () => {
    const series = definedSeries([
      "const a = counter({ name: 'x_total', help: '' });",
      "gauge({\n  name: 'y_rows',\n  help: '' });",
      "histogram({ name: 'z_seconds', help: '' })",
    ]);
    expect([...series].sort()).toEqual(['x_total', 'y_rows', 'z_seconds_bucket', 'z_seconds_count', 'z_seconds_sum']);
  });
});

// The profile's services in docker-compose.yml: off by default, UIs on loopback.
describe('checkCompose on the observability profile', () => {
  let workspace: Workspace;
  let schemas: Record<string, EnvSchema>;
  let context: ComposeContext;

  beforeAll(async () => {
    workspace = readWorkspace();
    schemas = await loadEnvSchemas();
    context = composeContext(workspace, schemas);
  });

  function violationsAfter(mutate: (services: Record<string, Doc>) => void): string[] {
    const doc = structuredClone(workspace.compose) as { services: Record<string, Doc> };
    mutate(doc.services);
    return checkCompose(doc, context);
  }

  const cases: [string, (services: Record<string, Doc>) => void, string][] = [
    [
      'Grafana runs without the profile',
      (services) => delete named(services, 'grafana')['profiles'],
      'grafana: must run only with --profile observability',
    ],
    [
      'Prometheus publishes its UI on every interface',
      (services) => (named(services, 'prometheus')['ports'] = ['9090:9090']),
      'prometheus: publishes 9090 on every interface; only on 127.0.0.1',
    ],
    [
      'Jaeger publishes on 0.0.0.0',
      (services) => (named(services, 'jaeger')['ports'] = ['0.0.0.0:16686:16686']),
      'jaeger: publishes 16686 on 0.0.0.0; only on 127.0.0.1',
    ],
    [
      'Grafana names its image without a variable',
      (services) => (named(services, 'grafana')['image'] = 'grafana/grafana:12.2.0'),
      'grafana: image must be ${GRAFANA_IMAGE:-<official image>}',
    ],
    [
      'a mounted file is missing',
      (services) =>
        (named(services, 'prometheus')['volumes'] = ['./docker/prometheus/nope.yml:/etc/prometheus/prometheus.yml']),
      'prometheus: mounts ./docker/prometheus/nope.yml, which does not exist',
    ],
    [
      'the Grafana admin password is written in the file',
      (services) => ((named(services, 'grafana')['environment'] as Doc)['GF_SECURITY_ADMIN_PASSWORD'] = 'admin'),
      'services.grafana.environment.GF_SECURITY_ADMIN_PASSWORD: a secret must come from .env',
    ],
    [
      'an app waits for a service of the profile (Compose v1 would not start it)',
      (services) => ((named(services, 'gateway')['depends_on'] as Doc)['jaeger'] = { condition: 'service_healthy' }),
      'gateway: depends on jaeger, which runs only with --profile observability',
    ],
  ];

  it.each(cases)('fails when %s', (_name, mutate, expected) => {
    expect(violationsAfter(mutate).some((violation) => violation.startsWith(expected))).toBe(true);
  });

  it('leaves tracing off unless .env names an OTLP endpoint', () => {
    const services = (workspace.compose as { services: Record<string, { environment?: Doc }> }).services;
    for (const app of ['gateway', 'auth-service', 'user-service']) {
      expect(services[app]?.environment?.['OTEL_EXPORTER_OTLP_ENDPOINT']).toBe('${OTEL_EXPORTER_OTLP_ENDPOINT:-}');
      expect(services[app]?.environment?.['METRICS_PORT']).toBe('9464');
    }
    expect(workspace.dotenv['OTEL_EXPORTER_OTLP_ENDPOINT']).toBeUndefined();
  });
});
