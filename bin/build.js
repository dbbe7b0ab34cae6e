// Builds dist/: every module of src/ as JavaScript with its declarations (tsc), the package's
// library; and dist/bundle/, the command line and the entry points bundled with their
// dependencies (esbuild), so that the command starts in a fraction of a second. Run by
// `npm run build` and by `prepare` (`npm ci`, `npm pack`). Built beside and swapped in, so a
// command running meanwhile never sees half a build.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { ENTRIES } from "./entries.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = `${root}dist`;
const temporary = `${dist}.${process.pid}.tmp`;
// Every file of src/ that tsc does not compile is copied as it is: the Parquet worker (plain
// JavaScript, loaded by path in worker threads) and what it imports with its declarations, the
// Python worker's package.
const copied = (name) => !name.endsWith(".ts") || name.endsWith(".d.ts");

try {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", `${root}tsconfig.build.json`, "--outDir", temporary], { stdio: "inherit" });
  const { build } = await import("esbuild");
  await build({
    entryPoints: Object.fromEntries([
      ["cli", `${root}src/cli/main.ts`],
      // Beside the chunks, where they load them from (`new URL("./parquet-worker.js", import.meta.url)`).
      ["parquet-worker", `${root}src/cache/parquet-worker.js`],
      ["parquet-read-worker", `${root}src/cache/parquet-read-worker.js`],
      // Beside the chunks too, for the executor's worker threads (src/executor/threads.ts).
      ["executor-worker", `${root}src/executor/worker.ts`],
      ...Object.entries(ENTRIES).map(([name, [source]]) => [name, `${root}src/${source}`]),
    ]),
    outdir: `${temporary}/bundle`,
    chunkNames: "[name]-[hash]",
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // The wasm packages load their own files (h5wasm also as `#h5wasm`: one instance for the
    // readers and the writers), resvg is a native addon, Vega is loaded (by `report` only) as
    // the packages ship it, DuckDB is a native addon: they stay in node_modules.
    external: ["#h5wasm", "h5wasm", "parquet-wasm", "@duckdb/node-bindings", "@resvg/resvg-js", "vega", "vega-lite"],
    // Some bundled packages (commander) are CommonJS and require Node's modules.
    banner: { js: "import { createRequire as __blueetlCreateRequire } from 'node:module'; const require = __blueetlCreateRequire(import.meta.url);" },
    logLevel: "warning",
  });
  for (const entry of readdirSync(`${root}src`, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !copied(entry.name) || entry.parentPath.includes("__pycache__")) continue;
    const path = `${entry.parentPath}/${entry.name}`.slice(`${root}src/`.length);
    mkdirSync(dirname(`${temporary}/${path}`), { recursive: true });
    copyFileSync(`${root}src/${path}`, `${temporary}/${path}`);
  }
  const old = `${dist}.${process.pid}.old`;
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(temporary, dist);
  rmSync(old, { recursive: true, force: true });
} finally {
  rmSync(temporary, { recursive: true, force: true });
}
