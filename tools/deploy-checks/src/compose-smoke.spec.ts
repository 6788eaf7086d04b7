import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_IMAGE_VARIABLES } from './lib/compose';
import { parseDockerfile } from './lib/dockerfile';
import { WORKSPACE_ROOT, readWorkspace } from './lib/workspace';

const SMOKE = join(WORKSPACE_ROOT, 'tools/compose-smoke');

function read(path: string): string {
  return readFileSync(join(SMOKE, path), 'utf8');
}

type Services = Record<string, { image?: string; volumes?: string[] }>;

// tools/compose-smoke runs docker-compose.yml unchanged where no registry is:
// it must replace every base image the compose file and the Dockerfile name,
// with a stand-in that keeps the paths compose relies on.
describe('tools/compose-smoke stands in for every base image', () => {
  const services = (readWorkspace().compose as { services: Services }).services;
  const smoke = read('smoke.sh');

  it.each(Object.entries(BASE_IMAGE_VARIABLES))(
    '%s: sets %s to a stand-in built from standins/',
    (service, variable) => {
      expect(services[service]?.image).toMatch(new RegExp(`^\\$\\{${variable}:-`));
      expect(smoke).toMatch(new RegExp(`echo "${variable}=\\$STANDIN_\\w+"`));
      expect(existsSync(join(SMOKE, 'standins', service, 'Dockerfile'))).toBe(true);
    },
  );

  it('builds docker/Dockerfile on the node stand-in (NODE_IMAGE)', () => {
    expect(readWorkspace().dockerfile.globalArgs.map((arg) => arg.args.split('=')[0])).toContain('NODE_IMAGE');
    expect(read('lib/images.sh')).toContain('--build-arg "NODE_IMAGE=$NODE_IMAGE_ARG"');
    expect(smoke).toContain('NODE_IMAGE_ARG=$STANDIN_NODE');
  });

  it('keeps the data paths compose mounts as volumes of the stand-ins', () => {
    for (const service of Object.keys(BASE_IMAGE_VARIABLES)) {
      const standin = parseDockerfile(read(`standins/${service}/Dockerfile`));
      const declared = standin.stages.flatMap((stage) =>
        stage.instructions.filter((i) => i.keyword === 'VOLUME').flatMap((i) => i.args.split(/\s+/)),
      );
      // Named volumes; files bound from the checkout (a config) are not data.
      const named = (services[service]?.volumes ?? []).filter((volume) => !/^[./]/.test(volume));
      for (const volume of named) {
        expect({ service, path: volume.split(':')[1] }).toEqual({
          service,
          path: declared.find((path) => path === volume.split(':')[1]),
        });
      }
    }
  });

  it('builds the migrate job without Prisma’s engine download (MIGRATE_WITH=builtin)', () => {
    expect(smoke).toContain('MIGRATE_WITH=${MIGRATE_WITH:-builtin}');
    expect(read('lib/images.sh')).toContain('--build-arg "MIGRATE_WITH=$MIGRATE_WITH"');
  });
});
