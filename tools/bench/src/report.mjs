// Turns one run's measurements into docs/benchmarks.md and an SVG bar chart
// of the ratios (each bar against its target). Prose that depends on the
// numbers is written from them; the rest explains what each table measures.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { median } from './load.mjs';
import { SCALING_IDS, VALIDATED_IDS } from './variants.mjs';

const fmt = (value, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mib = (bytes) => bytes / 2 ** 20;
const escapeXml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const table = (head, rows) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
const met = (ok) => (ok ? '**met**' : '**not met**');
const SERVICES = ['gateway', 'auth-service', 'user-service'];
export const RSS_LIMIT_MIB = 256;

export function ratiosOf(variants) {
  const byId = new Map(variants.map((variant) => [variant.id, variant]));
  const rps = (id) => median(byId.get(id).rounds.map((r) => r.rps));
  const cpu = (id) => median(byId.get(id).rounds.map((r) => r.cpuUs));
  const ratio = (label, a, b, target) => {
    if (!byId.has(a) || !byId.has(b)) return undefined;
    const perRound = byId.get(a).rounds.map((r, i) => r.rps / byId.get(b).rounds[i].rps);
    // The same comparison by CPU per request: requests per CPU second of a over b's.
    const cpuPerRound = byId.get(a).rounds.map((r, i) => byId.get(b).rounds[i].cpuUs / r.cpuUs);
    return {
      label,
      a,
      b,
      value: rps(a) / rps(b),
      min: Math.min(...perRound),
      max: Math.max(...perRound),
      target,
      byCpu: { value: cpu(b) / cpu(a), min: Math.min(...cpuPerRound), max: Math.max(...cpuPerRound) },
    };
  };
  return {
    rps,
    cpu,
    targets: [
      ratio('ours / express-session + connect-redis on express', 'auth-me', 'ref-session', 3.0),
      ratio('ours / JWT cookie via jose on express', 'auth-me', 'ref-jwt', 3.0),
      ratio('ours / @fastify/session + Redis on fastify', 'auth-me', 'ref-fastify-session', 1.3),
      ratio('protected / public, user-service (same 15-byte body)', 'users-ping-session', 'users-ping', 0.9),
      ratio('gateway / node:http proxy, same service', 'gateway-me', 'node-proxy-me', 0.8),
      ratio('logs and metrics on (as shipped) / off, tracing off', 'auth-me', 'auth-me-quiet', 0.95),
    ].filter(Boolean),
    others: [
      ratio('tracing on / everything off', 'auth-me-traced', 'auth-me-quiet'),
      ratio('tracing on / logs and metrics on', 'auth-me-traced', 'auth-me'),
      ratio('gateway / direct to auth-service', 'gateway-me', 'auth-me'),
      ratio('node:http proxy / direct', 'node-proxy-me', 'auth-me'),
      ratio('nginx / direct', 'nginx-me', 'auth-me'),
      ratio('gateway / nginx', 'gateway-me', 'nginx-me'),
      ratio('POST pair: protected / public (same 400 body)', 'users-protected', 'users-public'),
      ratio('GET /groups / GET /user/ping/session (one Postgres read)', 'users-groups', 'users-ping-session'),
      ratio('ours / one-GETEX guard, reference app on fastify', 'auth-me', 'ref-fastify-getex'),
      ratio('ours / no auth, reference app on fastify', 'auth-me', 'ref-fastify-none'),
      ratio('ours / no auth, reference app on express', 'auth-me', 'ref-none'),
      ratio('@fastify/session / no auth, reference app on fastify', 'ref-fastify-session', 'ref-fastify-none'),
      ratio('fastify / express, reference app, no auth', 'ref-fastify-none', 'ref-none'),
    ].filter(Boolean),
  };
}

export async function writeReport(run) {
  const { rps, cpu, targets: ratioTargets, others } = ratiosOf(run.variants);
  const byId = new Map(run.variants.map((variant) => [variant.id, variant]));
  const range = (rounds) =>
    `${fmt(Math.min(...rounds.map((r) => r.rps)))}–${fmt(Math.max(...rounds.map((r) => r.rps)))}`;
  const validated = run.commandCounts.filter((c) => VALIDATED_IDS.includes(c.id));
  const loginVsVerify = run.login.pairedLoginMs / run.login.verifyMs;
  const perSession = run.memory.one.perSession;
  const services = run.rss.filter((r) => SERVICES.includes(r.name));

  const targets = [
    ...ratioTargets.map((r) => [
      r.label,
      `${fmt(r.value, 2)}x (rounds ${fmt(r.min, 2)}–${fmt(r.max, 2)}); by CPU per request ${fmt(r.byCpu.value, 2)}x (${fmt(r.byCpu.min, 2)}–${fmt(r.byCpu.max, 2)})`,
      `>= ${r.target}x`,
      met(r.value >= r.target),
    ]),
    [
      'Redis commands per validated request',
      validated.map((c) => `${c.id}: ${fmt(c.perRequest, 3)}`).join(', '),
      'exactly 1',
      met(validated.every((c) => c.perRequest === 1)),
    ],
    [
      'login p50 (one at a time) / one argon2id verify, alternating',
      `${fmt(run.login.pairedLoginMs, 2)} ms / ${fmt(run.login.verifyMs, 2)} ms = ${fmt(loginVsVerify, 2)}x`,
      '<= 1.2x',
      met(loginVsVerify <= 1.2),
    ],
    [
      'peak RSS of each service over the whole run',
      services.map((r) => `${r.name} ${fmt(mib(r.peakRss))} MiB`).join(', '),
      `<= ${RSS_LIMIT_MIB} MiB`,
      met(services.every((r) => mib(r.peakRss) <= RSS_LIMIT_MIB)),
    ],
    [
      'Redis memory per session incl. its index entry (`MEMORY USAGE`, typical user with 1 session)',
      `${perSession} B`,
      '<= 600 B',
      met(perSession <= 600),
    ],
    [
      '1 million sessions in under 600 MB (`used_memory` growth per session, 50,000 such users)',
      `${run.memory.bulk.perSession} B, so ${fmt((run.memory.bulk.perSession * 1e6) / 1e6)} MB per million`,
      '<= 600 B',
      met(run.memory.bulk.perSession <= 600),
    ],
  ];

  const variantRows = run.variants.map((v) => [
    v.label,
    fmt(rps(v.id)),
    range(v.rounds),
    fmt(median(v.rounds.map((r) => r.p50)), 1),
    fmt(median(v.rounds.map((r) => r.p99)), 1),
    fmt(cpu(v.id)),
    fmt(median(v.rounds.map((r) => r.redisCpuUs))),
    String(v.expect),
    String(v.bodyBytes),
  ]);
  const { settings, machine } = run;
  const levels = settings.scaling;
  const scalingRows = SCALING_IDS.filter((id) => byId.has(id)).map((id) => {
    const v = byId.get(id);
    return [
      v.label,
      ...levels.map((c) => {
        const rounds = v.scaling[c];
        return `${fmt(median(rounds.map((r) => r.rps)))} (${range(rounds)}); p99 ${fmt(median(rounds.map((r) => r.p99)))} ms`;
      }),
    ];
  });
  const ratioRows = (list) =>
    list.map((r) => [
      r.label,
      `${fmt(r.value, 2)}x`,
      `${fmt(r.min, 2)}–${fmt(r.max, 2)}`,
      `${fmt(r.byCpu.value, 2)}x (${fmt(r.byCpu.min, 2)}–${fmt(r.byCpu.max, 2)})`,
      r.target === undefined ? '—' : `>= ${r.target}x`,
    ]);
  const has = (id) => byId.has(id);

  const md = `# Benchmarks

Generated by \`tools/bench\` (${new Date().toISOString().slice(0, 10)}, ${run.elapsedSeconds} s). Every number
on this page comes from that one run; re-run it to refresh the page:

\`\`\`sh
NX_DAEMON=false NX_NO_CLOUD=true npx nx run bench:bench
# same as: npx nx run-many -t build -p gateway auth-service user-service && node tools/bench/src/run.mjs
# options: --rounds ${settings.rounds} --duration ${settings.duration} --connections ${settings.connections}
\`\`\`

It starts a private \`redis-server\`, a fresh Postgres database (migrated and seeded by
\`dist/apps/user-service/migrate.js\`) and the three built apps as shipped (JSON logs with a line per request,
metrics on a port of their own, default session settings); two more auth-services on the same Redis, one with logs
and metrics off and one with OpenTelemetry tracing on as well (OTLP/HTTP to a local sink, \`otlp-sink.mjs\`); a bare
\`node:http\` reverse proxy (\`node-proxy.mjs\`) and ${machine.nginx} (\`nginx.mjs\`) in front of auth-service; and the
reference apps of \`reference-app.mjs\` (Nest 11, the same route shapes and body): express-session + connect-redis
and a jose JWT cookie on express, @fastify/session + connect-redis and a one-GETEX guard on fastify. All on free
ports. Load comes from autocannon in a separate process: ${settings.connections} connections, ${settings.duration} s
per run, the ${run.variants.length} variants interleaved for ${settings.rounds} rounds after a 1 s warm-up of each,
each round starting one variant later (A B C …, B C … A, …). Tables show medians over the rounds; a ratio is the
ratio of two medians, with the range of the per-round ratios beside it (this machine is noisy: only interleaved
medians count).

![Ratios against their targets](benchmarks.svg)

## Targets

${table(['target', 'measured', 'goal', ''], targets)}

## Throughput per variant

${table(['variant', 'req/s (median)', 'req/s (range)', 'p50 ms', 'p99 ms', 'CPU µs/req', 'Redis CPU µs/req', 'status', 'body bytes'], variantRows)}

CPU µs/req: user and system CPU time (from \`/proc\`) of the processes that serve the variant (the proxy and
auth-service for a proxied one, nginx's workers included), over the requests answered, median over the rounds; Redis
CPU µs/req the same for the private redis-server. Other load on the machine moves it far less than req/s, so on a
noisy run it is the better estimate of what each variant costs: on ${machine.cpus} cores kept busy, req/s
approaches ${machine.cpus} × 10⁶ / (CPU µs/req of everything on the path, load generator included).

## Protected and public routes of one service

The fair pair is \`GET /user/ping/session\` against \`GET /user/ping\` on user-service: the same controller, the same
answer (\`{"status":"ok"}\`), both logged and counted like any route; the only difference is the session check (the
cookie read, one \`GETEX\`, the record decoded). Ratio: **${fmt(rps('users-ping-session') / rps('users-ping'), 2)}x**.

The POST pair, \`POST /user/assign\` (role \`ASSIGN_USERS\`) against \`POST /user\` (public), both sent the body
\`[]\` and both answering the same 400, is kept to follow issue 15's anomaly (the protected one faster):
${fmt(rps('users-protected'))} against ${fmt(rps('users-public'))} req/s here. Neither touches Postgres; the public one
sends no Redis command (see below). [performance.md](performance.md#the-public-route-that-ran-slower) says why
it runs slower.

## The gateway hop

\`GET /auth/me\` on auth-service, straight and through three proxies in front of it, each keeping connections to it
alive:

${table(
  ['path', 'req/s (median)', 'req/s (range)', 'p99 ms'],
  ['auth-me', 'gateway-me', 'node-proxy-me', 'nginx-me'].filter(has).map((id) => {
    const v = byId.get(id);
    return [v.label, fmt(rps(id)), range(v.rounds), fmt(median(v.rounds.map((r) => r.p99)))];
  }),
)}

## The cost of observability

\`GET /auth/me\` on three auth-services that differ only in settings: everything off (\`LOG_LEVEL=warn\`, so no line
for a 200, and \`METRICS_ENABLED=false\`); logs and metrics as shipped (a JSON line per request, the default
\`LOG_REQUEST_SAMPLE_RATE=1\`, \`METRICS_PORT\` set); and the same with tracing on (\`OTEL_EXPORTER_OTLP_ENDPOINT\` at the
local sink, every request sampled; the sink received ${fmt(run.traces.exports)} exports, ${fmt(run.traces.bytes / 2 ** 20, 1)} MiB).

${table(
  ['settings', 'req/s (median)', 'req/s (range)', 'against off'],
  ['auth-me-quiet', 'auth-me', 'auth-me-traced'].filter(has).map((id) => {
    const v = byId.get(id);
    return [v.label, fmt(rps(id)), range(v.rounds), `${fmt(rps(id) / rps('auth-me-quiet'), 2)}x`];
  }),
)}

## Scaling

req/s (median and range over ${settings.scalingRounds} interleaved rounds; at ${settings.connections} connections the
main rounds) and the median p99, by number of connections:

${table(['variant', ...levels.map((c) => `${c} connections`)], scalingRows)}

## All ratios

${table(['ratio', 'median', 'per-round range', 'by CPU per request', 'target'], [...ratioRows(ratioTargets), ...ratioRows(others)])}

## Redis commands per request

Commands sent to Redis per answered request, over ${run.commandCounts[0].requests} requests (10 connections):
the commands clients sent, counted with \`MONITOR\` (round trips; a script is one command, and the calls it makes
inside Redis are not counted). Beside them, \`INFO commandstats\` after \`CONFIG RESETSTAT\`, which counts a
script's own calls too; the benchmark's own \`INFO\` and \`CONFIG\` calls are left out.

${table(
  ['variant', 'commands sent / request', 'commands run inside Redis (calls)'],
  run.commandCounts.map((c) => [
    c.label,
    fmt(c.perRequest, 3),
    Object.entries(c.commands)
      .map(([name, calls]) => `${name} ${calls}`)
      .join(', ') || 'none',
  ]),
)}

## Login

\`POST /user/login\` on auth-service (admin/admin, correct credentials, so the
failure throttle never applies); auth-service asks user-service over TCP, which
verifies the argon2id hash (m=19456, t=2, p=1). The target compares ${run.login.pairs}
single logins with ${run.login.pairs} verifies at those parameters timed in the benchmark
process (libuv's default thread pool, like user-service), alternating one with
the other so that both meet the same load: medians **${fmt(run.login.pairedLoginMs, 2)} ms** per
login and **${fmt(run.login.verifyMs, 2)} ms** per verify (max ${fmt(run.login.verifyP99, 1)} ms), so a login costs
${fmt(run.login.pairedLoginMs - run.login.verifyMs, 2)} ms more than its verify. Where it goes, from the request
log lines of those logins (medians, whole milliseconds): auth-service answered in ${fmt(run.login.authServiceMs, 1)} ms, of which
user-service's verify-credentials handler (one indexed read of the user, then the verify beside the read of
the roles) took ${fmt(run.login.verifyHandlerMs, 1)} ms; the rest is auth-service's own work (the throttle check, the
session and its index written, the catch-up read, the cap, the audit entry, the cookies) and the RPC
hop. autocannon's runs below give throughput and p99; its latencies are whole milliseconds.

${table(
  ['connections', 'req/s', 'p50 ms', 'p99 ms', 'p50 / verify'],
  run.login.logins.map((l) => [
    String(l.connections),
    fmt(l.rps, 1),
    fmt(l.p50, 1),
    fmt(l.p99, 1),
    `${fmt(l.p50 / run.login.verifyMs, 2)}x`,
  ]),
)}

## Per-request work of libs/session

\`node tools/bench/src/hot-path.mjs\` (run by the benchmark after the load):
nanoseconds per call of each step of a validation except the Redis round
trip, median of 7 runs, with what each step cost before the hot-path work of
issue 7 beside it.

${table(
  ['step', 'ns / call'],
  Object.entries(run.hotPath).map(([name, ns]) => [name, fmt(ns)]),
)}

## Memory

Redis \`MEMORY USAGE\` (SAMPLES 0) of a session key plus its share of the user's
\`user-sessions:\` index (a hash: session id -> absolute expiry). "Typical": a newly registered user
(\`jane.doe@example.com\`, a browser User-Agent) with one session, so the whole
index is its share. "Five": a user logged in from five browsers. "Many": the admin after the login runs.

${table(
  ['case', 'sessions', 'sess: key', 'index key', 'index encoding', 'index share', 'per session'],
  [
    ['typical (1 session)', run.memory.one, true],
    ['five sessions (one user)', run.memory.five, false],
    ['many (one user)', run.memory.admin, false],
  ].map(([label, m, bold]) => [
    label,
    String(m.sessions),
    `${m.session} B`,
    `${m.indexBytes} B`,
    m.encoding,
    `${m.indexShare} B`,
    bold ? `**${m.perSession} B**` : `${m.perSession} B`,
  ]),
)}

\`MEMORY USAGE\` counts a key's name, its value and its entry in the keyspace,
not what every key with a TTL adds besides: an entry in the expires dict and
a slot in the bucket arrays of both dicts (about 55 B per key, and a session
is two keys). So the run also writes ${fmt(run.memory.bulk.sessions)} users with one session each,
copies of the typical session and index under fresh ids, with the writer's
commands and TTLs, into an empty database: \`used_memory\` grew by
**${run.memory.bulk.perSession} B per session**, so 1 million such sessions need about
${fmt((run.memory.bulk.perSession * 1e6) / 2 ** 20)} MiB (${fmt((run.memory.bulk.perSession * 1e6) / 1e6)} MB).

Cross-check: \`used_memory\` grew by ${fmt(run.memory.usedMemoryDelta)} B while the login runs created
${run.memory.sessionsCreated} keys (${run.memory.sessionsCreated > 0 ? fmt(run.memory.usedMemoryDelta / run.memory.sessionsCreated) : '—'} B per key, including allocator and dict growth
and client buffers, so only a rough figure).

Peak RSS (Linux \`VmHWM\`) of each process over the whole run, start and load included:

${table(
  ['process', 'peak RSS'],
  run.rss.map((r) => [r.name, `${fmt(mib(r.peakRss))} MiB`]),
)}

Peak RSS of the services at the end of each phase (a peak only grows, so the phase where it jumps is the one that
raised it):

${table(
  ['after', ...SERVICES],
  run.rssPhases.map((p) => [p.phase, ...SERVICES.map((name) => `${fmt(mib(p.peaks[name]))} MiB`)]),
)}

## Machine

${table(
  ['', ''],
  [
    ['CPU', machine.cpu],
    ['memory', machine.memory],
    ['OS', machine.os],
    ['Node', machine.node],
    ['Redis', machine.redis],
    ['PostgreSQL', machine.postgres],
    ['nginx', machine.nginx],
    ['load average at the end', machine.loadAverage],
  ],
)}

Everything (apps, Redis, Postgres, the load generator) shares these cores, so
absolute numbers are low and the load generator competes with what it
measures; the ratios are what to read.
`;
  await writeFormatted(join(run.out, 'benchmarks.md'), md);
  await writeResultsTable(join(run.out, 'performance.md'), run, targets);
  writeFileSync(join(run.out, 'benchmarks.svg'), chart([...ratioTargets, ...others]));
}

// docs/performance.md keeps its prose; the table between the two markers is
// this run's targets, so it cannot drift from benchmarks.md.
const START = '<!-- results: written by tools/bench, do not edit -->';
const END = '<!-- end of results -->';
async function writeResultsTable(path, run, targets) {
  let page;
  try {
    page = readFileSync(path, 'utf8');
  } catch {
    return; // --out to a directory without it
  }
  const from = page.indexOf(START);
  const to = page.indexOf(END);
  if (from === -1 || to === -1) throw new Error(`${path}: results markers missing`);
  const { machine } = run;
  const results = `${START}

Run of ${new Date().toISOString().slice(0, 10)}, ${run.elapsedSeconds} s: ${machine.cpu}, ${machine.node}, Redis ${machine.redis},
PostgreSQL ${machine.postgres.split(' ')[0]}, load average at the end ${machine.loadAverage}.

${table(['target', 'measured', 'goal', ''], targets)}

`;
  await writeFormatted(path, page.slice(0, from) + results + page.slice(to));
}

// The repository's Prettier settings, so the generated pages pass its check.
async function writeFormatted(path, text) {
  const options = (await prettier.resolveConfig(path)) ?? {};
  writeFileSync(path, await prettier.format(text, { ...options, filepath: path }));
}

function chart(ratios) {
  const width = 820;
  const left = 400;
  const barHeight = 20;
  const gap = 8;
  const top = 40;
  const maxValue = Math.max(2, ...ratios.map((r) => Math.max(r.value, r.target ?? 0))) * 1.1;
  const x = (value) => left + (value / maxValue) * (width - left - 60);
  const height = top + ratios.length * (barHeight + gap) + 40;
  const rows = ratios.map((r, i) => {
    const y = top + i * (barHeight + gap);
    const ok = r.target === undefined ? null : r.value >= r.target;
    const color = ok === null ? '#9aa5b1' : ok ? '#2f9e44' : '#e03131';
    const parts = [
      `<text x="${left - 8}" y="${y + 14}" text-anchor="end">${escapeXml(r.label)}</text>`,
      `<rect x="${left}" y="${y}" width="${(x(r.value) - left).toFixed(1)}" height="${barHeight}" fill="${color}"/>`,
      `<text x="${(x(r.value) + 4).toFixed(1)}" y="${y + 14}">${r.value.toFixed(2)}x</text>`,
    ];
    if (r.target !== undefined) {
      parts.push(
        `<line x1="${x(r.target).toFixed(1)}" x2="${x(r.target).toFixed(1)}" y1="${y - 3}" y2="${y + barHeight + 3}" stroke="#111" stroke-width="2" stroke-dasharray="4 2"/>`,
      );
    }
    return parts.join('\n  ');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">
  <rect width="100%" height="100%" fill="#fff"/>
  <text x="${left}" y="22" font-size="14" font-weight="bold">Throughput ratios (medians of one run)</text>
  <line x1="${x(1).toFixed(1)}" x2="${x(1).toFixed(1)}" y1="${top - 6}" y2="${height - 34}" stroke="#bbb"/>
  <text x="${x(1).toFixed(1)}" y="${height - 20}" text-anchor="middle" fill="#666">1.0x</text>
  ${rows.join('\n  ')}
  <text x="10" y="${height - 6}" fill="#666">green: target met, red: not met, grey: no target; dashed line: the target</text>
</svg>
`;
}
