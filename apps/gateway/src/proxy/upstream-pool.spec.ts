import { createServer } from 'node:net';
import { once } from 'node:events';
import { UpstreamPool } from './upstream-pool';

describe('UpstreamPool', () => {
  const a = 'http://a:3001';
  const b = 'http://b:3001';
  const c = 'http://c:3001';
  const pools: UpstreamPool[] = [];
  const pool = (targets: string[], probe?: (target: string) => Promise<boolean>) => {
    const created = new UpstreamPool(targets, 60_000, probe);
    pools.push(created);
    return created;
  };
  afterEach(() => pools.splice(0).forEach((created) => created.stopProbing()));

  it('spreads requests round robin', () => {
    const replicas = pool([a, b, c]);
    expect([replicas.pick(), replicas.pick(), replicas.pick(), replicas.pick()]).toEqual([a, b, c, a]);
  });

  it('skips a replica marked down until a probe finds it listening again', async () => {
    let listening = false;
    const replicas = pool([a, b], async (target) => target === a && listening);
    replicas.markDown(a);
    expect([replicas.pick(), replicas.pick(), replicas.pick()]).toEqual([b, b, b]);
    await replicas.probeDown();
    expect(replicas.isDown(a)).toBe(true);
    listening = true;
    await replicas.probeDown();
    expect(replicas.isDown(a)).toBe(false);
    expect(new Set([replicas.pick(), replicas.pick()])).toEqual(new Set([a, b]));
  });

  it('takes a replica back at once when it answers a request', () => {
    const replicas = pool([a, b], async () => false);
    replicas.markDown(a);
    replicas.markUp(a);
    expect(new Set([replicas.pick(), replicas.pick()])).toEqual(new Set([a, b]));
  });

  it('never returns a replica already tried for this request', () => {
    const replicas = pool([a, b, c]);
    expect(replicas.pick(new Set([a, b]))).toBe(c);
    expect(replicas.pick(new Set([a, b, c]))).toBeUndefined();
  });

  it('still tries a replica when all are down, rather than refusing outright', () => {
    const replicas = pool([a, b], async () => false);
    replicas.markDown(a);
    replicas.markDown(b);
    expect([a, b]).toContain(replicas.pick());
    expect(replicas.pick(new Set([a]))).toBe(b);
  });

  it('probes by opening a TCP connection to the replica', async () => {
    const server = createServer((socket) => socket.destroy()).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    const live = `http://127.0.0.1:${port}`;
    const replicas = pool([live]);
    replicas.markDown(live);
    await replicas.probeDown();
    expect(replicas.isDown(live)).toBe(false);

    server.close();
    await once(server, 'close');
    replicas.markDown(live);
    await replicas.probeDown();
    expect(replicas.isDown(live)).toBe(true);
  });
});
