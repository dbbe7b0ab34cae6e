/**
 * The task side of a remote job: `blueetl task <plan> <index>` runs the task `index` of the plan
 * with the runner of its kind, and leaves its part (or its error) in the job's folder.
 */
import { hostname } from "node:os";
import { CacheFolder } from "../cache/index.ts";
import type { TaskRunner } from "./job.ts";
import { writePart } from "./parts.ts";
import { SlurmError } from "./sbatch.ts";
import { errorFile, partFile, readPlan } from "./slurm.ts";
import { dirname } from "node:path";

/** The runner of the cluster test's tasks: where it ran, which Node.js, how many CPUs it got. */
export const CLUSTER_TEST_KIND = "cluster-test";
const clusterTestRunner: TaskRunner = async () => ({
  tables: {},
  info: { host: hostname(), node: process.version, cpus: Number(process.env["SLURM_CPUS_ON_NODE"] ?? 0), job: process.env["SLURM_ARRAY_JOB_ID"] ?? null },
});

/** The jobs' workers in a task: as many as the CPUs SLURM gave it, unless BLUEETL_JOBLIB_JOBS says. */
function workersOfTask(): void {
  const cpus = process.env["SLURM_CPUS_ON_NODE"] ?? process.env["SLURM_CPUS_PER_TASK"];
  if (process.env["BLUEETL_JOBLIB_JOBS"] === undefined && cpus && /^\d+$/.test(cpus)) process.env["BLUEETL_JOBLIB_JOBS"] = cpus;
}

export async function runPlannedTask(planPath: string, index: number, runners: Readonly<Record<string, TaskRunner>>): Promise<void> {
  const plan = readPlan(planPath);
  const dir = dirname(planPath);
  const folder = new CacheFolder(plan.root);
  const runner = plan.kind === CLUSTER_TEST_KIND ? clusterTestRunner : runners[plan.kind];
  try {
    if (!runner) throw new SlurmError(`${planPath}: no runner for tasks of kind '${plan.kind}'`);
    if (!Number.isInteger(index) || index < 0 || index >= plan.inputs.length) throw new SlurmError(`${planPath}: no task ${index} (the plan has ${plan.inputs.length})`);
    workersOfTask();
    const output = await runner(plan.context, plan.inputs[index]!, index);
    writePart(plan.root, partFile(dir, index), plan.key, index, output);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    try {
      folder.write(errorFile(dir, index), `${message}\n`);
    } catch {} // the log has it too
    throw error;
  }
}
