import type { Tree } from '@nx/devkit';

// Ports the workspace already uses: every app's config defaults
// (`serviceEnvShape({ port, rpcPort })`, `envPort(n)`, `rpcPeerEnvShape('X', n)`),
// the gateway's default service URLs and docker-compose.yml's ports.
export function usedPorts(tree: Tree): Set<number> {
  const used = new Set<number>();
  const add = (text: string, pattern: RegExp) => {
    for (const match of text.matchAll(pattern)) used.add(Number(match[1]));
  };
  for (const app of tree.children('apps')) {
    const configDir = `apps/${app}/src/config`;
    if (!tree.exists(configDir)) continue;
    for (const file of tree.children(configDir).filter((name) => name.endsWith('.ts'))) {
      const text = tree.read(`${configDir}/${file}`, 'utf-8') ?? '';
      add(text, /\b(?:port|rpcPort)\s*:\s*(\d+)/g);
      add(text, /\benvPort\(\s*(\d+)\s*\)/g);
      add(text, /\brpcPeerEnvShape\(\s*'[^']*'\s*,\s*(\d+)\s*\)/g);
    }
  }
  add(tree.read('apps/gateway/src/services.ts', 'utf-8') ?? '', /https?:\/\/[^'"\s:/]+:(\d+)/g);
  add(tree.read('docker-compose.yml', 'utf-8') ?? '', /\b[A-Z_]*PORT:\s*'?(\d+)'?/g);
  return used;
}

// The first port after the highest one used in [from, from + 999], so a new
// service comes after the existing ones (3003 after 3002).
export function nextPort(used: Set<number>, from: number): number {
  const inRange = [...used].filter((port) => port >= from && port < from + 1000);
  let port = inRange.length === 0 ? from : Math.max(...inRange) + 1;
  while (used.has(port)) port += 1;
  return port;
}
