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
      sourceMap: true,
    }),
  ],
};
