// docker-compose.yml must run on Compose v1 too (1.29, Debian's docker-compose,
// what tools/compose-smoke runs here) as well as v2. v1 validates the file
// against its own copy of the Compose Specification
// (compose/config/compose_spec.json in the docker-compose package) and refuses
// every key it does not know; these lists are that schema's. Keys starting
// with x- are extensions, accepted everywhere.

export const V1_TOP_LEVEL_KEYS = ['version', 'services', 'volumes', 'networks', 'secrets', 'configs'];

// prettier-ignore
export const V1_SERVICE_KEYS = [
  'blkio_config', 'build', 'cap_add', 'cap_drop', 'cgroup_parent', 'command', 'configs', 'container_name',
  'cpu_count', 'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period', 'cpu_rt_runtime', 'cpu_shares', 'cpus',
  'cpuset', 'credential_spec', 'depends_on', 'deploy', 'device_cgroup_rules', 'devices', 'dns', 'dns_opt',
  'dns_search', 'domainname', 'entrypoint', 'env_file', 'environment', 'expose', 'extends', 'external_links',
  'extra_hosts', 'group_add', 'healthcheck', 'hostname', 'image', 'init', 'ipc', 'isolation', 'labels', 'links',
  'logging', 'mac_address', 'mem_limit', 'mem_reservation', 'mem_swappiness', 'memswap_limit', 'network_mode',
  'networks', 'oom_kill_disable', 'oom_score_adj', 'pid', 'pids_limit', 'platform', 'ports', 'privileged',
  'profiles', 'pull_policy', 'read_only', 'restart', 'runtime', 'scale', 'secrets', 'security_opt', 'shm_size',
  'stdin_open', 'stop_grace_period', 'stop_signal', 'storage_opt', 'sysctls', 'tmpfs', 'tty', 'ulimits', 'user',
  'userns_mode', 'volumes', 'volumes_from', 'working_dir',
];

// prettier-ignore
export const V1_BUILD_KEYS = [
  'context', 'dockerfile', 'args', 'labels', 'cache_from', 'network', 'target', 'shm_size', 'extra_hosts', 'isolation',
];

export const V1_HEALTHCHECK_KEYS = ['disable', 'interval', 'retries', 'start_period', 'test', 'timeout'];

// The long form of depends_on: only `condition` (v2 adds required and restart).
export const V1_DEPENDS_ON_KEYS = ['condition'];

type Doc = Record<string, unknown>;

function record(value: unknown): Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Doc) : {};
}

function unknownKeys(value: unknown, known: string[]): string[] {
  return Object.keys(record(value)).filter((key) => !key.startsWith('x-') && !known.includes(key));
}

export function checkComposeV1(doc: unknown): string[] {
  const violations: string[] = [];
  for (const key of unknownKeys(doc, V1_TOP_LEVEL_KEYS)) {
    const hint = key === 'name' ? ' (name the project with COMPOSE_PROJECT_NAME in .env instead)' : '';
    violations.push(`top-level ${key}: Compose v1 rejects it${hint}`);
  }
  const services = record(record(doc)['services']);
  for (const [name, raw] of Object.entries(services)) {
    const service = record(raw);
    for (const key of unknownKeys(service, V1_SERVICE_KEYS)) {
      violations.push(`${name}: ${key} is not a service key Compose v1 knows`);
    }
    if (typeof service['build'] === 'object') {
      for (const key of unknownKeys(service['build'], V1_BUILD_KEYS)) {
        violations.push(`${name}: build.${key} is Compose v2 only`);
      }
    }
    for (const key of unknownKeys(service['healthcheck'], V1_HEALTHCHECK_KEYS)) {
      violations.push(`${name}: healthcheck.${key} is Compose v2 only`);
    }
    const dependsOn = service['depends_on'];
    const dependencies = Array.isArray(dependsOn) ? dependsOn.map(String) : Object.keys(record(dependsOn));
    for (const dependency of dependencies) {
      for (const key of unknownKeys(record(dependsOn)[dependency], V1_DEPENDS_ON_KEYS)) {
        violations.push(`${name}: depends_on.${dependency}.${key} is Compose v2 only (v1 accepts only condition)`);
      }
      // v1 refuses to start a service whose dependency a profile leaves out
      // (v2 has required: false for that; v1 has nothing).
      const profiles = record(services[dependency])['profiles'];
      const ownProfiles = service['profiles'];
      if (Array.isArray(profiles) && (!Array.isArray(ownProfiles) || !ownProfiles.every((p) => profiles.includes(p)))) {
        violations.push(
          `${name}: depends on ${dependency}, which runs only with --profile ${profiles.join('/')}; Compose v1 then refuses to start ${name}`,
        );
      }
    }
  }
  return violations;
}
