/** `blueetl cluster-test`: a tiny job array through the same path as a run's tasks, and what it says of the cluster. */
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { runSlurm } from "./sbatch.ts";
import { SlurmExecutor, type SlurmExecutorOptions } from "./slurm.ts";
import type { TaskOutput } from "./tasks.ts";

export interface ClusterTestOptions extends Omit<SlurmExecutorOptions, "folder" | "wait"> {
  /** A folder on the shared file system, where the test job leaves its files (the current folder by default). */
  dir?: string | undefined;
  /** Tasks in the test array (2 by default). */
  tasks?: number | undefined;
}

export interface ClusterTestResult {
  /** sinfo's view: partition, availability, nodes, state. */
  partitions: string[];
  /** For each task: the host it ran on, its Node.js, its CPUs. */
  tasks: Array<TaskOutput<"where-am-i">>;
  /** From the submission to the last part back, in seconds. */
  seconds: number;
  report: string;
}

export async function clusterTest(options: ClusterTestOptions = {}): Promise<ClusterTestResult> {
  const partitions = runSlurm("sinfo", ["-h", "-o", "%P %a %D %t"]).trim().split("\n").filter((l) => l.trim() !== "");
  const base = resolve(options.dir ?? process.cwd());
  const folder = join(base, `.blueetl-cluster-test-${randomBytes(4).toString("hex")}`);
  mkdirSync(folder, { recursive: true });
  const count = options.tasks ?? 2;
  const tasks: Array<TaskOutput<"where-am-i">> = [];
  const started = performance.now();
  try {
    const executor = new SlurmExecutor({ ...options, folder, label: "cluster test", wait: true });
    await executor.map("where-am-i", Array.from({ length: count }, () => null), (output) => tasks.push(output));
  } catch (error) {
    (error as Error).message += `\n(the test job's files are kept in ${folder})`;
    throw error;
  }
  const seconds = (performance.now() - started) / 1000;
  rmSync(folder, { recursive: true, force: true });
  const hosts = [...new Set(tasks.map((t) => t.host))];
  const report = [
    `SLURM works: ${count} tasks ran our command (${tasks[0]!.node}) on ${hosts.join(", ")} and wrote their parts in ${base}, ${seconds.toFixed(1)} s from submission to the last part`,
    `partitions (sinfo): ${partitions.join("; ")}`,
  ].join("\n");
  return { partitions, tasks, seconds, report };
}
