/**
 * The task side of a SLURM job: `blueetl task <job folder> <index>` runs the task `index` (its
 * kind and input from `inputs/<index>.bin`) and leaves its part, or its error, in the job's folder.
 */
import { CacheFolder } from "../cache/index.ts";
import { runTask } from "./executor.ts";
import { readTaskFile, writePart } from "./parts.ts";
import { SlurmError } from "./sbatch.ts";
import { errorFile, inputFile, partFile } from "./slurm.ts";
import { TASKS, type TaskKind } from "./tasks.ts";

/** A task's own workers (Python functions): as many as the CPUs SLURM gave it, unless BLUEETL_JOBLIB_JOBS says. */
function workersOfTask(): void {
  const cpus = process.env["SLURM_CPUS_ON_NODE"];
  if (process.env["BLUEETL_JOBLIB_JOBS"] === undefined && cpus && /^\d+$/.test(cpus)) process.env["BLUEETL_JOBLIB_JOBS"] = cpus;
}

export async function runJobTask(dir: string, index: number): Promise<void> {
  const task = readTaskFile(inputFile(dir, index));
  try {
    if (task.index !== index) throw new SlurmError(`${inputFile(dir, index)} is the input of task ${task.index}, not ${index}`);
    if (!(task.kind in TASKS)) throw new SlurmError(`${inputFile(dir, index)}: no task of kind '${task.kind}' in this version of blueetl`);
    workersOfTask();
    const output = await runTask(task.kind as TaskKind, task.input as never);
    writePart(task.root, partFile(dir, index), task.key, index, output);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    try {
      new CacheFolder(task.root).write(errorFile(dir, index), `${message}\n`);
    } catch {} // the log has it too
    throw error;
  }
}
