// nginx (Debian's package) as a reference reverse proxy: a config of our own
// in the bench's log directory, run in the foreground by the bench's process
// list, so the system service is never involved. Keep-alive to the upstream,
// like the gateway and the node:http proxy.
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const NGINX = '/usr/sbin/nginx';
export const hasNginx = () => existsSync(NGINX);
// `nginx -v` writes `nginx version: nginx/1.22.1` to stderr.
export const nginxVersion = () =>
  hasNginx() ? spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr.trim() : 'not installed';

export function startNginx(procs, dir, port, upstream) {
  const { host } = new URL(upstream);
  const config = join(dir, 'nginx.conf');
  writeFileSync(
    config,
    `worker_processes 1;
daemon off;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'nginx-error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  # nginx closes a client connection after 1,000 requests by default; at
  # several thousand req/s the load generator counted that as an error.
  keepalive_requests 1000000;
  client_body_temp_path ${dir};
  proxy_temp_path ${dir};
  fastcgi_temp_path ${dir};
  uwsgi_temp_path ${dir};
  scgi_temp_path ${dir};
  upstream service { server ${host}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://service;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
    }
  }
}
`,
  );
  return procs.start('nginx', NGINX, ['-c', config, '-p', dir]);
}
