// Module hooks for the modules a config names (feature functions):
// - the package's entry points ("blueetl", "blueetl/sonata"..., or their files) resolve to those
//   of the running command (its bundle, or the sources under tests), so that a feature function
//   builds its tables with the very classes the command line checks them against, wherever the
//   package is installed;
// - a .ts file outside any package that declares its "type" (a module next to an analysis
//   config, say) is loaded as an ES module, not as CommonJS, Node's default there, under which
//   `import`/`export` fail with an obscure error.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Package specifier or entry file URL -> the URL it resolves to (bin/entries.js). */
let aliases = new Map();

export function initialize(data) {
  if (data?.aliases) aliases = new Map(Object.entries(data.aliases));
}

export async function resolve(specifier, context, nextResolve) {
  if (aliases.has(specifier)) return { url: aliases.get(specifier), format: "module", shortCircuit: true };
  const resolved = await nextResolve(specifier, context);
  const { url, format } = resolved;
  if (aliases.has(url)) return { url: aliases.get(url), format: "module", shortCircuit: true };
  if (format !== "commonjs" || !url.startsWith("file:") || !/\.ts$/.test(new URL(url).pathname)) return resolved;
  const path = fileURLToPath(url);
  return path.includes("/node_modules/") || declaresType(dirname(path)) ? resolved : { ...resolved, format: "module" };
}

/** Whether the nearest package.json above `dir` sets "type". */
function declaresType(dir) {
  for (let at = dir; ; at = dirname(at)) {
    const file = join(at, "package.json");
    if (existsSync(file)) {
      try {
        return "type" in JSON.parse(readFileSync(file, "utf8"));
      } catch {
        return false;
      }
    }
    if (dirname(at) === at) return false;
  }
}
