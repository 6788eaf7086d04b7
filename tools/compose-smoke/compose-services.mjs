// Reads `docker compose config` (v1 or v2, YAML on stdin) and prints the
// services that `up` starts without --profile, one per line: Compose v1's
// `config --services` lists the services of every profile too.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const config = parse(readFileSync(0, 'utf8'), { merge: true });
for (const [service, definition] of Object.entries(config?.services ?? {})) {
  if (!Array.isArray(definition?.profiles) || definition.profiles.length === 0) console.log(service);
}
