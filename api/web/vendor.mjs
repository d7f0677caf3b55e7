// Copies the pinned third-party browser files from node_modules into static/vendor,
// with their licence and version. Run after changing a version in package.json:
//   npm install --prefix api/web && npm run --prefix api/web vendor
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const vendor = join(here, "static", "vendor");
const lock = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf8"));
const files = { cytoscape: { "dist/cytoscape.min.js": "cytoscape.min.js", LICENSE: "cytoscape.LICENSE" } };
const versions = {};
for (const [name, copies] of Object.entries(files)) {
  for (const [from, to] of Object.entries(copies)) {
    copyFileSync(join(here, "node_modules", name, from), join(vendor, to));
  }
  versions[name] = lock.packages[`node_modules/${name}`].version;
}
writeFileSync(join(vendor, "VERSIONS.json"), JSON.stringify(versions, null, 2) + "\n");
