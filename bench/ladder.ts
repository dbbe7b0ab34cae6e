/**
 * The benchmark ladder of ../shared/research/reference-timings.md, run end to end with our CLI
 * (`blueetl run`, cold with a cleared cache, then warm) on the same inputs as the Python
 * reference, made by ../shared/tools/gen_campaign.py. For each size: wall time, peak RSS,
 * spikes per second of extraction, feature groups per second, cache size on disk, and the
 * ratios to Python BlueETL 0.13.4's figures. `--scaling` checks that doubling the spikes at
 * most doubles the time; `--calls` measures the cost of each call of a user feature function;
 * `--python` runs G with the Python function of ../shared/golden-python (G-python of the
 * reference) and measures the cost of each call of a Python function, with the interpreter of
 * BLUEETL_PYTHON (else the tests' .python/pandas-1.5); BLUEETL_PYTHON_REFERENCE, a Python with
 * BlueETL 0.13.4 installed, runs the same config with Python BlueETL beside it.
 *
 *   npm run bench -- --size S,G,M,L,SOMA,XL [--runs 3] [--scaling] [--calls] [--python]
 *
 * Needs numpy and h5py for Debian's python3 (`apt-get install python3-numpy python3-h5py`).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import YAML from "yaml";

const ROOT = resolve(import.meta.dirname, "..");
const GENERATOR = resolve(ROOT, "..", "shared", "tools", "gen_campaign.py");

/** gen_campaign.py options and Python BlueETL's figures (seconds, GB) for each size. */
const LADDER: Record<string, { args: string; python?: { cold: number; coldGB: number; warm: number; warmGB: number } }> = {
  S: { args: "--neurons 10000 --sims 4 --duration-ms 2000 --rate-hz 5 --seed 1", python: { cold: 25.9, coldGB: 0.86, warm: 5.5, warmGB: 0.96 } },
  G: {
    args: "--neurons 2000 --sims 20 --duration-ms 1000 --rate-hz 5 --seed 2 --neuron-classes 10 --windows 3 --param-combos 8",
    python: { cold: 209.3, coldGB: 1.59, warm: 9.8, warmGB: 1.97 },
  },
  M: { args: "--neurons 100000 --sims 8 --duration-ms 3000 --rate-hz 5 --seed 4", python: { cold: 615.8, coldGB: 19.2, warm: 122.6, warmGB: 23.7 } },
  L: { args: "--neurons 100000 --sims 10 --duration-ms 5000 --rate-hz 10 --seed 5 --param-combos 1", python: { cold: 386.6, coldGB: 17.9, warm: 66.0, warmGB: 14.9 } },
  SOMA: {
    args: "--neurons 10000 --sims 4 --duration-ms 1000 --rate-hz 5 --seed 3 --soma-nodes 2000 --soma-dt 0.1 --analyses soma",
    python: { cold: 38.4, coldGB: 6.0, warm: 3.4, warmGB: 1.3 },
  },
  // 100M spikes: Python BlueETL needs more than this machine's 24 GB from 12M spikes on (M).
  XL: { args: "--neurons 100000 --sims 10 --duration-ms 10000 --rate-hz 10 --seed 6 --param-combos 1" },
};

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "S,G,M" },
    runs: { type: "string", default: "1" },
    dir: { type: "string", default: ".bench/ladder" },
    scaling: { type: "boolean", default: false },
    calls: { type: "boolean", default: false },
    python: { type: "boolean", default: false },
  },
});
const dir = resolve(ROOT, values.dir!);
const runs = Number(values.runs);

interface Run {
  wall: number;
  rssGB: number;
  /** With the child processes (Python workers), sampled. */
  treeGB: number;
  extraction: number;
  features: number;
  groups: number;
}

