/**
 * Where the work runs: in this process (inline) or as SLURM job arrays; the tasks' outputs come
 * back in task order, and the caller (the analysis) merges them under the cache's lock.
 */
export { type Executor, InlineExecutor, type Job, type Json, type TaskOutput, type TaskRunner } from "./job.ts";
export { type SlurmOptions, SlurmError } from "./sbatch.ts";
export { Cancelled, Detached, type ExecutorLogger, SlurmExecutor, type SlurmExecutorOptions, TaskFailures, blueetlCommand, jobFolder } from "./slurm.ts";
export { runPlannedTask } from "./task.ts";
export { type ClusterTestOptions, type ClusterTestResult, clusterTest } from "./cluster-test.ts";
