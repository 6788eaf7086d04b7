// The one webpack build of every Node app in apps/ (`nx run <app>:build`, inferred
// by @nx/webpack/plugin). An app's whole build is its apps/<app>/webpack.config.js:
//
//   module.exports = require('../../tools/build/node-app-webpack').nodeAppWebpackConfig(__dirname);
//
// with a second argument for NxAppWebpackPlugin options of its own (extra entry
// points, assets, runtime dependencies): see apps/user-service/webpack.config.js.
// Its project.json lists "implicitDependencies": ["build-config"] (this folder's
// project), so a change here rebuilds the app and counts as affecting it.
// Output: dist/<app's path>/main.js, source maps, and the package.json and
// package-lock.json of the app's production dependencies (docker/Dockerfile
// installs from them).
//
// swc transpiles, with decorator metadata (Nest injects constructor parameters
// by type); nothing type-checks here: each app's `typecheck` target does.
const { join, relative } = require('node:path');

const WORKSPACE_ROOT = join(__dirname, '../..');

const DEFAULT_OPTIONS = {
  target: 'node',
  compiler: 'swc',
  typeCheckOptions: false,
  main: './src/main.ts',
  tsConfig: './tsconfig.app.json',
  optimization: false,
  outputHashing: 'none',
  generatePackageJson: true,
  sourceMap: true,
};

// Loaded by a package at run time, so invisible to Nx's import scan, and
// needed by every app: Swagger UI on fastify serves its assets with
// @fastify/static (an optional peer of @nestjs/platform-fastify, which
// `npm ci --omit=dev` in the Docker image would otherwise leave out).
const SHARED_RUNTIME_DEPENDENCIES = ['@fastify/static'];

// NxAppWebpackPlugin, with the swc settings it leaves at swc's defaults and
// decorator-metadata-loader.js after swc. Nx's plugin is created when webpack
// applies this one, not when the config is loaded, so loading a config (Nx's
// project graph, tools/deploy-checks) stays cheap.
class NodeAppPlugin {
  constructor(options) {
    this.options = options;
  }

  apply(compiler) {
    const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
    const runtimeDependencies = [...(this.options.runtimeDependencies ?? []), ...SHARED_RUNTIME_DEPENDENCIES];
    new NxAppWebpackPlugin({ ...this.options, runtimeDependencies }).apply(compiler);
    const tsConfig = join(compiler.options.context ?? process.cwd(), this.options.tsConfig);
    const rules = compiler.options.module.rules;
    const index = rules.findIndex((rule) => typeof rule?.loader === 'string' && rule.loader.includes('swc-loader'));
    if (index < 0) throw new Error('tools/build/node-app-webpack.js: NxAppWebpackPlugin added no swc-loader rule');
    const { loader, options, ...rule } = rules[index];
    tuneSwc(options, tsConfig);
    // Loaders run last to first: swc, then the metadata fix.
    rules[index] = { ...rule, use: [{ loader: require.resolve('./decorator-metadata-loader') }, { loader, options }] };
  }
}

// Nx's swc options name no target, so swc would emit ES5. Emit what tsc would
// for the app's tsconfig, and keep class names (Nest logs and errors use them)
// should the bundle ever be minified.
function tuneSwc(options, tsConfigPath) {
  const ts = require('typescript');
  const { config } = ts.readConfigFile(tsConfigPath, ts.sys.readFile);
  const { options: compilerOptions } = ts.parseJsonConfigFileContent(config, ts.sys, join(tsConfigPath, '..'));
  const target = compilerOptions.target ?? ts.ScriptTarget.ES2022;
  // swc names targets up to es2022, then esnext.
  options.jsc.target = target > ts.ScriptTarget.ES2022 ? 'esnext' : ts.ScriptTarget[target].toLowerCase();
  options.jsc.keepClassNames = true;
  options.jsc.transform.useDefineForClassFields =
    compilerOptions.useDefineForClassFields ?? target >= ts.ScriptTarget.ES2022;
}

// A type used in a decorated signature (an interface, a type alias imported
// from another file) stays in swc's output as `typeof X !== "function" ? Object : X`
// (see decorator-metadata-loader.js), and webpack warns that X is not exported.
// At run time that is Object, as with tsc. Only these warnings are dropped: any
// other missing export still warns (and fails `typecheck`).
const METADATA_GUARD = /typeof ([\w$]+(?:\.[\w$]+)*) !== "function" \? Object : \1/g;

function isTypeOnlyMetadataReference(warning) {
  if (!/^export '.+' \(imported as '.+'\) was not found/.test(warning.message ?? '')) return false;
  const { line, column } = warning.loc?.start ?? {};
  const source = warning.module?.originalSource?.()?.source();
  if (!line || column === undefined || source === undefined) return false;
  const text = source.toString().split('\n')[line - 1] ?? '';
  return [...text.matchAll(METADATA_GUARD)].some(
    (guard) => column >= guard.index && column < guard.index + guard[0].length,
  );
}

function nodeAppWebpackConfig(appDir, options = {}) {
  return {
    ignoreWarnings: [isTypeOnlyMetadataReference],
    output: {
      path: join(WORKSPACE_ROOT, 'dist', relative(WORKSPACE_ROOT, appDir)),
      clean: true,
      ...(process.env.NODE_ENV !== 'production' && {
        devtoolModuleFilenameTemplate: '[absolute-resource-path]',
      }),
    },
    plugins: [new NodeAppPlugin({ ...DEFAULT_OPTIONS, ...options })],
  };
}

module.exports = { nodeAppWebpackConfig, NodeAppPlugin, tuneSwc, isTypeOnlyMetadataReference };
