/**
 * Where the work runs: inline, or as SLURM job arrays (worker threads: issue 12). Tasks are
 * identified by index and described by serialisable inputs; results come back in task order, so
 * that the merged result is the same whatever runs them. None of it decides what is cached.
 */
export { type Executor, InOrder, InlineExecutor, runTask } from "./executor.ts";
export { TASKS, type TaskInput, type TaskKind, type TaskOutput } from "./tasks.ts";
export { type FeaturesTaskInput, type ReportTaskInput, type TableFile } from "./cache-tasks.ts";
export { tableFromBytes, tableToBytes } from "./tables.ts";
export { type SlurmOptions, SlurmError } from "./sbatch.ts";
export { Cancelled, Detached, type ExecutorLogger, SlurmExecutor, type SlurmExecutorOptions, TaskFailures, blueetlCommand } from "./slurm.ts";
export { runJobTask } from "./task.ts";
export { type ClusterTestOptions, type ClusterTestResult, clusterTest } from "./cluster-test.ts";
