// dist/cjs holds CommonJS under a package of "type": "module": a package.json of its
// own tells Node (and bundlers) to load its .js files as CommonJS.
const fs = require("node:fs");
const path = require("node:path");
fs.writeFileSync(
  path.join(__dirname, "..", "dist", "cjs", "package.json"),
  '{ "type": "commonjs" }\n',
);
