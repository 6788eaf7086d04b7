import { freePort, PrivateRedisCluster } from '@session-mesh/session/testing';
import { AppProcess, createTestDatabase, dropTestDatabase, startableServices, waitUntilReady } from './mesh';
import { PrivateNats } from './private-nats';

export interface ScaledMesh {
  gateway: string;
  // Base URLs of each replica, in the order of `apps`.
  auth: string[];
  users: string[];
  apps: { auth: AppProcess[]; users: AppProcess[]; gateway: AppProcess };
  cluster: PrivateRedisCluster;
  nats: PrivateNats;
  stop(): Promise<void>;
}

// The mesh scaled out: `replicas` of auth-service and of user-service on
// their own ports behind one gateway, sessions in a three-master Redis
// Cluster, the calls between services over NATS (queue groups). Everything is
// a real process started here.
export async function startScaledMesh(replicas = 2): Promise<ScaledMesh> {
  const cluster = await PrivateRedisCluster.start(3);
  const nats = await PrivateNats.start();
  const databaseUrl = createTestDatabase();
  const common = {
    NODE_ENV: 'test',
    REDIS_TOPOLOGY: 'cluster',
    REDIS_CLUSTER_NODES: cluster.urls.join(','),
    RPC_TRANSPORT: 'nats',
    NATS_SERVERS: nats.url,
    // A request in flight on a replica that dies is lost; fail it soon.
    USER_SERVICE_RPC_TIMEOUT_MS: '2000',
  };
  const ports = async () => Promise.all(Array.from({ length: replicas }, () => freePort()));
  const [authPorts, userPorts, gatewayPort] = [await ports(), await ports(), await freePort()];
  const urlOf = (port: number) => `http://127.0.0.1:${port}`;
  // One replica of each of MESH_SERVICES.
  const services = await startableServices(common);
  const apps = {
    auth: authPorts.map((port) => new AppProcess('auth-service', { ...common, PORT: String(port) })),
    users: userPorts.map(
      (port) => new AppProcess('user-service', { ...common, PORT: String(port), DATABASE_URL: databaseUrl }),
    ),
    gateway: new AppProcess('gateway', {
      NODE_ENV: 'test',
      PORT: String(gatewayPort),
      AUTH_SERVICE_URL: authPorts.map(urlOf).join(','),
      USER_SERVICE_URL: userPorts.map(urlOf).join(','),
      ...Object.fromEntries(services.map(({ urlVariable, url }) => [urlVariable, url])),
      UPSTREAM_PROBE_INTERVAL_MS: '200',
    }),
  };
  const all = [...apps.auth, ...apps.users, ...services.map((service) => service.app), apps.gateway];
  const stop = async () => {
    await Promise.all(all.map((app) => app.stop()));
    await cluster.stop();
    await nats.stop();
    await dropTestDatabase(databaseUrl);
  };
  all.forEach((app) => app.start());
  const mesh: ScaledMesh = {
    gateway: urlOf(gatewayPort),
    auth: authPorts.map(urlOf),
    users: userPorts.map(urlOf),
    apps,
    cluster,
    nats,
    stop,
  };
  try {
    for (const url of [...mesh.auth, ...mesh.users, mesh.gateway]) await waitUntilReady(url, all, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return mesh;
}
