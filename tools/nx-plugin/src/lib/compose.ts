import { isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';

export interface ComposeService {
  // The compose service, its app under apps/ and its DNS name in the network.
  name: string;
  port: number;
  // The gateway's variable for the service's URL.
  urlVariable: string;
}

// Written as yaml would print it back, so an untouched file round-trips byte for byte.
const PRINT = { lineWidth: 0, flowCollectionPadding: false } as const;

function mapAt(doc: Document, path: string[]): YAMLMap {
  const node = doc.getIn(path, true);
  if (!isMap(node)) throw new Error(`docker-compose.yml: ${path.join('.')} is not a mapping`);
  return node;
}

// A service that reads sessions, like user-service's entry without its
// database and RPC: the shared anchors for restart policy, image build,
// session settings (RPC_TRANSPORT and NATS_SERVERS among them, so it waits
// for NATS, which compose always runs) and readiness; Redis as the session
// reader. It goes right
// before the gateway, which gets its URL and waits for it to be healthy.
export function addComposeService(text: string, service: ComposeService): string {
  const doc = parseDocument(text);
  const services = mapAt(doc, ['services']);
  if (services.has(service.name)) throw new Error(`docker-compose.yml already has a service ${service.name}`);
  for (const anchor of ['app', 'app-build', 'session-env', 'nats-dependency', 'ready']) {
    if (!text.includes(`&${anchor}`)) throw new Error(`docker-compose.yml has no &${anchor} anchor to build on`);
  }
  const block = [
    `  ${service.name}:`,
    '    <<: *app',
    '    build:',
    '      <<: *app-build',
    '      args:',
    `        APP: ${service.name}`,
    '    environment:',
    '      <<: *session-env',
    '      REDIS_URL: redis://session-reader:${REDIS_READER_PASSWORD:?set REDIS_READER_PASSWORD in .env}@redis:6379',
    `      PORT: '${service.port}'`,
    '    depends_on:',
    '      redis:',
    '        condition: service_healthy',
    '      nats: *nats-dependency',
    '    healthcheck:',
    '      <<: *ready',
    "      test: ['CMD', 'node', '/usr/local/lib/session-mesh/healthcheck.cjs', '/ready']",
    '',
    '',
  ].join('\n');
  const at = lineStartOfEntry(text, services, 'gateway');
  const withService = parseDocument(text.slice(0, at) + block + text.slice(at));
  mapAt(withService, ['services', 'gateway', 'environment']).set(
    service.urlVariable,
    `http://${service.name}:${service.port}`,
  );
  mapAt(withService, ['services', 'gateway', 'depends_on']).set(
    service.name,
    withService.createNode({ condition: 'service_healthy' }),
  );
  if (withService.errors.length > 0) throw new Error(`docker-compose.yml: ${withService.errors[0]?.message}`);
  return withService.toString(PRINT);
}

// Where the entry `key` of the mapping starts, its comment lines included.
function lineStartOfEntry(text: string, map: YAMLMap, key: string): number {
  const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
  const keyAt = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
  if (keyAt === undefined) throw new Error(`docker-compose.yml has no service ${key}`);
  let start = text.lastIndexOf('\n', keyAt) + 1;
  for (;;) {
    const previous = text.lastIndexOf('\n', start - 2) + 1;
    if (start === 0 || !text.slice(previous, start).trim().startsWith('#')) return start;
    start = previous;
  }
}

// Prometheus of compose's observability profile (docker/prometheus/prometheus.yml)
// finds every replica of the services its DNS job names: the new one joins them.
export function addScrapeTarget(text: string, service: string): string {
  const doc = parseDocument(text);
  const jobs = doc.get('scrape_configs', true);
  const names = isSeq(jobs)
    ? jobs.items
        .map((job) => (isMap(job) ? job.getIn(['dns_sd_configs', 0, 'names'], true) : undefined))
        .find((node) => isSeq(node))
    : undefined;
  if (!isSeq(names)) throw new Error('prometheus.yml: no dns_sd_configs job with names to add the service to');
  if (!names.items.some((item) => isScalar(item) && item.value === service)) names.add(doc.createNode(service));
  return doc.toString(PRINT);
}
