import { z } from 'zod';
import {
  checkServiceEnv,
  describeEnv,
  interpolate,
  parseDotenv,
  pointsToLoopback,
  variableReferences,
} from './lib/env';

describe('interpolate (compose semantics)', () => {
  const vars = { SET: 'value', EMPTY: '' };

  it.each([
    ['${SET}', 'value'],
    ['$SET/x', 'value/x'],
    ['${MISSING}', ''],
    ['${MISSING:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${SET:+alt}', 'alt'],
    ['${MISSING:+alt}', ''],
    ['$${SET}', '${SET}'],
    ['a:${SET:?needed}@b', 'a:value@b'],
  ])('%s -> %s', (input, output) => {
    expect(interpolate(input, vars)).toEqual({ value: output, errors: [] });
  });

  it('reports ${X:?message} when X is unset or empty', () => {
    expect(interpolate('${MISSING:?set it in .env}', vars).errors).toEqual(['MISSING: set it in .env']);
    expect(interpolate('${EMPTY:?}', vars).errors).toEqual(['EMPTY: is required']);
    expect(interpolate('${EMPTY?}', vars).errors).toEqual([]);
  });

  it('lists references with their kind', () => {
    expect(variableReferences('${A} ${B:-x} ${C:?y} $D $$E')).toEqual([
      { name: 'A', hasFallback: false, required: false },
      { name: 'B', hasFallback: true, required: false },
      { name: 'C', hasFallback: false, required: true },
      { name: 'D', hasFallback: false, required: false },
    ]);
  });
});

describe('parseDotenv', () => {
  it('reads KEY=value lines and skips comments', () => {
    expect(parseDotenv('# c\nA=1\nexport B="two"\n\nC=\nnot a line\n')).toEqual({ A: '1', B: 'two', C: '' });
  });
});

describe('describeEnv and checkServiceEnv', () => {
  const schema = z.object({
    NODE_ENV: z.enum(['development', 'production']).default('development'),
    PORT: z.coerce.number().int().default(3000),
    API_KEY: z.string().min(1),
    UPSTREAM_URL: z.string().url().default('http://127.0.0.1:4000'),
  });
  // Like the seed's ADMIN_PASSWORD: optional as a field, required by a rule.
  const productionRule = z
    .object({ NODE_ENV: z.enum(['development', 'production']).default('development'), SECRET: z.string().optional() })
    .transform((env, ctx) => {
      if (env.NODE_ENV === 'production' && !env.SECRET) {
        ctx.addIssue({ code: 'custom', path: ['SECRET'], message: 'is required in production' });
      }
      return env;
    });

  it('finds required variables and defaults', () => {
    expect(describeEnv(schema)).toEqual([
      { name: 'NODE_ENV', required: false, fallback: 'development' },
      { name: 'PORT', required: false, fallback: 3000 },
      { name: 'API_KEY', required: true },
      { name: 'UPSTREAM_URL', required: false, fallback: 'http://127.0.0.1:4000' },
    ]);
  });

  it('finds a variable a rule requires in production', () => {
    expect(describeEnv(productionRule)).toEqual([
      { name: 'NODE_ENV', required: false, fallback: 'development' },
      { name: 'SECRET', required: true },
    ]);
    expect(checkServiceEnv('svc', { NODE_ENV: 'production' }, productionRule)).toEqual([
      'svc: SECRET is required by its config schema but not set',
      'svc: SECRET: is required in production',
    ]);
    expect(checkServiceEnv('svc', { NODE_ENV: 'production', SECRET: 's' }, productionRule)).toEqual([]);
  });

  it('passes a complete container environment', () => {
    expect(
      checkServiceEnv('svc', { NODE_ENV: 'production', API_KEY: 'k', UPSTREAM_URL: 'http://up:4000' }, schema),
    ).toEqual([]);
  });

  it('names what is missing, what defaults to localhost, and what the schema rejects', () => {
    expect(checkServiceEnv('svc', { NODE_ENV: 'production', PORT: 'x' }, schema)).toEqual([
      'svc: API_KEY is required by its config schema but not set',
      'svc: UPSTREAM_URL is not set and defaults to http://127.0.0.1:4000, which inside a container is the container itself',
      'svc: PORT: Invalid input: expected number, received NaN',
      'svc: API_KEY: Invalid input: expected string, received undefined',
    ]);
  });

  it('refuses a schema it cannot read variables from', () => {
    expect(() => describeEnv(z.string())).toThrow(/z.object/);
  });

  it('recognises loopback addresses', () => {
    for (const value of ['http://127.0.0.1:3001', 'redis://localhost', '127.0.0.1', 'http://[::1]:80']) {
      expect(pointsToLoopback(value)).toBe(true);
    }
    for (const value of ['http://auth-service:3001', '0.0.0.0', 'redis://default:pw@redis:6379', 'localhost-proxy']) {
      expect(pointsToLoopback(value)).toBe(false);
    }
  });
});
