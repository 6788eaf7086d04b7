// The image's HEALTHCHECK (and compose's): exits 0 when GET <path> on the
// app's own port answers 2xx within 2 s. Usage: node healthcheck.cjs [/health|/ready]
// PORT falls back to each app's default (its zod config); a deploy check keeps
// this table in step with those defaults.
const DEFAULT_PORTS = { gateway: 3000, 'auth-service': 3001, 'user-service': 3002 };

const path = process.argv[2] ?? '/health';
const port = process.env.PORT || DEFAULT_PORTS[process.env.APP];
if (!port) {
  console.error('healthcheck: set PORT or APP');
  process.exit(1);
}
fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
