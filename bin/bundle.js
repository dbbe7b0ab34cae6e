// The command line and the package's entry points as ES modules, made by esbuild from src/ into
// src/.bundle/<version>/, the version naming the state of the sources and installed packages: the
// command starts in 0.25 s, where loading each module through tsx takes 1 s. A new version is
// built beside the old ones, so concurrent commands never see a bundle change under them. The
// wasm packages, resvg and Vega stay outside (they load their own files); chunks sit beside the
// entries.
import { existsSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const source = `${root}src`;
const bundles = `${source}/.bundle`;
/** Bundle entry -> [source entry, package specifier]. */
const ENTRIES = {
  cli: ["cli/main.ts", undefined],
  index: ["index.ts", "blueetl"],
  sonata: ["sonata/index.ts", "blueetl/sonata"],
  generate: ["generate/index.ts", "blueetl/generate"],
  plots: ["plots/index.ts", "blueetl/plots"],
  // The worker threads of the executor (src/executor/threads.ts).
  "executor-worker": ["executor/worker.ts", undefined],
};

/**
 * The command line's bundle and, for TypeScript feature functions, what resolves to the bundle:
 * undefined when it cannot be made (no esbuild, a read-only install).
 */
export async function bundledCli() {
  const out = `${bundles}/${version()}`;
  try {
    if (!existsSync(`${out}/cli.mjs`)) await build(out);
  } catch {
    return undefined;
  }
  const aliases = {};
  for (const [name, [entry, specifier]] of Object.entries(ENTRIES)) {
    const url = pathToFileURL(`${out}/${name}.mjs`).href;
    aliases[pathToFileURL(`${source}/${entry}`).href] = url;
    if (specifier) aliases[specifier] = url;
  }
  return { cli: `${out}/cli.mjs`, aliases };
}

/** The latest modification among the sources and the installed packages, and their number. */
function version() {
  const inputs = [`${root}package.json`, `${root}node_modules/.package-lock.json`];
  for (const entry of readdirSync(source, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && !entry.parentPath.startsWith(bundles)) inputs.push(`${entry.parentPath}/${entry.name}`);
  }
  let latest = 0;
  for (const file of inputs) {
    try {
      latest = Math.max(latest, statSync(file).mtimeMs);
    } catch {}
  }
  return `${Math.round(latest)}-${inputs.length}`;
}

async function build(out) {
  const { build } = await import("esbuild");
  const temporary = `${out}.${process.pid}.tmp`;
  try {
    await build({
      entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, [entry]]) => [name, `${source}/${entry}`])),
      outdir: temporary,
      outExtension: { ".js": ".mjs" },
      chunkNames: "[name]-[hash]",
      bundle: true,
      splitting: true,
      platform: "node",
      format: "esm",
      target: "node20",
      // resvg is a native addon; Vega is loaded (by `report` only) as the packages ship it.
      external: ["h5wasm", "parquet-wasm", "@resvg/resvg-js", "vega", "vega-lite"],
      // Some bundled packages (commander) are CommonJS and require Node's modules.
      banner: { js: "import { createRequire as __blueetlCreateRequire } from 'node:module'; const require = __blueetlCreateRequire(import.meta.url);" },
      logLevel: "silent",
    });
    renameSync(temporary, out);
  } catch (error) {
    if (!existsSync(`${out}/cli.mjs`)) throw error; // else another command built it first
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
  for (const old of readdirSync(bundles)) if (`${bundles}/${old}` !== out && !old.endsWith(".tmp")) rmSync(`${bundles}/${old}`, { recursive: true, force: true });
}
