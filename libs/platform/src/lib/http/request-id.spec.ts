import { resolveRequestId } from './request-id';

describe('resolveRequestId', () => {
  it('keeps a sane incoming id', () => {
    expect(resolveRequestId('gw-1234567890')).toBe('gw-1234567890');
  });

  it('replaces missing, repeated, short or hostile ids with a fresh uuid', () => {
    for (const bad of [undefined, ['a', 'b'], 'short', 'x'.repeat(200), 'abc\r\nSet-Cookie: x=1']) {
      expect(resolveRequestId(bad)).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
