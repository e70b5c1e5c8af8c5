// Copies into dist/ the files that the TypeScript build does not emit
// because no module imports them, but that the package ships.
const { copyFileSync } = require("node:fs");
const { join } = require("node:path");

const ASSETS = ["stacks/example.config.json", "validator/report.schema.json"];

const root = join(__dirname, "..");

for (const asset of ASSETS) {
  copyFileSync(join(root, asset), join(root, "dist", asset));
}
