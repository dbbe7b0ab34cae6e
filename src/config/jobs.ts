/** How many jobs a run may run at once: BlueETL's `BLUEETL_JOBLIB_JOBS`, else the number of cores. */
import { availableParallelism } from "node:os";
import { ConfigError } from "./errors.ts";

export const JOBS_VARIABLE = "BLUEETL_JOBLIB_JOBS";

/**
 * The number of workers of each kind a run starts (Python workers, worker threads of the
 * extraction, the features and the Parquet writer): BLUEETL_JOBLIB_JOBS, else the cores.
 */
export function parallelJobs(env: NodeJS.ProcessEnv = process.env): number {
  const value = env[JOBS_VARIABLE];
  if (value === undefined || value === "") return availableParallelism();
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1) throw new ConfigError(`${JOBS_VARIABLE} must be a positive integer, got '${value}'`);
  return jobs;
}
