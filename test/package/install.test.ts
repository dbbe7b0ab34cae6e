/**
 * The package as a user gets it: `npm pack` (which builds it), the tarball installed into an
 * empty project and into a global prefix, from a registry on localhost that serves the
 * dependencies from npm's cache (registry.ts: no network). There, plain Node runs the library,
 * a stock TypeScript project type-checks against it, the `blueetl` command runs from anywhere
 * with a TypeScript feature module next to a config, and a bundler makes a browser bundle of
 * `blueetl/sonata` and `blueetl/frame`.
 */
import assert from "node:assert/strict";
import { type SpawnSyncOptions, execFile, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import YAML from "yaml";
import { PYTHON_ENVS, needsPython, pythonEnv } from "../python.ts";
import { GROUPBY, SPIKE_COUNTS } from "../python/project.ts";
import { tempDir } from "../tmp.ts";
import { type LocalRegistry, startRegistry } from "./registry.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

function run(command: string, args: string[], options: SpawnSyncOptions = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", timeout: 180_000, ...options });
  assert.equal(result.status, 0, `${command} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return result as { stdout: string; stderr: string };
}

/** Whether dist/ was built after every source and config changed (then `npm pack` need not build it again). */
function built(): boolean {
  const bundle = join(ROOT, "dist", "bundle", "cli.js");
  if (!existsSync(bundle)) return false;
  const inputs = [join(ROOT, "package.json"), join(ROOT, "tsconfig.json"), join(ROOT, "tsconfig.build.json")];
  for (const entry of readdirSync(join(ROOT, "src"), { recursive: true, withFileTypes: true })) if (entry.isFile()) inputs.push(join(entry.parentPath, entry.name));
  const time = statSync(bundle).mtimeMs;
  return inputs.every((file) => statSync(file).mtimeMs < time);
}

/** `npm`, without blocking this process: it serves the registry npm asks. */
function runNpm(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile("npm", args, { cwd, timeout: 300_000 }, (error, stdout, stderr) => (error ? reject(new Error(`npm ${args.join(" ")} failed: ${error.message}\n${stdout}\n${stderr}`)) : resolve()));
  });
}

/** A plain ES module of the user's: a generated campaign run through the library, a feature table printed. */
const MAIN = `import { runFromFile } from "blueetl";
import { DEFAULT_CAMPAIGN, makeCampaign } from "blueetl/generate";

const campaign = await makeCampaign({ ...DEFAULT_CAMPAIGN, out: process.argv[2], neurons: 300, sims: 2, durationMs: 500, analyses: "spikes" });
const ma = await runFromFile(campaign.analysisConfig, { logLevel: "error" });
console.log(ma.analysis("spikes").features.get("by_neuron_class_0_0").df);
await ma.close();
`;

/** A TypeScript script of the user's, type-checked under `tsc --init`'s stock config (strict, NodeNext, exactOptionalPropertyTypes). */
const SCRIPT = `import { DataFrame, type FeatureArgs, numeric, runFromFile, type RunOptions } from "blueetl";
import { smartConcat, type NumericColumn } from "blueetl/frame";
import { SpikeReader } from "blueetl/sonata";

export function spikeCounts({ df, params }: FeatureArgs): DataFrame {
  const times: Float64Array = df.column("time", "float64").values;
  const spikes = times.reduce((n, t) => (Number.isNaN(t) ? n : n + 1), 0);
  return new DataFrame({ spikes: numeric("float64", [spikes * (params["scale"] as number)]) });
}

export async function summary(config: string, clearCache?: boolean): Promise<string> {
  const options: RunOptions = { logLevel: "error", clearCache };
  const ma = await runFromFile(config, options);
  const df = ma.analysis("spikes").features.get("by_neuron_class").df;
  const means = df.groupBy(["neuron_class"]).agg({ rate: ["mean_firing_rates_per_second", "mean"] });
  const rates = means.column("rate") as NumericColumn<"float64">;
  await ma.close();
  const reader = await SpikeReader.fromBytes(new Uint8Array(0));
  reader.close();
  return smartConcat([means.head(2), means.tail(2)]).toString({ width: 80 }) + rates.values.length;
}
`;

/** The README's feature function (examples/spike-counts.ts), next to the config, importing the package by name. */
const FEATURES = readFileSync(join(ROOT, "examples", "spike-counts.ts"), "utf8");

describe("the npm package, packed and installed", () => {
  let registry: LocalRegistry;
  let tarball: string;
  let project: string;
  let prefix: string;
  const npm = (args: string[], cwd: string) => runNpm([...args, "--registry", registry.url, "--cache", join(cwd, "..", "npm-cache"), "--no-audit", "--no-fund", "--no-update-notifier"], cwd);

  before(async () => {
    registry = await startRegistry();
    const dir = tempDir("package");
    // `npm pack` builds the package (prepare) unless it is built already (after `npm ci`, say).
    const pack = ["pack", "--json", "--pack-destination", dir, ...(built() ? ["--ignore-scripts"] : [])];
    const packed = JSON.parse(run("npm", pack, { cwd: ROOT }).stdout) as Array<{ filename: string; size: number; entryCount: number }>;
    tarball = join(dir, packed[0]!.filename);
    console.log(`# tarball ${packed[0]!.filename}: ${(packed[0]!.size / 1e6).toFixed(2)} MB, ${packed[0]!.entryCount} files`);
    project = join(dir, "project");
    prefix = join(dir, "global");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "my-analysis", version: "1.0.0", private: true, type: "module" }));
  });

  after(() => registry?.close());

  test("the tarball holds the build and no sources", () => {
    const files = run("tar", ["tzf", tarball]).stdout.split("\n");
    for (const file of ["package/dist/index.js", "package/dist/index.d.ts", "package/dist/bundle/cli.js", "package/dist/cache/parquet-worker.js", "package/bin/blueetl.js"]) assert.ok(files.includes(file), file);
    assert.ok(!files.some((f) => f.startsWith("package/src/") || f.startsWith("package/test/")), "sources in the tarball");
  });

  test("installs into an empty project, where plain Node runs the library", async () => {
    const started = Date.now();
    await npm(["install", tarball], project);
    console.log(`# npm install of the tarball into an empty project: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    writeFileSync(join(project, "main.mjs"), MAIN);
    const { stdout } = run(process.execPath, ["main.mjs", "campaign"], { cwd: project });
    // Printed as pandas prints it, middle columns cut for 80 columns (no terminal here).
    const lines = stdout.trimEnd().split("\n");
    assert.match(lines[0]!, /^ +mean_of_mean_spike_counts +\.\.\. +argmax_spike_times_hist_1ms_bin$/);
    assert.match(lines[1]!, /^simulation_id circuit_id neuron_class window +\.\.\. +$/);
    assert.match(lines[2]!, /^0 +0 +L1_INH +evoked +\d+\.\d{6} +\.\.\. +\d+$/);
  });

  test("a stock strict TypeScript project type-checks against it (tsc --init: NodeNext, exactOptionalPropertyTypes)", () => {
    run(process.execPath, [TSC, "--init"], { cwd: project });
    const stock = readFileSync(join(project, "tsconfig.json"), "utf8");
    assert.match(stock, /"module": "nodenext"/);
    assert.match(stock, /"exactOptionalPropertyTypes": true/);
    writeFileSync(join(project, "analysis.ts"), SCRIPT);
    run(process.execPath, [TSC, "--noEmit", "-p", "."], { cwd: project });
  });

  test("the installed command runs a config naming a TypeScript feature module", () => {
    const bin = join(project, "node_modules", ".bin", "blueetl");
    assert.match(run(bin, ["--help"], { cwd: project }).stdout, /^Usage: blueetl/);
    const config = withUserFeature(join(project, "campaign"));
    run(bin, ["run", config], { cwd: project });
  });

  test("a bundler makes a browser bundle of blueetl/sonata and blueetl/frame", () => {
    writeFileSync(join(project, "page.js"), `import { SpikeReader } from "blueetl/sonata";\nimport { DataFrame } from "blueetl/frame";\nconsole.log(SpikeReader, DataFrame);\n`);
    const esbuild = join(project, "node_modules", "esbuild", "bin", "esbuild"); // there as tsx's
    run(esbuild, ["page.js", "--bundle", "--platform=browser", "--format=esm", "--outfile=page.bundle.js", "--log-level=error"], { cwd: project });
  });

  test("installs into a global prefix; the command runs from anywhere", async () => {
    const started = Date.now();
    await npm(["install", "--global", "--prefix", prefix, tarball], project);
    console.log(`# npm install --global of the tarball: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const elsewhere = tempDir("elsewhere");
    const bin = join(prefix, "bin", "blueetl");
    assert.match(run(bin, ["--help"], { cwd: elsewhere }).stdout, /^Usage: blueetl/);
    run(bin, ["make-campaign", "--out", "campaign", "--neurons", "300", "--sims", "1", "--duration-ms", "500"], { cwd: elsewhere });
    // "blueetl" resolves from the feature module although no package installs it there.
    run(bin, ["run", withUserFeature(join(elsewhere, "campaign"))], { cwd: elsewhere });
    assert.ok(existsSync(join(elsewhere, "campaign", "analysis_output", "spikes", "features", "spike_counts.parquet")));
  });

  const python = PYTHON_ENVS[1]!;
  test(`the global command runs a Python feature function (${python.label})`, needsPython(python), () => {
    const elsewhere = tempDir("python");
    const bin = join(prefix, "bin", "blueetl");
    run(bin, ["make-campaign", "--out", "campaign", "--neurons", "300", "--sims", "1", "--duration-ms", "500"], { cwd: elsewhere });
    const path = join(elsewhere, "campaign", "analysis_config.yaml");
    const config = YAML.parse(readFileSync(path, "utf8"));
    delete config.analysis.soma;
    config.analysis.spikes.features = [{ type: "single", name: "spike_counts", groupby: GROUPBY, function: "user_py.spike_counts", params: { scale: 1 } }];
    writeFileSync(path, YAML.stringify(config));
    writeFileSync(join(elsewhere, "campaign", "user_py.py"), SPIKE_COUNTS);
    run(bin, ["run", path], { cwd: elsewhere, env: pythonEnv(python) });
    assert.ok(existsSync(join(elsewhere, "campaign", "analysis_output", "spikes", "features", "spike_counts.parquet")));
  });
});

/** The generated campaign's config with a feature function in `user-features.ts` beside it. */
function withUserFeature(campaign: string): string {
  const path = join(campaign, "analysis_config.yaml");
  const config = YAML.parse(readFileSync(path, "utf8"));
  delete config.analysis.soma;
  config.analysis.spikes.features = [{ type: "single", name: "spike_counts", groupby: ["simulation_id", "circuit_id", "neuron_class"], function: "user-features.ts:spikeCounts", params: { scale: 2 } }];
  writeFileSync(path, YAML.stringify(config));
  writeFileSync(join(campaign, "user-features.ts"), FEATURES);
  return path;
}
