import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway serves the build at /console/ (apps/gateway/src/console); in
// `nx dev console` the API paths go to a gateway on :3000, so the page stays
// same-origin as it is in production.
const API_PATHS = ['/auth', '/user', '/users', '/groups', '/roles', '/audit'];
const GATEWAY = process.env['GATEWAY_URL'] ?? 'http://localhost:3000';

export default defineConfig(() => ({
  root: import.meta.dirname,
  base: '/console/',
  cacheDir: '../../node_modules/.vite/apps/console',
  server: {
    port: 4200,
    host: 'localhost',
    proxy: Object.fromEntries(API_PATHS.map((path) => [path, GATEWAY])),
  },
  preview: {
    port: 4300,
    host: 'localhost',
  },
  // @session-mesh/api-client from tsconfig.base.json's paths.
  resolve: { tsconfigPaths: true },
  plugins: [react()],
  build: {
    outDir: '../../dist/apps/console',
    emptyOutDir: true,
    reportCompressedSize: true,
    // No inline module-preload polyfill: the gateway's CSP allows no inline script.
    modulePreload: { polyfill: false },
  },
}));
