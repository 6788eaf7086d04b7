// The observability profile's files (docker-compose.yml, docker/prometheus,
// docker/grafana): Prometheus scrapes every app on its METRICS_PORT, Grafana's
// provisioning points at the profile's services, and the dashboard queries
// only series the code defines. tools/compose-smoke runs them for real.

export const PROMETHEUS_CONFIG = 'docker/prometheus/prometheus.yml';
export const GRAFANA_DATASOURCES = 'docker/grafana/provisioning/datasources/session-mesh.yml';
export const GRAFANA_DASHBOARD_PROVIDERS = 'docker/grafana/provisioning/dashboards/session-mesh.yml';
export const GRAFANA_DASHBOARD = 'docker/grafana/dashboards/session-mesh.json';

// What the dashboard must show (issue 16): logins, validations by outcome,
// 503s, Redis latency, sessions, role sync lag and the outbox backlog.
export const REQUIRED_DASHBOARD_QUERIES: [string, RegExp][] = [
  ['logins by outcome', /sum by \(outcome\) \(rate\(session_logins_total\[/],
  ['validations by outcome', /sum by \(outcome\) \(rate\(session_validations_total\[/],
  ['503 answers', /http_server_request_duration_seconds_count\{status="503"\}/],
  ['Redis command latency', /session_store_command_duration_seconds_bucket/],
  ['sessions opened', /session_logins_total\{outcome="ok"\}/],
  ['role sync lag', /session_role_sync_lag_seconds_bucket/],
  ['outbox backlog', /session_sync_outbox_rows/],
];

type Doc = Record<string, unknown>;

function isRecord(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown): Doc {
  return isRecord(value) ? value : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

// prettier-ignore
const PROMQL_KEYWORDS = new Set([
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and', 'or', 'unless', 'inf', 'nan',
]);

// The series a PromQL expression names: identifiers that are not functions,
// keywords, label names, strings or durations. (tools/compose-smoke's
// observability.mjs does the same against what a real Prometheus scraped.)
export function promqlSeriesNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\boffset\s+-?\w+/gi, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const word = match[0];
    if (/^\s*\(/.test(stripped.slice((match.index ?? 0) + word.length))) continue;
    if (PROMQL_KEYWORDS.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return [...names];
}

// Series defined in source with the platform's counter/gauge/histogram
// helpers, as Prometheus sees them (a histogram is _bucket, _count and _sum).
export function definedSeries(sources: string[]): Set<string> {
  const series = new Set<string>();
  for (const source of sources) {
    for (const match of source.matchAll(/\b(counter|gauge|histogram)\(\{\s*name:\s*'([a-zA-Z_:][a-zA-Z0-9_:]*)'/g)) {
      const [, kind, name = ''] = match;
      if (kind === 'histogram') for (const suffix of ['_bucket', '_count', '_sum']) series.add(name + suffix);
      else series.add(name);
    }
  }
  return series;
}

export interface ObservabilityFiles {
  compose: unknown;
  prometheus: unknown;
  datasources: unknown;
  dashboardProviders: unknown;
  dashboard: unknown;
  // Series the apps export (definedSeries of their metrics sources).
  series: Set<string>;
}

// Bind mounts of a service: host path (as written) -> container path.
function bindMounts(service: Doc): { source: string; target: string }[] {
  return list(service['volumes'])
    .map((volume) => {
      if (typeof volume === 'string') {
        const [source = '', target = ''] = volume.split(':');
        return { source, target };
      }
      const long = record(volume);
      return { source: String(long['source'] ?? ''), target: String(long['target'] ?? '') };
    })
    .filter(({ source }) => source.startsWith('.') || source.startsWith('/'));
}

function normalize(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/$/, '');
}

function environment(service: Doc): Record<string, string> {
  const raw = service['environment'];
  const env: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (const item of raw) {
      const [key = '', ...value] = String(item).split('=');
      env[key] = value.join('=');
    }
  } else {
    for (const [key, value] of Object.entries(record(raw))) env[key] = String(value ?? '');
  }
  return env;
}

export function checkObservability(files: ObservabilityFiles): string[] {
  const violations: string[] = [];
  const services = record(record(files.compose)['services']);

  // Prometheus: the config compose mounts, and a DNS job (type A: one record
  // per replica) over every service that serves metrics, on its METRICS_PORT.
  const prometheus = record(services['prometheus']);
  const mounted = (service: Doc, file: string) =>
    bindMounts(service).find(({ source }) => normalize(source) === file)?.target;
  const configTarget = mounted(prometheus, PROMETHEUS_CONFIG);
  if (!configTarget) violations.push(`prometheus: must mount ./${PROMETHEUS_CONFIG}`);
  const command = list(prometheus['command']).map(String);
  if (configTarget && !command.includes(`--config.file=${configTarget}`)) {
    violations.push(`prometheus: must run with --config.file=${configTarget}`);
  }
  const dnsConfigs = list(record(files.prometheus)['scrape_configs']).flatMap((job) =>
    list(record(job)['dns_sd_configs']).map((sd) => ({ job: String(record(job)['job_name']), sd: record(sd) })),
  );
  const metricsServices = Object.entries(services)
    .map(([name, service]) => ({ name, port: environment(record(service))['METRICS_PORT'] }))
    .filter((entry): entry is { name: string; port: string } => entry.port !== undefined);
  for (const { name, port } of metricsServices) {
    const found = dnsConfigs.find(({ sd }) => list(sd['names']).map(String).includes(name));
    if (!found) {
      violations.push(`${PROMETHEUS_CONFIG}: no dns_sd_configs names ${name}, which serves metrics on ${port}`);
      continue;
    }
    if (String(found.sd['type'] ?? 'SRV') !== 'A') {
      violations.push(`${PROMETHEUS_CONFIG}: ${name} must be looked up as type A (one record per replica)`);
    }
    if (String(found.sd['port']) !== port) {
      violations.push(
        `${PROMETHEUS_CONFIG}: scrapes ${name} on port ${String(found.sd['port'])}, its METRICS_PORT is ${port}`,
      );
    }
  }
  for (const { sd } of dnsConfigs) {
    for (const name of list(sd['names']).map(String)) {
      if (!isRecord(services[name])) violations.push(`${PROMETHEUS_CONFIG}: ${name} is not a compose service`);
    }
  }

  // Grafana: provisioning and dashboards mounted where the provider reads them.
  const grafana = record(services['grafana']);
  const provisioningTarget = bindMounts(grafana).find(
    ({ source }) => normalize(source) === 'docker/grafana/provisioning',
  )?.target;
  if (provisioningTarget !== '/etc/grafana/provisioning') {
    violations.push('grafana: must mount ./docker/grafana/provisioning at /etc/grafana/provisioning');
  }
  const dashboardsTarget = bindMounts(grafana).find(
    ({ source }) => normalize(source) === 'docker/grafana/dashboards',
  )?.target;
  const providers = list(record(files.dashboardProviders)['providers']).map(record);
  if (record(files.dashboardProviders)['apiVersion'] !== 1)
    violations.push(`${GRAFANA_DASHBOARD_PROVIDERS}: apiVersion must be 1`);
  if (!providers.some((provider) => record(provider['options'])['path'] === dashboardsTarget)) {
    violations.push(
      `${GRAFANA_DASHBOARD_PROVIDERS}: no provider reads ${String(dashboardsTarget)}, where compose mounts docker/grafana/dashboards`,
    );
  }

  // Datasources: each names a service of the profile, on a port it listens on.
  if (record(files.datasources)['apiVersion'] !== 1) violations.push(`${GRAFANA_DATASOURCES}: apiVersion must be 1`);
  const datasources = list(record(files.datasources)['datasources']).map(record);
  const listening: Record<string, number[]> = { prometheus: [9090], jaeger: [16686, 4317, 4318] };
  for (const datasource of datasources) {
    for (const key of ['name', 'uid', 'type', 'url']) {
      if (typeof datasource[key] !== 'string' || datasource[key] === '') {
        violations.push(`${GRAFANA_DATASOURCES}: a datasource has no ${key}`);
      }
    }
    let url: URL | undefined;
    try {
      url = new URL(String(datasource['url']));
    } catch {
      violations.push(
        `${GRAFANA_DATASOURCES}: ${String(datasource['name'])}: url ${String(datasource['url'])} is not a URL`,
      );
      continue;
    }
    const ports = listening[url.hostname];
    if (!isRecord(services[url.hostname]) || !ports) {
      violations.push(
        `${GRAFANA_DATASOURCES}: ${String(datasource['name'])} points at ${url.hostname}, not a service of the profile`,
      );
    } else if (!ports.includes(Number(url.port))) {
      violations.push(
        `${GRAFANA_DATASOURCES}: ${String(datasource['name'])} uses port ${url.port}, ${url.hostname} listens on ${ports.join(', ')}`,
      );
    }
  }

  violations.push(
    ...checkDashboard(
      files.dashboard,
      datasources.map((datasource) => String(datasource['uid'])),
      files.series,
    ),
  );
  return violations;
}

export function checkDashboard(dashboard: unknown, datasourceUids: string[], series: Set<string>): string[] {
  const violations: string[] = [];
  const doc = record(dashboard);
  if (typeof doc['uid'] !== 'string' || doc['uid'] === '') violations.push('dashboard: has no uid');
  const panels = list(doc['panels'])
    .map(record)
    .filter((panel) => panel['type'] !== 'row');
  if (panels.length === 0) violations.push('dashboard: has no panels');
  const expressions: string[] = [];
  for (const panel of panels) {
    const title = String(panel['title'] ?? '(untitled)');
    const uid = String(record(panel['datasource'])['uid'] ?? '');
    if (!datasourceUids.includes(uid))
      violations.push(`dashboard: panel "${title}" uses datasource ${uid}, not provisioned`);
    const targets = list(panel['targets']).map(record);
    if (targets.length === 0) violations.push(`dashboard: panel "${title}" has no query`);
    for (const target of targets) {
      const expr = String(target['expr'] ?? '');
      expressions.push(expr);
      // `up` is Prometheus' own, one per target.
      const unknown = promqlSeriesNames(expr).filter((name) => name !== 'up' && !series.has(name));
      if (unknown.length > 0) {
        violations.push(`dashboard: panel "${title}" queries ${unknown.join(', ')}, which no app exports`);
      }
    }
  }
  for (const [what, pattern] of REQUIRED_DASHBOARD_QUERIES) {
    if (!expressions.some((expr) => pattern.test(expr))) violations.push(`dashboard: no panel shows ${what}`);
  }
  return violations;
}
