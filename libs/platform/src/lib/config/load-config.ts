import { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

// Parses the environment once at boot. A bad or missing value stops the app
// with a message that names the variable.
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    return `  ${variable}: ${issue.message}`;
  });
  throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}

// Environment variables are strings; these turn them into typed values with
// one clear error each.
export const envInt = (fallback: number, min = 1, max = 2 ** 31 - 1) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

export const envPort = (fallback: number) => envInt(fallback, 1, 65_535);

const booleanString = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1');

export const envBoolean = (fallback: boolean) => booleanString.default(fallback);

// For a flag whose default depends on other settings (decided after parsing).
export const envOptionalBoolean = () => booleanString.optional();

export function envUrl(protocols: string[]): z.ZodString;
export function envUrl(protocols: string[], fallback: string): z.ZodDefault<z.ZodString>;
export function envUrl(protocols: string[], fallback?: string): z.ZodString | z.ZodDefault<z.ZodString> {
  const url = z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    `must be a URL with protocol ${protocols.join(' or ')}`,
  );
  return fallback === undefined ? url : url.default(fallback);
}

// A comma-separated list of such URLs; `fallback` when unset or empty.
export function envUrlList(protocols: string[], fallback = '') {
  return z
    .string()
    .default(fallback)
    .transform((value) =>
      (value.trim() === '' ? fallback : value)
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .pipe(z.array(envUrl(protocols)));
}

export const NodeEnv = z.enum(['development', 'test', 'production']).default('development');

// For main.ts: print the problem and stop with a non-zero exit.
export function loadConfigOrExit<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

// A comma-separated list of origins (scheme://host[:port]); '*' is refused:
// a wildcard would turn cross-origin protection off.
export const envOrigins = () =>
  z
    .string()
    .default('')
    .transform((value, ctx) => {
      const origins = value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      for (const origin of origins) {
        let parsed: URL | undefined;
        try {
          parsed = new URL(origin);
        } catch {
          parsed = undefined;
        }
        if (!parsed || parsed.origin !== origin || parsed.host.includes('*')) {
          ctx.addIssue({ code: 'custom', message: `"${origin}" is not an origin like https://app.example.com` });
        }
      }
      return origins;
    });
