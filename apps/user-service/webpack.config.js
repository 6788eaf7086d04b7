// The build is shared by every app: see tools/build/node-app-webpack.js.
module.exports = require('../../tools/build/node-app-webpack').nodeAppWebpackConfig(__dirname, {
  // migrate: creates the database, applies prisma/migrations and seeds;
  // openapi: writes the OpenAPI document to a file (the `openapi` target).
  additionalEntryPoints: [
    { entryName: 'migrate', entryPath: './src/migrate.ts' },
    { entryName: 'openapi', entryPath: './src/openapi.ts' },
  ],
  assets: [{ input: './prisma', glob: 'migrations/**', output: 'prisma' }],
  // The generated Prisma client (gitignored, so invisible to Nx's import
  // scan) requires @prisma/client at run time; without this the Docker
  // image's `npm ci --omit=dev` leaves it out and the service cannot start.
  runtimeDependencies: ['@prisma/client'],
});
