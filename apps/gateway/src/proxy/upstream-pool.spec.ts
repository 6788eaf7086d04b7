import { UpstreamPool } from './upstream-pool';

describe('UpstreamPool', () => {
  const a = 'http://a:3001';
  const b = 'http://b:3001';
  const c = 'http://c:3001';

  it('spreads requests round robin', () => {
    const pool = new UpstreamPool([a, b, c]);
    expect([pool.pick(), pool.pick(), pool.pick(), pool.pick()]).toEqual([a, b, c, a]);
  });

  it('skips a replica marked down until its mark runs out', () => {
    let now = 0;
    const pool = new UpstreamPool([a, b], 1000, () => now);
    pool.markDown(a);
    expect([pool.pick(), pool.pick(), pool.pick()]).toEqual([b, b, b]);
    now = 1000;
    expect(new Set([pool.pick(), pool.pick()])).toEqual(new Set([a, b]));
  });

  it('takes a replica back at once when it answers again', () => {
    const pool = new UpstreamPool([a, b], 60_000);
    pool.markDown(a);
    pool.markUp(a);
    expect(new Set([pool.pick(), pool.pick()])).toEqual(new Set([a, b]));
  });

  it('never returns a replica already tried for this request', () => {
    const pool = new UpstreamPool([a, b, c]);
    expect(pool.pick(new Set([a, b]))).toBe(c);
    expect(pool.pick(new Set([a, b, c]))).toBeUndefined();
  });

  it('tries the replica marked down longest ago when all are down', () => {
    let now = 0;
    const pool = new UpstreamPool([a, b], 1000, () => now);
    pool.markDown(b);
    now = 10;
    pool.markDown(a);
    expect(pool.pick()).toBe(b);
    expect(pool.pick(new Set([b]))).toBe(a);
  });
});
