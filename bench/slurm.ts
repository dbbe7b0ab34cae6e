/**
 * Local against SLURM on this one node: a campaign of several simulations (made by our own
 * generator) run cold with the local executor, then with `--executor slurm` (the report one task
 * per simulation, the features one task per simulation's worth of groups), wall time and peak RSS
 * of the submitting process each; then the SLURM overhead per task, from `cluster-test` arrays of
 * 1 and of N tasks that do nothing but report where they ran. Starts the single-node cluster of
 * the tests (test/slurm/cluster.sh) when none runs; needs slurm-wlm, munge and root.
 *
 *   npm run bench:slurm -- [--sims 8] [--neurons 20000] [--duration-ms 2000] [--tasks 8]
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { startCluster } from "../test/slurm/cluster.ts";

const ROOT = resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    sims: { type: "string", default: "8" },
    neurons: { type: "string", default: "20000" },
    "duration-ms": { type: "string", default: "2000" },
    tasks: { type: "string", default: "8" },
    dir: { type: "string", default: ".bench/slurm" },
  },
});
const dir = resolve(ROOT, values.dir!);

function blueetl(args: string[]): { seconds: number; gb: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, [join(ROOT, "bench", "measure.js"), ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 28 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`blueetl ${args.join(" ")} failed (${result.status}):\n${result.stderr}`);
  const measured = JSON.parse(/bench: (\{.*\})\s*$/.exec(result.stderr)![1]!) as { treeMaxRssKB: number };
  return { seconds, gb: measured.treeMaxRssKB / 2 ** 20, stdout: result.stdout };
}

const cluster = startCluster();
console.error(`cluster ready in ${cluster.seconds.toFixed(1)} s`);
try {
  if (!existsSync(join(dir, "analysis_config.yaml"))) {
    rmSync(dir, { recursive: true, force: true });
    blueetl(["make-campaign", "--out", dir, "--neurons", values.neurons!, "--sims", values.sims!, "--duration-ms", values["duration-ms"]!]);
  }
  const config = join(dir, "analysis_config.yaml");
  const local = blueetl(["run", config, "--clear-cache"]);
  const slurm = blueetl(["run", config, "--clear-cache", "--executor", "slurm"]);
  const tasks = Number(values.tasks);
  const one = blueetl(["cluster-test", "--dir", dir, "--tasks", "1"]);
  const many = blueetl(["cluster-test", "--dir", dir, "--tasks", String(tasks)]);
  const inner = (out: string) => Number(/ ([\d.]+) s from submission/.exec(out)![1]);
  console.log(`campaign: ${values.sims} simulations, ${values.neurons} neurons, ${values["duration-ms"]} ms (blueetl make-campaign), cold runs`);
  console.log("| executor | wall | peak RSS (submitting process) |");
  console.log("| --- | --- | --- |");
  console.log(`| local | ${local.seconds.toFixed(2)} s | ${local.gb.toFixed(2)} GB |`);
  console.log(`| slurm | ${slurm.seconds.toFixed(2)} s (${(slurm.seconds / local.seconds).toFixed(2)}x local) | ${slurm.gb.toFixed(2)} GB |`);
  const perTask = (inner(many.stdout) - inner(one.stdout)) / (tasks - 1);
  console.log(`cluster-test: 1 task ${inner(one.stdout).toFixed(2)} s, ${tasks} tasks ${inner(many.stdout).toFixed(2)} s from submission to the last part: ${perTask.toFixed(2)} s per extra task on this node`);
} finally {
  cluster.stop();
}
