/**
 * Throughput of the SONATA spike reader on a generated campaign of at least 50M spikes:
 * a full read against h5wasm alone reading the same bytes, one 100 ms window of a by_time
 * file, and a selection of 1% of the nodes; each measured in its own process for its peak RSS.
 *
 *   npx tsx bench/sonata-read.ts [--neurons 100000] [--duration-ms 10000] [--rate-hz 50] [--dir .bench/read]
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import h5wasm, { type Dataset } from "h5wasm/node";
import { DEFAULT_CAMPAIGN, makeCampaign } from "../src/generate/index.ts";
import { SpikeReader } from "../src/sonata/index.ts";

const POPULATION = "S1nonbarrel_neurons";
const BLOCK = 4 << 20;

const { values } = parseArgs({
  options: {
    neurons: { type: "string", default: "100000" },
    "duration-ms": { type: "string", default: "10000" },
    "rate-hz": { type: "string", default: "50" },
    dir: { type: "string", default: ".bench/read" },
    measure: { type: "string" },
    file: { type: "string" },
  },
});

type Result = { seconds: number; spikes: number; bytes: number; maxRssMB: number; firstSeconds?: number };

async function measure(kind: string, file: string): Promise<Result> {
  await h5wasm.ready;
  const started = performance.now();
  let spikes = 0;
  let bytes = 0;
  let firstSeconds: number | undefined;
  if (kind === "h5wasm") {
    const f = new h5wasm.File(file, "r");
    const times = f.get(`spikes/${POPULATION}/timestamps`) as Dataset;
    const ids = f.get(`spikes/${POPULATION}/node_ids`) as Dataset;
    const n = times.shape![0]!;
    for (let at = 0; at < n; at += BLOCK) {
      const to = Math.min(n, at + BLOCK);
      bytes += (times.slice([[at, to]]) as Float64Array).byteLength + (ids.slice([[at, to]]) as BigUint64Array).byteLength;
    }
    spikes = n;
    f.close();
  } else {
    const reader = await SpikeReader.open(file);
    const pop = reader.population(POPULATION);
    if (kind === "full") {
      spikes = pop.get().times.length;
    } else if (kind === "window") {
      // The first window checks the file's order once (a pass over its times): timed apart.
      const [first, last] = pop.timeRange;
      const windows = 20;
      for (let k = 0; k < windows; k++) {
        const t0 = first + ((last - first - 100) * k) / windows;
        spikes += pop.get({ tStart: t0, tStop: t0 + 100 }).times.length;
        if (k === 0) firstSeconds = (performance.now() - started) / 1000;
      }
      bytes = windows; // number of windows, reported per window below
    } else if (kind === "nodes") {
      const nodeIds = Uint32Array.from({ length: 1000 }, (_, i) => i * 100 + 7);
      spikes = pop.get({ nodeIds }).times.length;
    }
    reader.close();
  }
  const seconds = (performance.now() - started) / 1000;
  return { seconds, spikes, bytes, maxRssMB: process.resourceUsage().maxRSS / 1024, firstSeconds };
}

function inChild(kind: string, file: string): Result {
  const out = execFileSync(process.execPath, ["--import", resolve(import.meta.dirname, "..", "bin", "register.js"), import.meta.filename, "--measure", kind, "--file", file], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(out) as Result;
}

if (values.measure) {
  console.log(JSON.stringify(await measure(values.measure, values.file!)));
} else {
  const dir = resolve(values.dir!);
  const file = join(dir, "campaign", "0", "reporting", "spikes.h5");
  if (!existsSync(file)) {
    console.error(`generating the campaign in ${dir} ...`);
    const started = performance.now();
    const summary = await makeCampaign({
      ...DEFAULT_CAMPAIGN,
      out: dir,
      sims: 1,
      neurons: Number(values.neurons),
      durationMs: Number(values["duration-ms"]),
      rateHz: Number(values["rate-hz"]),
    });
    console.error(`generated ${summary.spikes[0]} spikes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const rate = (r: Result) => `${(r.spikes / r.seconds / 1e6).toFixed(1)} M spikes/s`;
  const h5 = inChild("h5wasm", file);
  const full = inChild("full", file);
  const window = inChild("window", file);
  const nodes = inChild("nodes", file);
  console.log(`spikes file: ${file} (${h5.spikes} spikes, ${(h5.bytes / 1e6).toFixed(0)} MB of times and node ids)`);
  console.log(`h5wasm alone, same bytes:  ${h5.seconds.toFixed(2)} s  ${rate(h5)}  ${(h5.bytes / h5.seconds / 1e9).toFixed(2)} GB/s  peak RSS ${h5.maxRssMB.toFixed(0)} MB`);
  console.log(`get(), full read:          ${full.seconds.toFixed(2)} s  ${rate(full)}  = ${(h5.seconds / full.seconds).toFixed(2)} x h5wasm speed  peak RSS ${full.maxRssMB.toFixed(0)} MB`);
  const later = (window.seconds - (window.firstSeconds ?? 0)) / (window.bytes - 1);
  console.log(`get(), 100 ms window:      ${(later * 1000).toFixed(1)} ms per window (${(window.spikes / window.bytes).toFixed(0)} spikes each, ${window.bytes} windows); the first (checks the order of the file's times once) ${((window.firstSeconds ?? 0) * 1000).toFixed(0)} ms  peak RSS ${window.maxRssMB.toFixed(0)} MB`);
  console.log(`get(), 1% of the nodes:    ${nodes.seconds.toFixed(2)} s  ${rate({ ...nodes, spikes: h5.spikes })} scanned, ${nodes.spikes} kept  peak RSS ${nodes.maxRssMB.toFixed(0)} MB`);
}
