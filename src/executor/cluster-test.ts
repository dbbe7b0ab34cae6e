/** `blueetl cluster-test`: a tiny job array through the same path as a run's tasks, and what it says of the cluster. */
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Job, TaskOutput } from "./job.ts";
import { runSlurm } from "./sbatch.ts";
import { type SlurmExecutorOptions, SlurmExecutor } from "./slurm.ts";
import { CLUSTER_TEST_KIND } from "./task.ts";

export interface ClusterTestOptions extends SlurmExecutorOptions {
  /** A folder on the shared file system, where the test job leaves its files (the current folder by default). */
  dir?: string | undefined;
  /** Tasks in the test array (2 by default). */
  tasks?: number | undefined;
}

export interface ClusterTestResult {
  /** sinfo's view: partition, availability, nodes, state. */
  partitions: string[];
  /** For each task: the host it ran on, its Node.js, its CPUs. */
  tasks: Array<{ host: string; node: string; cpus: number }>;
  /** From the submission to the last part back, in seconds. */
  seconds: number;
  report: string;
}

export async function clusterTest(options: ClusterTestOptions = {}): Promise<ClusterTestResult> {
  const partitions = runSlurm("sinfo", ["-h", "-o", "%P %a %D %t"]).trim().split("\n").filter((l) => l.trim() !== "");
  const base = resolve(options.dir ?? process.cwd());
  const folder = join(base, `.blueetl-cluster-test-${randomBytes(4).toString("hex")}`);
  mkdirSync(folder, { recursive: true });
  const tasks = options.tasks ?? 2;
  const job: Job = {
    kind: CLUSTER_TEST_KIND,
    label: "cluster test",
    context: {},
    inputs: Array.from({ length: tasks }, (_, i) => i),
    describe: (i) => `test task ${i}`,
    folder,
    key: randomBytes(8).toString("hex"),
  };
  const started = performance.now();
  let outputs: TaskOutput[];
  try {
    outputs = await new SlurmExecutor({ ...options, wait: true }).run(job, async () => ({ tables: {}, info: null }));
  } catch (error) {
    (error as Error).message += `\n(the test job's files are kept in ${folder})`;
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  rmSync(folder, { recursive: true, force: true });
  const ran = outputs.map((o) => o.info as { host: string; node: string; cpus: number });
  const hosts = [...new Set(ran.map((t) => t.host))];
  const report = [
    `SLURM works: ${tasks} tasks ran our command (${ran[0]!.node}) on ${hosts.join(", ")} and wrote their parts in ${base}, ${seconds.toFixed(1)} s from submission to the last part`,
    `partitions (sinfo): ${partitions.join("; ")}`,
  ].join("\n");
  return { partitions, tasks: ran, seconds, report };
}
