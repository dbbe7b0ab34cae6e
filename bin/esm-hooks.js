// Module hooks: a TypeScript file outside any package that declares its "type" (a scientist's
// feature function next to an analysis config, say) is loaded as an ES module, not as
// CommonJS, Node's default there, under which `import`/`export` fail with an obscure error.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const { url, format } = resolved;
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
