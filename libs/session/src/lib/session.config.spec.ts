import { loadConfig } from '@session-mesh/platform';
import { z } from 'zod';
import { sessionEnvShape, toSessionOptions } from './session.config';

const schema = z.object(sessionEnvShape);

describe('session config', () => {
  it('has safe defaults: cookie sid, 30 min idle, 12 h absolute', () => {
    const options = toSessionOptions(loadConfig(schema, {}), false);
    expect(options).toMatchObject({
      redis: { kind: 'single', url: 'redis://127.0.0.1:6379' },
      cookie: { name: 'sid', secure: false },
      idleTtlSeconds: 1800,
      absoluteTtlSeconds: 43200,
      reauthMaxAgeSeconds: 900,
      keyPrefix: 'sess:',
    });
  });

  it('bounds the default max age of sensitive routes', () => {
    expect(toSessionOptions(loadConfig(schema, { SESSION_REAUTH_MAX_AGE_SECONDS: '300' }), false)).toMatchObject({
      reauthMaxAgeSeconds: 300,
    });
    expect(() => loadConfig(schema, { SESSION_REAUTH_MAX_AGE_SECONDS: '5' })).toThrow(/SESSION_REAUTH_MAX_AGE_SECONDS/);
    expect(() => loadConfig(schema, { SESSION_REAUTH_MAX_AGE_SECONDS: '86401' })).toThrow(
      /SESSION_REAUTH_MAX_AGE_SECONDS/,
    );
  });

  it('turns Secure on by default in production, and lets it be set explicitly', () => {
    expect(toSessionOptions(loadConfig(schema, {}), true).cookie.secure).toBe(true);
    expect(toSessionOptions(loadConfig(schema, { SESSION_COOKIE_SECURE: 'false' }), true).cookie.secure).toBe(false);
  });

  it('stops a production app whose cookie would not be Secure', () => {
    const production = z.object(sessionEnvShape).transform((env, ctx) => toSessionOptions(env, true, ctx));
    expect(() => loadConfig(production, { SESSION_COOKIE_SECURE: 'false', SESSION_COOKIE_NAME: 'sid' })).toThrow(
      /SESSION_COOKIE_SECURE: must not be false in production/,
    );
    expect(loadConfig(production, {}).cookie.secure).toBe(true);
  });

  it('gives "remember me" its own bounded lifetimes', () => {
    const app = z.object(sessionEnvShape).transform((env, ctx) => toSessionOptions(env, false, ctx));
    expect(loadConfig(app, {}).rememberMe).toEqual({ idleTtlSeconds: 604_800, absoluteTtlSeconds: 2_592_000 });
    expect(
      loadConfig(app, {
        SESSION_REMEMBER_ME_IDLE_SECONDS: '90000',
        SESSION_REMEMBER_ME_ABSOLUTE_SECONDS: '86400',
      }).rememberMe,
    ).toEqual({ idleTtlSeconds: 86_400, absoluteTtlSeconds: 86_400 });
    expect(() => loadConfig(schema, { SESSION_REMEMBER_ME_ABSOLUTE_SECONDS: '34560001' })).toThrow(
      /SESSION_REMEMBER_ME_ABSOLUTE_SECONDS/,
    );
    expect(() => loadConfig(schema, { SESSION_REMEMBER_ME_IDLE_SECONDS: '59' })).toThrow(
      /SESSION_REMEMBER_ME_IDLE_SECONDS/,
    );
    expect(() => loadConfig(app, { SESSION_REMEMBER_ME_ABSOLUTE_SECONDS: '3600' })).toThrow(
      /SESSION_REMEMBER_ME_ABSOLUTE_SECONDS: must not be shorter than SESSION_ABSOLUTE_TTL_SECONDS/,
    );
  });

  it('names the cookie __Host-sid in production, so a sibling subdomain can neither set nor overwrite it', () => {
    const app = (production: boolean) =>
      z.object(sessionEnvShape).transform((env, ctx) => toSessionOptions(env, production, ctx));
    expect(loadConfig(app(true), {}).cookie).toEqual({ name: '__Host-sid', secure: true });
    expect(loadConfig(app(false), {}).cookie).toEqual({ name: 'sid', secure: false });
    expect(loadConfig(app(true), { SESSION_COOKIE_NAME: 'session' }).cookie.name).toBe('session');
    expect(loadConfig(app(false), { SESSION_COOKIE_NAME: '__Host-x', SESSION_COOKIE_SECURE: 'true' }).cookie).toEqual({
      name: '__Host-x',
      secure: true,
    });
    for (const name of ['__Host-sid', '__host-sid', '__Secure-sid']) {
      expect(() => loadConfig(app(false), { SESSION_COOKIE_NAME: name })).toThrow(
        new RegExp(`SESSION_COOKIE_NAME: ${name} needs a Secure cookie`),
      );
    }
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig(schema, { REDIS_URL: 'http://x' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig(schema, { SESSION_IDLE_TTL_SECONDS: 'soon' })).toThrow(/SESSION_IDLE_TTL_SECONDS/);
    expect(() => loadConfig(schema, { SESSION_COOKIE_NAME: 'a b' })).toThrow(/SESSION_COOKIE_NAME/);
  });

  describe('topology', () => {
    const withTopology = z.object(sessionEnvShape).transform((env, ctx) => toSessionOptions(env, false, ctx));

    it('reads a cluster from its seed nodes', () => {
      const options = loadConfig(withTopology, {
        REDIS_TOPOLOGY: 'cluster',
        REDIS_CLUSTER_NODES: 'redis://u:p@10.0.0.1:7000, redis://10.0.0.2:7000',
      });
      expect(options.redis).toEqual({ kind: 'cluster', nodes: ['redis://u:p@10.0.0.1:7000', 'redis://10.0.0.2:7000'] });
    });

    it('reads a sentinel set, its master name and the data nodes credentials', () => {
      const options = loadConfig(withTopology, {
        REDIS_TOPOLOGY: 'sentinel',
        REDIS_SENTINEL_NODES: 'redis://s1:26379,redis://s2:26379',
        REDIS_SENTINEL_MASTER: 'sessions',
        REDIS_USERNAME: 'session-writer',
        REDIS_PASSWORD: 'secret',
      });
      expect(options.redis).toEqual({
        kind: 'sentinel',
        sentinels: ['redis://s1:26379', 'redis://s2:26379'],
        masterName: 'sessions',
        username: 'session-writer',
        password: 'secret',
      });
    });

    it('names what a topology is missing', () => {
      expect(() => loadConfig(withTopology, { REDIS_TOPOLOGY: 'cluster' })).toThrow(/REDIS_CLUSTER_NODES: is required/);
      expect(() =>
        loadConfig(withTopology, { REDIS_TOPOLOGY: 'sentinel', REDIS_SENTINEL_NODES: 'redis://s1' }),
      ).toThrow(/REDIS_SENTINEL_MASTER: is required/);
      expect(() =>
        loadConfig(withTopology, { REDIS_TOPOLOGY: 'cluster', REDIS_CLUSTER_NODES: 'redis://a,http://b' }),
      ).toThrow(/REDIS_CLUSTER_NODES/);
      expect(() => loadConfig(withTopology, { REDIS_TOPOLOGY: 'ring' })).toThrow(/REDIS_TOPOLOGY/);
    });
  });
});
