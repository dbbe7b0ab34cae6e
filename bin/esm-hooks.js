// Module hooks for the TypeScript a config names (feature functions):
// - a .ts file outside any package that declares its "type" (a module next to an analysis
//   config, say) is loaded as an ES module, not as CommonJS, Node's default there, under which
//   `import`/`export` fail with an obscure error;
// - under the bundled command line, the package's entry points ("blueetl", "blueetl/sonata"...,
//   or their source files) resolve to the bundle's, so that a feature function builds its
//   tables with the very classes the command line checks them against.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Source URL or package specifier -> bundle URL, when the command line runs bundled. */
let bundled = new Map();

export function initialize(data) {
  if (data?.bundle) bundled = new Map(Object.entries(data.bundle));
}

export async function resolve(specifier, context, nextResolve) {
  if (bundled.has(specifier)) return { url: bundled.get(specifier), format: "module", shortCircuit: true };
  const resolved = await nextResolve(specifier, context);
  const { url, format } = resolved;
  if (bundled.has(url)) return { url: bundled.get(url), format: "module", shortCircuit: true };
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
