/**
 * `--executor slurm` against a real single-node SLURM cluster (started here when it does not
 * run: test/slurm/cluster.sh), through the real command line: the golden cases give the local
 * run's tables, a failed task is reported and a rerun resubmits only it, Ctrl-C cancels the array
 * and leaves a cache that a rerun completes, `--no-wait` carries the run on in a dependent job.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, readFileSync, readdirSync, renameSync, rmSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { BLUEETL, blueetl } from "../cli.ts";
import { GOLDEN_CASES, copyCase } from "../golden/cases.ts";
import { PYTHON_ENVS, needsPython, pythonEnv } from "../python.ts";
import { NEEDS_SHARED, SHARED } from "../shared.ts";
import { NEEDS_SLURM, queuedJobs, startCluster } from "../slurm/cluster.ts";
import { tempDir } from "../tmp.ts";
import { compareCaches } from "./compare.ts";

const OUTPUT = "analysis_output";

function ok(result: ReturnType<typeof blueetl>, what = "blueetl"): void {
  assert.equal(result.status, 0, `${what} failed:\n${result.stderr}`);
}

/** Run the config locally into `<dir>/local`, then with SLURM into the config's own cache; both caches' problems compared. */
function againstLocal(dir: string, config: string, env?: NodeJS.ProcessEnv, slurmArgs: string[] = []): string[] {
  ok(blueetl(["run", config], undefined, env), "the local run");
  renameSync(join(dir, OUTPUT), join(dir, "local"));
  ok(blueetl(["run", config, "--executor", "slurm", ...slurmArgs], undefined, env), "the SLURM run");
  return compareCaches(join(dir, "local"), join(dir, OUTPUT));
}

/** The job folders left in each analysis' cluster folder (none once every merge is stored). */
function jobFolders(cache: string): string[] {
  return readdirSync(cache).flatMap((analysis) => {
    const folder = join(cache, analysis, "cluster");
    return existsSync(folder) ? readdirSync(folder).filter((f) => /^(report|features)-/.test(f)) : [];
  });
}

