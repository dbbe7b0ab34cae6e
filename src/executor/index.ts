/**
 * Where the work runs: inline, on worker threads, or as SLURM job arrays. Tasks are identified by
 * index and described by serialisable inputs; results come back in task order, so that the merged
 * result is the same whatever runs them. None of it decides what is cached.
 */
import { parallelJobs } from "../config/index.ts";
import { type Executor, InlineExecutor } from "./executor.ts";
import { ThreadExecutor } from "./threads.ts";

export { type Executor, InOrder, InlineExecutor, runTask } from "./executor.ts";
export { ThreadExecutor } from "./threads.ts";
export { TASKS, type TaskInput, type TaskKind, type TaskOutput } from "./tasks.ts";
export { type FeaturesTaskInput, type ReportTaskInput, type TableFile } from "./cache-tasks.ts";
export { tableFromBytes, tableToBytes } from "./tables.ts";
export { type SlurmOptions, SlurmError } from "./sbatch.ts";
export { Cancelled, Detached, type ExecutorLogger, SlurmExecutor, type SlurmExecutorOptions, TaskFailures, blueetlCommand } from "./slurm.ts";
export { runJobTask } from "./task.ts";
export { type ClusterTestOptions, type ClusterTestResult, clusterTest } from "./cluster-test.ts";

/**
 * The executor of `tasks` tasks of about `bytes` bytes of input each: worker threads (as many as
 * BLUEETL_JOBLIB_JOBS or the cores, no more than the tasks) when there is enough work to pay for
 * starting them, else inline.
 */
export function executorFor(tasks: number, bytes: number, jobs = parallelJobs()): Executor {
  const workers = Math.min(jobs, tasks);
  // A thread costs 0.1-0.2 s to start (h5wasm); below this much to read per task, inline is faster.
  return workers > 1 && bytes >= MIN_TASK_BYTES ? new ThreadExecutor(workers) : new InlineExecutor();
}

const MIN_TASK_BYTES = 16 * 2 ** 20;
