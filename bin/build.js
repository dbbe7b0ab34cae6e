// Builds dist/: every module of src/ as JavaScript with its declarations (tsc), the package's
// library; and dist/bundle/, the command line and the entry points bundled with their
// dependencies (esbuild), so that the command starts in a fraction of a second. Run by
// `npm run build` and by `prepare` (`npm ci`, `npm pack`). Built beside and swapped in, so a
// command running meanwhile never sees half a build.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { ENTRIES } from "./entries.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = `${root}dist`;
const temporary = `${dist}.${process.pid}.tmp`;
const WORKER = "cache/parquet-worker.js"; // plain JavaScript, loaded by path in worker threads

try {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", `${root}tsconfig.build.json`, "--outDir", temporary], { stdio: "inherit" });
  const { build } = await import("esbuild");
  await build({
    entryPoints: Object.fromEntries([["cli", `${root}src/cli/main.ts`], ...Object.entries(ENTRIES).map(([name, [source]]) => [name, `${root}src/${source}`])]),
    outdir: `${temporary}/bundle`,
    chunkNames: "[name]-[hash]",
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // The wasm packages load their own files, resvg is a native addon, Vega is loaded (by
    // `report` only) as the packages ship it: they stay in node_modules.
    external: ["h5wasm", "parquet-wasm", "@resvg/resvg-js", "vega", "vega-lite"],
    // Some bundled packages (commander) are CommonJS and require Node's modules.
    banner: { js: "import { createRequire as __blueetlCreateRequire } from 'node:module'; const require = __blueetlCreateRequire(import.meta.url);" },
    logLevel: "warning",
  });
  for (const to of [WORKER, `bundle/${WORKER.split("/").pop()}`]) copyFileSync(`${root}src/${WORKER}`, `${temporary}/${to}`);
  const old = `${dist}.${process.pid}.old`;
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(temporary, dist);
  rmSync(old, { recursive: true, force: true });
} finally {
  rmSync(temporary, { recursive: true, force: true });
}