/** The campaign of `name` made by gen_campaign.py (once). */
function campaign(name: string, args: string): string {
  const out = join(dir, name);
  if (!existsSync(join(out, "analysis_config.yaml"))) {
    const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    console.error(`generating ${name}: gen_campaign.py ${args}`);
    const made = spawnSync(python, [GENERATOR, "--out", out, ...args.split(" ")], { stdio: ["ignore", "ignore", "inherit"] });
    if (made.status !== 0) throw new Error(`gen_campaign.py failed: needs numpy and h5py (apt-get install python3-numpy python3-h5py) and ${GENERATOR}`);
  }
  return join(out, "analysis_config.yaml");
}

/** One `blueetl run -v` (or a read of every table) in its own process: wall time, peak RSS and the times it logged. */
function run(config: string, extra: string[], env?: NodeJS.ProcessEnv): Run {
  const started = performance.now();
  const command = extra[0] === "--read-all" ? [join(ROOT, "bench", "read-all.js"), config] : [join(ROOT, "bench", "measure.js"), "run", "-v", ...extra, config];
  const result = spawnSync(process.execPath, command, { encoding: "utf8", maxBuffer: 1 << 26, env });
  const wall = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`blueetl run failed:\n${result.stderr}`);
  const log = result.stderr;
  const sum = (pattern: RegExp) => [...log.matchAll(pattern)].reduce((total, m) => total + Number(m[1]), 0);
  return {
    wall,
    rssGB: JSON.parse(/bench: (.*)/.exec(log)![1]!).maxRssKB / 2 ** 20,
    treeGB: (JSON.parse(/bench: (.*)/.exec(log)![1]!).treeMaxRssKB ?? 0) / 2 ** 20,
    extraction: sum(/: \w+ (?:extracted|read from the cache): \d+ rows in ([\d.]+) s/g),
    features: sum(/features configs read from the cache, \d+ calculated \(\d+ groups\) in ([\d.]+) s/g),
    groups: sum(/calculated \((\d+) groups\)/g),
  };
}

function best(config: string, extra: string[], env?: NodeJS.ProcessEnv): Run {
  const all = Array.from({ length: runs }, () => run(config, extra, env));
  return all.reduce((a, b) => (b.wall < a.wall ? b : a));
}

