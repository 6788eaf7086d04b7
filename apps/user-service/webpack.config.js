const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = {
  output: {
    path: join(__dirname, '../../dist/apps/user-service'),
    clean: true,
    ...(process.env.NODE_ENV !== 'production' && {
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    }),
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      // Creates the database, applies prisma/migrations and seeds.
      additionalEntryPoints: [{ entryName: 'migrate', entryPath: './src/migrate.ts' }],
      tsConfig: './tsconfig.app.json',
      assets: [{ input: './prisma', glob: 'migrations/**', output: 'prisma' }],
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      // The generated Prisma client (gitignored, so invisible to Nx's import
      // scan) requires @prisma/client at run time; without this the Docker
      // image's `npm ci --omit=dev` leaves it out and the service cannot start.
      runtimeDependencies: ['@prisma/client'],
      sourceMap: true,
    }),
  ],
};
