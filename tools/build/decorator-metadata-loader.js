// Runs on swc's output (see node-app-webpack.js). swc writes the decorator
// metadata of a type it cannot see (one imported from another file) as
//   typeof X === "undefined" ? Object : X
// so when X is also a value, as with a zod schema and its inferred type of the
// same name, the metadata becomes the schema object itself, and Nest's Swagger
// scanner fails on it at startup. tsc keeps X only when it is a function (a
// class) and writes Object otherwise; this rewrites swc's guard to that:
//   typeof X !== "function" ? Object : X
// (a namespaced `NS.X` keeps swc's `typeof NS === "undefined" ||` in front).
const SWC_GUARD = /typeof ([\w$]+(?:\.[\w$]+)*) === "undefined" \? Object : \1(?![\w$.])/g;

module.exports = function decoratorMetadataLoader(source, map) {
  this.callback(null, source.replace(SWC_GUARD, 'typeof $1 !== "function" ? Object : $1'), map);
};

module.exports.SWC_GUARD = SWC_GUARD;