function folderMB(path: string): number {
  if (!existsSync(path)) return 0;
  return readdirSync(path, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((total, e) => total + statSync(join(e.parentPath, e.name)).size, 0) / 2 ** 20;
}

function spikesOf(config: string): number {
  const generator = JSON.parse(readFileSync(join(config, "..", "generator.json"), "utf8"));
  return generator.total_spikes ?? (generator.spikes as number[]).reduce((a, b) => a + b, 0);
}

const f = (x: number, digits = 1) => x.toFixed(digits);
const sizes = values.python && values.size === "S,G,M" ? [] : values.size!.split(",");
const rows: string[][] = [["size", "spikes", "run", "wall s", "peak GB", "extraction s", "Mspikes/s", "features s", "groups", "groups/s", "cache MB", "Python s / ours", "Python GB / ours"]];
for (const name of sizes) {
  const size = LADDER[name];
  if (!size) throw new Error(`unknown size '${name}' (known: ${Object.keys(LADDER).join(", ")})`);
  const config = campaign(name, size.args);
  const spikes = spikesOf(config);
  // "warm" reads from the cache only what the run needs (here, nothing but the configs and
  // checksums); "warm, all read" also reads every repo and features table back (bench/read-all.js).
  for (const [label, extra, python, pythonGB] of [
    ["cold", ["--clear-cache"], size.python?.cold, size.python?.coldGB],
    ["warm", [], size.python?.warm, size.python?.warmGB],
    ["warm, all read", ["--read-all"], size.python?.warm, size.python?.warmGB],
  ] as const) {
    const r = best(config, [...extra]);
    rows.push([
      name,
      String(spikes),
      label,
      f(r.wall, 2),
      f(r.rssGB, 2),
      f(r.extraction, 2),
      label === "cold" ? f(spikes / r.extraction / 1e6) : "-",
      f(r.features, 2),
      String(r.groups),
      r.groups > 0 ? f(r.groups / Math.max(r.features, 1e-3), 0) : "-",
      f(folderMB(join(config, "..", "analysis_output")), 0),
      python ? `${f(python / r.wall)}x` : "-",
      pythonGB ? `${f(pythonGB / r.rssGB)}x` : "-",
    ]);
    console.error(rows.at(-1)!.join("  "));
  }
}
if (sizes.length > 0) printTable(rows);

if (values.scaling) scaling();
if (values.calls) await calls();
if (values.python) python();

/** Cold runs of campaigns whose spikes double (the firing rate doubles): the exponent of time in spikes. */
function scaling(): void {
  const points: Array<[number, number]> = [];
  const table = [["rate Hz", "spikes", "wall s", "peak GB", "ratio to previous"]];
  for (const rate of [2.5, 5, 10, 20]) {
    const config = campaign(`scaling-${rate}`, `--neurons 50000 --sims 2 --duration-ms 3000 --seed 7 --rate-hz ${rate}`);
    const r = best(config, ["--clear-cache"]);
    const spikes = spikesOf(config);
    table.push([String(rate), String(spikes), f(r.wall, 2), f(r.rssGB, 2), points.length > 0 ? f(r.wall / points.at(-1)![1], 2) : "-"]);
    points.push([spikes, r.wall]);
  }
  printTable(table);
  const xs = points.map(([s]) => Math.log(s));
  const ys = points.map(([, t]) => Math.log(t));
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  console.log(`\nfit: time ~ spikes^${slope.toFixed(2)} (1 = linear; doubling the spikes multiplies the time by ${(2 ** slope).toFixed(2)})`);
}

/** The cost of each call of a user TypeScript function on G: 1 and 32 configs of a function doing nothing. */
async function calls(): Promise<void> {
  const config = campaign("G", LADDER["G"]!.args);
  const work = join(dir, "calls");
  const module = join(work, "noop.ts");
  spawnSync("mkdir", ["-p", work]);
  writeFileSync(module, `import { DataFrame, numeric } from ${JSON.stringify(join(ROOT, "src", "index.ts"))};\nexport const noop = () => new DataFrame({ n: numeric("int64", [1]) });\n`);
  const base = YAML.parse(readFileSync(config, "utf8"));
  base.simulation_campaign = join(config, "..", "campaign", "config.json");
  base.cache = { path: join(work, "cache") };
  const table = [["configs", "groups", "features s", "µs per call"]];
  const times: number[] = [];
  const PRODUCT = { a: [1, 2], b: [1, 2], c: [1, 2], d: [1, 2], e: [1, 2] };
  for (const product of [{}, PRODUCT]) {
    base.analysis.spikes.features = [{ type: "single", name: "noop", groupby: ["simulation_id", "circuit_id", "neuron_class", "window"], function: "noop.ts:noop", params_product: product }];
    writeFileSync(join(work, "analysis_config.yaml"), YAML.stringify(base));
    const r = best(join(work, "analysis_config.yaml"), ["--clear-cache"]);
    times.push(r.features);
    table.push([String(2 ** Object.keys(product).length), String(r.groups), f(r.features, 3), f((r.features / r.groups) * 1e6, 1)]);
  }
  printTable(table);
  const groups = Number(table[1]![1]);
  console.log(`\nmarginal cost of a call (32 configs against 1): ${f(((times[1]! - times[0]!) / (31 * groups)) * 1e6, 1)} µs; the merged table of the groups is built once per batch of configs`);
}

/**
 * G-python: G's extraction with the features replaced by `user_features.class_summary` swept over
 * 4 bin sizes (2,400 calls), cold, with one worker and with one per core; then the cost of a call
 * of a Python function returning a ready table (its own time is nil): 32 configs against 1.
 */
function python(): void {
  const interpreter = process.env["BLUEETL_PYTHON"] ?? join(ROOT, ".python", "pandas-1.5", "bin", "python");
  const work = join(dir, "G-python");
  spawnSync("mkdir", ["-p", work]);
  writeFileSync(join(work, "user_features.py"), readFileSync(resolve(ROOT, "..", "shared", "golden-python", "doc_python_features", "user_features.py")));
  writeFileSync(join(work, "noop.py"), 'import pandas as pd\n\nRESULT = pd.DataFrame({"n": [1]})\n\n\ndef noop(repo, key, df, params):\n    return RESULT\n');
  const config = campaign("G", LADDER["G"]!.args);
  const base = YAML.parse(readFileSync(config, "utf8"));
  base.simulation_campaign = join(config, "..", "campaign", "config.json");
  base.cache = { path: join(work, "cache") };
  const groupby = ["simulation_id", "circuit_id", "neuron_class", "window"];
  const write = (features: unknown[]) => {
    base.analysis.spikes.features = features;
    writeFileSync(join(work, "analysis_config.yaml"), YAML.stringify(base));
    return join(work, "analysis_config.yaml");
  };
  const env = (jobs?: number): NodeJS.ProcessEnv => ({ ...process.env, BLUEETL_PYTHON: interpreter, PYTHONPATH: work, ...(jobs ? { BLUEETL_JOBLIB_JOBS: String(jobs) } : {}) });
  const pythonCold = 49.9;
  const table = [["G-python", "workers", "wall s", "peak GB (with workers)", "features s", "calls", "Python BlueETL s / ours"]];
  const gPython = write([{ type: "multi", groupby, function: "user_features.class_summary", params_product: { bin_size: [1, 2, 5, 10] } }]);
  for (const jobs of [1, undefined]) {
    const r = best(gPython, ["--clear-cache"], env(jobs));
    table.push(["cold", jobs ? String(jobs) : `${availableParallelism()} (one per core)`, f(r.wall, 2), `${f(r.rssGB, 2)} (${f(r.treeGB, 2)})`, f(r.features, 2), String(r.groups), `${f(pythonCold / r.wall)}x`]);
  }
  const reference = process.env["BLUEETL_PYTHON_REFERENCE"];
  if (reference) {
    const started = performance.now();
    const ran = spawnSync(reference, ["-c", "import sys; from blueetl.apps.main import cli; sys.exit(cli())", "run", "--extract", "--calculate", "--clear-cache", gPython], {
      env: { ...env(1), SHMDIR: "/dev/shm" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (ran.status !== 0) throw new Error(`Python BlueETL (${reference}) failed`);
    table.push(["Python BlueETL", "1", f((performance.now() - started) / 1000, 2), "-", "-", "2400", "1.0x"]);
  } else console.log(`\n(Python BlueETL: ${pythonCold} s cold, 0.31 GB, one job, from ../shared/research/reference-timings.md; set BLUEETL_PYTHON_REFERENCE to run it here)`);
  printTable(table);
  const calls = [["configs", "groups", "features s", "ms per call"]];
  const times: number[] = [];
  for (const product of [{}, { a: [1, 2], b: [1, 2], c: [1, 2], d: [1, 2], e: [1, 2] }]) {
    const r = best(write([{ type: "single", name: "noop", groupby, function: "noop.noop", params_product: product }]), ["--clear-cache"], env(1));
    times.push(r.features);
    calls.push([String(2 ** Object.keys(product).length), String(r.groups), f(r.features, 3), f((r.features / r.groups) * 1e3, 3)]);
  }
  printTable(calls);
  const groups = Number(calls[1]![1]);
  console.log(`\nmarginal cost of a Python call beyond the function's own time (32 configs against 1, one worker): ${f(((times[1]! - times[0]!) / (31 * groups)) * 1e3, 3)} ms (BlueETL: 20-35 ms)`);
}

function printTable(table: string[][]): void {
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  console.log(`\n${table.map((r) => r.map((cell, c) => cell.padStart(widths[c]!)).join("  ")).join("\n")}`);
}
