// Run in the runtime image after `npm ci --omit=dev`: every package the
// bundled app requires must resolve from the app's own node_modules. Nx writes
// the app's package.json from the imports it can see, so a dependency it
// misses would otherwise surface only when the container starts.
// Usage: node verify-runtime-deps.cjs [app-dir]
const { readdirSync, readFileSync } = require('node:fs');
const { builtinModules, createRequire } = require('node:module');
const { join, resolve } = require('node:path');

// Dev dependencies an app loads only on request, inside a try/catch that
// names what is missing; production images leave them out on purpose.
const OPTIONAL = new Map([['pino-pretty', 'LOG_FORMAT=pretty only (libs/platform/src/lib/logging/logger.ts)']]);

const dir = resolve(process.argv[2] ?? '.');
const requireFromApp = createRequire(join(dir, 'package.json'));
const builtins = new Set(builtinModules);
const bundles = readdirSync(dir).filter((file) => file.endsWith('.js'));
const specifiers = new Map();

for (const file of bundles) {
  const source = readFileSync(join(dir, file), 'utf8');
  for (const [, specifier] of source.matchAll(/\brequire\(\s*["']([^"'.\/][^"']*)["']\s*\)/g)) {
    if (specifier.startsWith('node:') || builtins.has(specifier.split('/')[0])) continue;
    if (!specifiers.has(specifier)) specifiers.set(specifier, file);
  }
}

const missing = [];
const optional = [];
for (const [specifier, file] of specifiers) {
  try {
    requireFromApp.resolve(specifier);
  } catch {
    if (OPTIONAL.has(specifier)) optional.push(`${specifier} (${OPTIONAL.get(specifier)})`);
    else missing.push(`${specifier} (required by ${file})`);
  }
}

if (bundles.length === 0) {
  console.error(`verify-runtime-deps: no .js bundle in ${dir}`);
  process.exit(1);
}
if (missing.length > 0) {
  console.error(`verify-runtime-deps: not installed in ${dir}/node_modules:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}
const left = optional.length > 0 ? `; optional, not installed: ${optional.join(', ')}` : '';
console.log(
  `verify-runtime-deps: ${specifiers.size - optional.length} packages required by ${bundles.join(', ')} all resolve${left}`,
);
