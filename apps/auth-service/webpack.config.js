// The build is shared by every app: see tools/build/node-app-webpack.js.
module.exports = require('../../tools/build/node-app-webpack').nodeAppWebpackConfig(__dirname, {
  // Writes the OpenAPI document to a file (the `openapi` target).
  additionalEntryPoints: [{ entryName: 'openapi', entryPath: './src/openapi.ts' }],
});
