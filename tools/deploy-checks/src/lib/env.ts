import { z } from 'zod';

// `KEY=value` lines of an env file (.env.example); comments and blanks skipped.
export function parseDotenv(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    values[match[1] ?? ''] = (match[2] ?? '').replace(/^(["'])(.*)\1$/, '$2');
  }
  return values;
}

export interface VariableReference {
  name: string;
  // `${X:-d}`, `${X-d}`, `${X:+a}`, `${X+a}`: the value never stays empty.
  hasFallback: boolean;
  // `${X:?message}` / `${X?message}`: compose refuses to start without it.
  required: boolean;
}

const REFERENCE = /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^}])*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export function variableReferences(value: string): VariableReference[] {
  const references: VariableReference[] = [];
  for (const match of value.matchAll(REFERENCE)) {
    if (match[0] === '$$') continue;
    const operator = match[2] ?? '';
    references.push({
      name: match[1] ?? match[4] ?? '',
      hasFallback: operator.endsWith('-') || operator.endsWith('+'),
      required: operator.endsWith('?'),
    });
  }
  return references;
}

// Compose's interpolation of one value, given the variables of the .env file.
export function interpolate(value: string, variables: Record<string, string>): { value: string; errors: string[] } {
  const errors: string[] = [];
  const result = value.replace(REFERENCE, (whole, braced?: string, operator?: string, word?: string, bare?: string) => {
    if (whole === '$$') return '$';
    const name = braced ?? bare ?? '';
    const current = variables[name];
    const unsetOrEmpty = current === undefined || current === '';
    const absent = operator?.startsWith(':') ? unsetOrEmpty : current === undefined;
    switch ((operator ?? '').replace(':', '')) {
      case '-':
        return absent ? (word ?? '') : (current ?? '');
      case '+':
        return absent ? '' : (word ?? '');
      case '?':
        if (absent) errors.push(`${name}: ${word || 'is required'}`);
        return current ?? '';
      default:
        return current ?? '';
    }
  });
  return { value: result, errors };
}

// Any zod schema an app parses process.env with (an object, possibly piped
// into a transform).
export type EnvSchema = z.ZodType;

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  if (schema instanceof z.ZodObject) return schema.shape as Record<string, z.ZodType>;
  if (schema instanceof z.ZodPipe) return objectShape(schema.in as z.ZodType);
  return undefined;
}

export interface EnvVariable {
  name: string;
  // No value works: the app refuses to start without it.
  required: boolean;
  // What the app uses when the variable is absent.
  fallback?: unknown;
}

// What an app's schema asks of its environment, found by asking the schema:
// each variable alone with `undefined`, and the whole schema with an empty
// production environment (rules such as "ADMIN_PASSWORD in production"; zod
// runs such rules only once every field parses, so a rule behind a required
// field shows up in checkServiceEnv's full parse instead).
export function describeEnv(schema: EnvSchema): EnvVariable[] {
  const shape = objectShape(schema);
  if (!shape) throw new Error('expected a z.object() schema (optionally piped into a transform)');
  const variables = new Map<string, EnvVariable>();
  for (const [name, field] of Object.entries(shape)) {
    const alone = field.safeParse(undefined);
    variables.set(name, alone.success ? { name, required: false, fallback: alone.data } : { name, required: true });
  }
  for (const probe of [{}, { NODE_ENV: 'production' }]) {
    const result = schema.safeParse(probe);
    if (result.success) continue;
    for (const issue of result.error.issues) {
      const name = String(issue.path[0] ?? '');
      if (name !== '' && !(name in probe)) variables.set(name, { name, required: true });
    }
  }
  return [...variables.values()];
}

const LOOPBACK = /(^|[/@:])(127\.\d+\.\d+\.\d+|localhost|\[?::1\]?)([:/]|$)/i;

export function pointsToLoopback(value: string): boolean {
  return LOOPBACK.test(value);
}

// Violations of one container's environment against its app's schema.
export function checkServiceEnv(service: string, env: Record<string, string>, schema: EnvSchema): string[] {
  const violations: string[] = [];
  for (const variable of describeEnv(schema)) {
    if (variable.name in env) continue;
    if (variable.required) {
      violations.push(`${service}: ${variable.name} is required by its config schema but not set`);
    } else if (typeof variable.fallback === 'string' && pointsToLoopback(variable.fallback)) {
      violations.push(
        `${service}: ${variable.name} is not set and defaults to ${variable.fallback}, which inside a container is the container itself`,
      );
    }
  }
  for (const [name, value] of Object.entries(env)) {
    if (pointsToLoopback(value)) violations.push(`${service}: ${name}=${value} points at the container itself`);
  }
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      violations.push(`${service}: ${issue.path.join('.') || '(environment)'}: ${issue.message}`);
    }
  }
  return violations;
}
