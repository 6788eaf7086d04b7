// `prisma generate` without network: the CLI insists on locating a schema
// engine binary even though generating the client never runs it. Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips the download. Where
// the variable is already set (or the engine is installed), it is left alone.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
const cli = require.resolve('prisma/build/index.js');
const result = spawnSync(process.execPath, [cli, 'generate', ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
