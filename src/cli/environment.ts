/**
 * BlueETL's environment variables (BlueETL 0.13.4 and blueetl-core 0.2.4), as the commands that
 * run analyses read them: those with a meaning here are honoured, the others named in a warning.
 */
import { JOBS_VARIABLE, type Logger, parallelJobs } from "../analysis/index.ts";

/** Python's logging levels, as `logging.basicConfig(level=...)` takes them. */
const PYTHON_LEVELS = ["CRITICAL", "FATAL", "ERROR", "WARN", "WARNING", "INFO", "DEBUG", "NOTSET"];

const IGNORED: Record<string, string> = {
  BLUEETL_JOBLIB_BACKEND: "it chooses joblib's backend (loky, multiprocessing, threading) in BlueETL; here Python functions run in worker processes of their own, everything else in Node.js",
  BLUEETL_JOBLIB_VERBOSE: "it sets joblib's verbosity in BlueETL; here -v and -vv say what is done",
};

export function checkEnvironment(logger: Logger, env: NodeJS.ProcessEnv = process.env): void {
  const jobs = parallelJobs(env);
  const why = env[JOBS_VARIABLE] ? ` (${JOBS_VARIABLE})` : ` (one per core; ${JOBS_VARIABLE} sets it)`;
  logger.debug?.(`${jobs} workers for Python functions and the report's simulations, ${Math.min(2, jobs)} Parquet writers${why}`);
  for (const [name, why] of Object.entries(IGNORED)) {
    if (env[name]) logger.warn(`${name}=${env[name]} is ignored: ${why}`);
  }
  const level = env["BLUEETL_SUBPROCESS_LOGGING_LEVEL"];
  if (level && !PYTHON_LEVELS.includes(level)) {
    logger.warn(`BLUEETL_SUBPROCESS_LOGGING_LEVEL=${level} is not a logging level of Python (${PYTHON_LEVELS.slice(2, 7).join(", ")}): the Python workers log from the level of the run`);
  }
  // Set on every allocated node of BlueETL's clusters, so said only with -v.
  if (env["SHMDIR"]) logger.info(`SHMDIR is not used: BlueETL keeps temporary Parquet files there; blueetl writes none outside the cache`);
}
