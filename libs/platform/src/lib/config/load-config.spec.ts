import { z } from 'zod';
import { envBoolean, envInt, envOrigins, envPort, envUrl, loadConfig } from './load-config';

const schema = z.object({
  PORT: envPort(3000),
  WORKERS: envInt(2, 1, 8),
  DEBUG: envBoolean(false),
  DATABASE_URL: envUrl(['postgresql']),
});

describe('loadConfig', () => {
  it('parses strings into typed values with defaults', () => {
    expect(loadConfig(schema, { DATABASE_URL: 'postgresql://x/db', DEBUG: 'true', WORKERS: '4' })).toEqual({
      PORT: 3000,
      WORKERS: 4,
      DEBUG: true,
      DATABASE_URL: 'postgresql://x/db',
    });
  });

  it('names every variable that is missing or wrong', () => {
    let message = '';
    try {
      loadConfig(schema, { PORT: '70000', DEBUG: 'yes' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/DEBUG: must be true or false/);
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).not.toMatch(/WORKERS/);
  });

  it('refuses a URL of the wrong protocol', () => {
    expect(() => loadConfig(schema, { DATABASE_URL: 'mysql://x/db' })).toThrow(
      /DATABASE_URL: must be a URL with protocol postgresql/,
    );
  });

  it('accepts only real origins as trusted, never a wildcard', () => {
    const origins = z.object({ CSRF_TRUSTED_ORIGINS: envOrigins() });
    expect(loadConfig(origins, { CSRF_TRUSTED_ORIGINS: 'https://a.example, http://localhost:5173' })).toEqual({
      CSRF_TRUSTED_ORIGINS: ['https://a.example', 'http://localhost:5173'],
    });
    expect(loadConfig(origins, {})).toEqual({ CSRF_TRUSTED_ORIGINS: [] });
    for (const bad of ['*', 'https://a.example/path', 'a.example', 'https://*.example']) {
      expect(() => loadConfig(origins, { CSRF_TRUSTED_ORIGINS: bad })).toThrow(/CSRF_TRUSTED_ORIGINS/);
    }
  });
});
