// Reads `docker compose config` (v1 or v2, YAML on stdin) and prints one line
// per service that compose would build, tab-separated:
//   service  context  dockerfile  target  ARG=value ...
// so smoke.sh builds exactly what the compose file says. Services of one APP
// come together, runtime first, so the later ones reuse its `build` stage.
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parse } from 'yaml';

const config = parse(readFileSync(0, 'utf8'), { merge: true });
const builds = [];
for (const [service, definition] of Object.entries(config?.services ?? {})) {
  const build = definition?.build;
  if (build === undefined) continue;
  const context = typeof build === 'string' ? build : build.context;
  const dockerfile = (typeof build === 'object' && build.dockerfile) || 'Dockerfile';
  const args = typeof build === 'object' && build.args ? build.args : {};
  const list = Array.isArray(args) ? args : Object.entries(args).map(([key, value]) => `${key}=${value ?? ''}`);
  builds.push({
    service,
    context,
    dockerfile: isAbsolute(dockerfile) ? dockerfile : join(context, dockerfile),
    target: (typeof build === 'object' && build.target) || '',
    args: list,
    app: list.find((arg) => arg.startsWith('APP='))?.slice(4) ?? service,
  });
}
builds.sort(
  (a, b) =>
    a.app.localeCompare(b.app) ||
    Number(b.target === 'runtime') - Number(a.target === 'runtime') ||
    a.service.localeCompare(b.service),
);
for (const build of builds) {
  console.log([build.service, build.context, build.dockerfile, build.target, ...build.args].join('\t'));
}
