// The build is shared by every app: see tools/build/node-app-webpack.js.
module.exports = require('../../tools/build/node-app-webpack').nodeAppWebpackConfig(__dirname);