describe("the SLURM executor on a single-node cluster", NEEDS_SLURM, () => {
  let cluster: ReturnType<typeof startCluster> | undefined;
  before(() => {
    cluster = startCluster();
    console.log(`the SLURM cluster was up in ${cluster.seconds.toFixed(1)} s`);
  });
  after(() => cluster?.stop());

  test("cluster-test submits a tiny array that runs our command on the node and says the cluster works", () => {
    const result = blueetl(["cluster-test", "--tasks", "3", "--dir", tempDir("cluster-test")]);
    ok(result, "cluster-test");
    assert.match(result.stdout, /^SLURM works: 3 tasks ran our command \(v\d+\.\d+\.\d+\) on \S+ and wrote their parts in .+, \d+\.\d s from submission/m);
    assert.match(result.stdout, /partitions \(sinfo\): debug\* up 1 (idle|mix|alloc)/);
  });

  test("cluster-test without SLURM's commands says which command is missing", () => {
    const result = blueetl(["cluster-test"], undefined, { ...process.env, PATH: "/nonexistent" });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /blueetl: sinfo not found: SLURM's commands must be on the PATH/);
  });

  describe("every golden case gives the tables of the local run", NEEDS_SHARED, () => {
    for (const golden of GOLDEN_CASES) {
      const python = PYTHON_ENVS[0]!;
      test(golden.name, golden.python ? needsPython(python) : {}, () => {
        const { dir, config } = copyCase(golden);
        const env = golden.python ? pythonEnv(python, dir) : undefined;
        assert.deepEqual(againstLocal(dir, config, env), []);
        assert.deepEqual(jobFolders(join(dir, OUTPUT)), [], "the tasks' folders are removed once merged");
      });
    }
  });

  test("a failed task is reported with its index, simulation and log; the same command then resubmits only it", NEEDS_SHARED, () => {
    const { dir, config } = copyCase(GOLDEN_CASES.find((c) => c.name === "doc_tutorial")!);
    // The data copied, not linked: one spikes file is broken, then mended.
    const data = join(dir, "..", "..", "data");
    rmSync(data);
    cpSync(join(SHARED, "data"), data, { recursive: true });
    const spikes = join(data, "blueetl-doc", "simulation-campaign", "1", "reporting", "spikes.h5");
    const good = readFileSync(spikes);
    truncateSync(spikes, 100);
    const failed = blueetl(["run", config, "--executor", "slurm"]);
    assert.equal(failed.status, 1, failed.stderr);
    const report = /spikes: report: 1 of 2 tasks of SLURM job (\d+) failed:\n {2}task 1 \(simulation 1\): (.*) \(log: (\S+)\)\n/.exec(failed.stderr);
    assert.ok(report, `the failure is reported:\n${failed.stderr}`);
    assert.match(report[2]!, /spikes\.h5/, "the task's own error names the file");
    assert.ok(existsSync(report[3]!), "the log exists");
    assert.match(readFileSync(report[3]!, "utf8"), /spikes\.h5/, "the log holds the error");
    assert.match(failed.stderr, /run the same command again to resubmit only the failed tasks/);

    cpSync(join(SHARED, "data", "blueetl-doc", "simulation-campaign", "1", "reporting", "spikes.h5"), spikes);
    assert.deepEqual(readFileSync(spikes), good);
    const rerun = blueetl(["run", config, "--executor", "slurm", "-v"]);
    ok(rerun, "the rerun");
    assert.match(rerun.stderr, /spikes: report: 1 tasks submitted as SLURM job \d+ \(1 parts kept from an earlier run\)/);
    renameSync(join(dir, OUTPUT), join(dir, "slurm"));
    ok(blueetl(["run", config]), "the local run");
    assert.deepEqual(compareCaches(join(dir, OUTPUT), join(dir, "slurm")), []);
  });

  test("Ctrl-C on the submitting process cancels the array; the cache stays valid and the same command completes it", NEEDS_SHARED, async () => {
    const { dir, config } = copyCase(GOLDEN_CASES.find((c) => c.name === "doc_tutorial")!);
    // Task 1 stops before it puts its part in place, until it is cancelled.
    const child = spawn(process.execPath, [BLUEETL, "run", config, "--executor", "slurm", "-v"], {
      env: { ...process.env, BLUEETL_PAUSE_AT: "rename:1.part" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on("close", done));
    const jobId = await waitFor(() => /report: 2 tasks submitted as SLURM job (\d+)/.exec(stderr)?.[1], 60_000, () => stderr);
    const jobDir = join(dir, OUTPUT, "spikes", "cluster", readdirSync(join(dir, OUTPUT, "spikes", "cluster")).find((f) => f.startsWith("report-"))!);
    await waitFor(() => existsSync(join(jobDir, "parts", "0.part")) && readFileSync(join(jobDir, "logs", `${jobId}_1.log`), "utf8").includes("paused at rename:1.part"), 60_000, () => stderr);
    child.kill("SIGINT");
    assert.equal(await exited, 130, stderr);
    assert.match(stderr, new RegExp(`SIGINT: SLURM job ${jobId} cancelled \\(scancel\\)`));
    assert.match(stderr, /interrupted \(SIGINT\).*The parts done are kept/);
    await waitFor(() => !queuedJobs().some((j) => j.startsWith(`${jobId}_`)), 30_000, () => queuedJobs().join("\n"));
    assert.equal(existsSync(join(dir, OUTPUT, "spikes", "repo", "report.parquet")), false, "nothing of the report was merged");

    const rerun = blueetl(["run", config, "--executor", "slurm", "-v"]);
    ok(rerun, "the rerun");
    assert.match(rerun.stderr, /spikes: report: 1 tasks submitted as SLURM job \d+ \(1 parts kept from an earlier run\)/);
    assert.equal(readdirSync(join(dir, OUTPUT, "spikes", "cluster")).some((f) => f.startsWith("report-")), false);
    renameSync(join(dir, OUTPUT), join(dir, "slurm"));
    ok(blueetl(["run", config]), "the local run");
    assert.deepEqual(compareCaches(join(dir, OUTPUT), join(dir, "slurm")), []);
  });

  test("--no-wait returns once the tasks are submitted; dependent jobs merge them and carry the run on", NEEDS_SHARED, async () => {
    const { dir, config } = copyCase(GOLDEN_CASES.find((c) => c.name === "doc_tutorial")!);
    const result = blueetl(["run", config, "--executor", "slurm", "--no-wait"]);
    ok(result, "the detached run");
    const detached = /spikes: report: submitted as SLURM job (\d+); job (\d+) carries the run on after it \(log: (\S+)\)/.exec(result.stdout);
    assert.ok(detached, result.stdout);
    // The first carrying job merges the report and submits the features with a second one.
    await waitFor(() => existsSync(join(dir, OUTPUT, "spikes", "repo", "report.parquet")), 120_000, () => readLog(detached[3]!));
    await waitFor(() => queuedJobs().length === 0, 120_000, () => queuedJobs().join("\n"));
    const logs = readdirSync(join(dir, OUTPUT, "spikes", "cluster")).filter((f) => f.endsWith(".log"));
    assert.equal(logs.length, 2, `a carrying job after each array: ${logs.join(", ")}`);
    const last = logs.map((l) => readLog(join(dir, OUTPUT, "spikes", "cluster", l))).find((text) => text.includes("12 calculated"));
    assert.ok(last, `the last carrying job computed the features:\n${logs.map((l) => readLog(join(dir, OUTPUT, "spikes", "cluster", l))).join("\n")}`);
    renameSync(join(dir, OUTPUT), join(dir, "slurm"));
    ok(blueetl(["run", config]), "the local run");
    assert.deepEqual(compareCaches(join(dir, OUTPUT), join(dir, "slurm")), []);
  });
});

function readLog(path: string): string {
  return existsSync(path) ? readFileSync(path, "utf8") : `(no ${path} yet)`;
}

async function waitFor<T>(probe: () => T | undefined | false, ms: number, context: () => string): Promise<T> {
  const until = performance.now() + ms;
  for (;;) {
    let value: T | undefined | false;
    try {
      value = probe();
    } catch {
      value = undefined;
    }
    if (value) return value;
    if (performance.now() > until) throw new Error(`timed out after ${ms / 1000} s:\n${context()}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}
