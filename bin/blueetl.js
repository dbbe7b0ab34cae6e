#!/usr/bin/env node
// The `blueetl` command: the bundle that `npm run build` (run by `npm ci` and `npm pack`) makes in
// dist/bundle/, or, in a checkout whose sources changed since, the sources through tsx. Module
// hooks are registered only when a config names a feature module (they slow every import down).
import { existsSync, readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { entryAliases } from "./entries.js";
import { registerLoader } from "./loader.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const bundle = `${root}dist/bundle/cli.js`;

/** Whether a source file (in a checkout: the package has none) is newer than the bundle. */
function sourcesChanged() {
  if (!existsSync(`${root}src`)) return false;
  const built = statSync(bundle).mtimeMs;
  return readdirSync(`${root}src`, { recursive: true, withFileTypes: true }).some(
    (entry) => entry.isFile() && statSync(`${entry.parentPath}/${entry.name}`).mtimeMs > built,
  );
}

if (existsSync(bundle) && !sourcesChanged()) {
  globalThis[Symbol.for("blueetl.registerLoader")] = ({ typescript }) => registerLoader({ aliases: entryAliases("bundle"), typescript });
  await import("../dist/bundle/cli.js");
} else if (existsSync(`${root}src`)) {
  await import("./register.js");
  await import("../src/cli/main.ts");
} else {
  console.error(`blueetl: ${bundle} is missing: the package was not built (npm run build)`);
  process.exit(1);
}
