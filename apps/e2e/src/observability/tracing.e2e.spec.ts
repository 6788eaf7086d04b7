import { randomBytes } from 'node:crypto';
import { HttpClient } from '../support/http-client';
import { Mesh, startMesh } from '../support/mesh';
import { OtlpReceiver, ReceivedSpan } from '../support/otlp-receiver';
import { PrivateNats } from '../support/private-nats';

const SPAN_KIND_SERVER = 2;

// OpenTelemetry tracing (docs/operations.md, Tracing): the apps export over
// OTLP/HTTP to a receiver in this test; one request through the gateway is
// one trace across gateway, auth-service, the RPC hop, user-service, Redis
// and Postgres. The RPC hop carries the trace context in its payload, so it
// joins the trace over TCP and over NATS alike.
describe.each(['tcp', 'nats'] as const)('tracing across the mesh (RPC over %s)', (transport) => {
  let mesh: Mesh;
  let receiver: OtlpReceiver;
  let nats: PrivateNats | undefined;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    nats = transport === 'nats' ? await PrivateNats.start() : undefined;
    mesh = await startMesh({
      env: nats ? { RPC_TRANSPORT: 'nats', NATS_SERVERS: nats.url } : {},
      tracingEnv: {
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '50',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
      },
    });
  });
  afterAll(async () => {
    await mesh?.stop();
    await nats?.stop();
    await receiver?.stop();
  });

  const pathOf = (span: ReceivedSpan) => String(span.attributes['url.path'] ?? span.attributes['http.target'] ?? '');
  const dbSystemOf = (span: ReceivedSpan) => span.attributes['db.system.name'] ?? span.attributes['db.system'];

  // The trace of the gateway's server span for `path`, once `complete` holds for it.
  async function traceOf(path: string, complete: (trace: ReceivedSpan[]) => void): Promise<ReceivedSpan[]> {
    return receiver.until((spans) => {
      const root = spans.find(
        (span) => span.service === 'gateway' && span.kind === SPAN_KIND_SERVER && pathOf(span).startsWith(path),
      );
      if (!root) throw new Error(`no gateway span for ${path} yet`);
      expect(root.parentSpanId).toBeUndefined();
      const trace = spans.filter((span) => span.traceId === root.traceId);
      complete(trace);
      return trace;
    });
  }

  // The services of a span's ancestors, nearest first.
  function ancestorsOf(span: ReceivedSpan, trace: ReceivedSpan[]): ReceivedSpan[] {
    const chain: ReceivedSpan[] = [];
    for (let parent = span.parentSpanId; parent; ) {
      const found = trace.find((candidate) => candidate.spanId === parent);
      if (!found) break;
      chain.push(found);
      parent = found.parentSpanId;
    }
    return chain;
  }

  it('traces a login: gateway -> auth-service -> RPC -> user-service -> Postgres, and auth-service -> Redis', async () => {
    const client = new HttpClient(mesh.gateway);
    const username = `trace-${randomBytes(4).toString('hex')}@example.com`;
    const password = `pw-${randomBytes(12).toString('hex')}`;
    expect((await client.post('/user', { username, password })).status).toBe(201);
    expect((await client.post('/user/login', { username, password })).status).toBe(200);

    const rpcSpan = (trace: ReceivedSpan[]) =>
      trace.find((span) => span.service === 'user-service' && span.name === 'users.verify-credentials');
    const trace = await traceOf('/user/login', (spans) => {
      expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['gateway', 'auth-service', 'user-service']));
      expect(rpcSpan(spans)).toBeDefined();
      expect(spans.some((span) => span.service === 'auth-service' && dbSystemOf(span) === 'redis')).toBe(true);
      expect(spans.some((span) => span.service === 'user-service' && dbSystemOf(span) === 'postgresql')).toBe(true);
    });

    const rpc = rpcSpan(trace)!;
    expect(rpc.kind).toBe(SPAN_KIND_SERVER);
    const rpcAncestors = ancestorsOf(rpc, trace);
    expect(rpcAncestors[0]?.service).toBe('auth-service');
    expect(rpcAncestors.at(-1)?.service).toBe('gateway');
    expect(rpcAncestors.at(-1)?.parentSpanId).toBeUndefined();

    // Postgres queries hang under the RPC server span, Redis commands under auth-service's request.
    const pg = trace.filter((span) => dbSystemOf(span) === 'postgresql');
    for (const span of pg) expect(ancestorsOf(span, trace)).toContainEqual(rpc);
    const redis = trace.filter((span) => dbSystemOf(span) === 'redis');
    for (const span of redis) {
      expect(span.service).toBe('auth-service');
      expect(ancestorsOf(span, trace).some((parent) => parent.service === 'gateway')).toBe(true);
    }
  });

  it('traces a protected request: gateway -> auth-service -> the Redis read script (EVALSHA)', async () => {
    const client = new HttpClient(mesh.gateway);
    expect((await client.post('/user/login', { username: 'admin', password: 'admin' })).status).toBe(200);
    expect((await client.get('/auth/me')).status).toBe(200);

    // EVAL only the first time this Redis runs the script, EVALSHA after.
    const readScript = (trace: ReceivedSpan[]) =>
      trace.find(
        (span) =>
          span.service === 'auth-service' && dbSystemOf(span) === 'redis' && /-(evalsha|eval)$/i.test(span.name),
      );
    const trace = await traceOf('/auth/me', (spans) => {
      expect(new Set(spans.map((span) => span.service))).toEqual(new Set(['gateway', 'auth-service']));
      expect(readScript(spans)).toBeDefined();
    });
    const chain = ancestorsOf(readScript(trace)!, trace);
    expect(chain[0]?.service).toBe('auth-service');
    expect(chain.at(-1)?.service).toBe('gateway');
  });
});
