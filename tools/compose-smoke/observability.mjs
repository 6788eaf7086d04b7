// The observability profile's checks (smoke.sh, step "observability"), over the
// ports the profile publishes on 127.0.0.1. Prints one line per check; exits 1
// at the first that fails.
//
//   node observability.mjs prometheus <url> <dashboard.json> <service=replicas>...
//       every replica found through compose's DNS and scraped (up), the
//       walkthrough's logins in session_logins_total, and every expression of
//       the dashboard accepted by this Prometheus, naming only series it scraped
//   node observability.mjs grafana <url> <dashboard.json>
//       (GRAFANA_ADMIN_PASSWORD from the environment) the provisioned
//       datasources and dashboard, and a query through Grafana's datasource
//   node observability.mjs jaeger <url> <service>...
//       each service sent traces to Jaeger over OTLP
import { readFileSync } from 'node:fs';

class Failure extends Error {}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function getJson(url, headers = {}) {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (!response.ok) throw new Failure(`GET ${url}: ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

// Retries `probe` until it returns a value other than undefined.
async function waitFor(what, seconds, probe) {
  const deadline = Date.now() + seconds * 1000;
  let last = '';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = ` (last: ${error instanceof Error ? error.message : String(error)})`;
    }
    if (Date.now() > deadline) throw new Failure(`${what}: not within ${seconds} s${last}`);
    await sleep(1000);
  }
}

function ok(what) {
  console.log(`  ok  ${what}`);
}

// Grafana's own variables, as Prometheus sees them once Grafana substituted them.
function substituted(expr) {
  return expr.replaceAll('$__rate_interval', '1m').replaceAll('$idle_timeout', '30m');
}

function dashboardExpressions(file) {
  const dashboard = JSON.parse(readFileSync(file, 'utf8'));
  return dashboard.panels
    .filter((panel) => panel.type !== 'row')
    .flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })));
}

// The series an expression names: identifiers that are not functions,
// keywords, label names or durations. tools/deploy-checks (dashboard.ts)
// checks the same names statically against the series the code defines.
// prettier-ignore
const KEYWORDS = new Set([
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and', 'or', 'unless', 'inf', 'nan',
]);
function seriesNames(expr) {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\boffset\s+-?\w+/gi, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set();
  for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const word = match[0];
    if (/^\s*\(/.test(stripped.slice(match.index + word.length))) continue;
    if (KEYWORDS.has(word.toLowerCase())) continue;
    names.add(word);
  }
  return [...names];
}

async function prometheus(base, dashboardFile, expected) {
  const api = (path) => new URL(path, base).toString();
  const query = (expr) => getJson(api(`/api/v1/query?query=${encodeURIComponent(expr)}`));

  // Every replica: compose's DNS answers each service name with one A record
  // per container, and each must be scraped.
  const want = Object.fromEntries(expected.map((pair) => pair.split('=')).map(([name, count]) => [name, +count]));
  const targets = await waitFor('every replica scraped', 90, async () => {
    const active = (await getJson(api('/api/v1/targets?state=active'))).data.activeTargets.filter(
      (target) => target.labels.job === 'session-mesh',
    );
    const up = (service) => active.filter((t) => t.labels.compose_service === service && t.health === 'up').length;
    const found = (service) => active.filter((t) => t.labels.compose_service === service).length;
    const missing = Object.entries(want).filter(
      ([service, count]) => up(service) !== count || found(service) !== count,
    );
    if (missing.length > 0) {
      throw new Failure(missing.map(([s, n]) => `${s}: ${up(s)} up of ${found(s)} found, want ${n}`).join('; '));
    }
    return active;
  });
  for (const target of targets) {
    ok(`scraped ${target.labels.compose_service} at ${target.labels.instance} (${target.health})`);
  }

  // The walkthrough's logins, from the counters of the auth-service replicas.
  const logins = await waitFor('session_logins_total holds the walkthrough', 60, async () => {
    const result = (await query('sum by (compose_service) (session_logins_total{outcome="ok"})')).data.result;
    const total = result.reduce((sum, sample) => sum + Number(sample.value[1]), 0);
    return total >= 1 ? result : undefined;
  });
  for (const sample of logins) {
    ok(`session_logins_total{outcome="ok"} in ${sample.metric.compose_service}: ${sample.value[1]}`);
  }

  // The dashboard's expressions: valid for this Prometheus, and naming only
  // series the services really export (as scraped), or Prometheus' own `up`.
  const scraped = new Set((await getJson(api('/api/v1/label/__name__/values'))).data);
  let withData = 0;
  const expressions = dashboardExpressions(dashboardFile);
  for (const { panel, expr } of expressions) {
    const unknown = seriesNames(expr).filter((name) => !scraped.has(name));
    if (unknown.length > 0) throw new Failure(`panel "${panel}": ${expr} names ${unknown.join(', ')}, never scraped`);
    const answer = await query(substituted(expr));
    if (answer.status !== 'success') throw new Failure(`panel "${panel}": ${expr}: ${JSON.stringify(answer)}`);
    if (answer.data.result.length > 0) withData += 1;
  }
  ok(`${expressions.length} dashboard expressions accepted, naming only scraped series; ${withData} return data now`);
}

async function grafana(base, dashboardFile) {
  const password = process.env.GRAFANA_ADMIN_PASSWORD;
  if (!password) throw new Failure('GRAFANA_ADMIN_PASSWORD is not set');
  const auth = { authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` };
  const api = (path) => new URL(path, base).toString();
  await waitFor('Grafana healthy', 60, async () =>
    (await getJson(api('/api/health'))).database === 'ok' ? true : undefined,
  );
  ok('Grafana /api/health: database ok');
  for (const uid of ['prometheus', 'jaeger']) {
    const datasource = await getJson(api(`/api/datasources/uid/${uid}`), auth);
    ok(`datasource ${uid} provisioned (${datasource.type}, ${datasource.url})`);
  }
  const file = JSON.parse(readFileSync(dashboardFile, 'utf8'));
  const dashboard = await waitFor('the dashboard provisioned', 30, () =>
    getJson(api(`/api/dashboards/uid/${file.uid}`), auth),
  );
  if (dashboard.dashboard.panels.length !== file.panels.length) {
    throw new Failure(
      `dashboard ${file.uid}: ${dashboard.dashboard.panels.length} panels, the file has ${file.panels.length}`,
    );
  }
  ok(`dashboard "${dashboard.dashboard.title}" provisioned with its ${file.panels.length} panels`);
  const proxied = await getJson(
    api(`/api/datasources/proxy/uid/prometheus/api/v1/query?query=${encodeURIComponent('sum(session_logins_total)')}`),
    auth,
  );
  if (proxied.data.result.length === 0)
    throw new Failure("Grafana's Prometheus datasource returned no session_logins_total");
  ok(`Grafana queries Prometheus: sum(session_logins_total) = ${proxied.data.result[0].value[1]}`);
}

async function jaeger(base, services) {
  const found = await waitFor('traces of every service in Jaeger', 60, async () => {
    const names = (await getJson(new URL('/api/services', base).toString())).data ?? [];
    return services.every((service) => names.includes(service)) ? names : undefined;
  });
  ok(`Jaeger has traces of ${services.join(', ')} (services: ${found.join(', ')})`);
}

const [command, base, ...rest] = process.argv.slice(2);
try {
  if (command === 'prometheus') await prometheus(base, rest[0], rest.slice(1));
  else if (command === 'grafana') await grafana(base, rest[0]);
  else if (command === 'jaeger') await jaeger(base, rest);
  else throw new Failure(`unknown command ${command}`);
} catch (error) {
  console.error(`observability: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
