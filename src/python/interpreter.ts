/**
 * Which Python runs the user's functions: `BLUEETL_PYTHON`, else the active virtualenv's, else
 * `python3` on the PATH; and how many workers a run may start.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { PythonError } from "./errors.ts";

export interface Interpreter {
  command: string;
  /** Where the choice came from, for error messages. */
  origin: string;
}

export function findInterpreter(env: NodeJS.ProcessEnv = process.env): Interpreter {
  const named = env["BLUEETL_PYTHON"];
  if (named) return { command: named, origin: "BLUEETL_PYTHON" };
  const venv = env["VIRTUAL_ENV"];
  if (venv) {
    const python = join(venv, "bin", "python3");
    if (existsSync(python)) return { command: python, origin: `the virtualenv ${venv} (VIRTUAL_ENV)` };
  }
  return { command: "python3", origin: "python3 on the PATH" };
}

/** BLUEETL_JOBLIB_JOBS (BlueETL's number of parallel jobs), else the number of cores. */
export function parallelJobs(env: NodeJS.ProcessEnv = process.env): number {
  const value = env["BLUEETL_JOBLIB_JOBS"];
  if (value === undefined || value === "") return availableParallelism();
  const jobs = Number(value);
  if (!Number.isInteger(jobs) || jobs < 1) throw new PythonError(`BLUEETL_JOBLIB_JOBS must be a positive integer, got '${value}'`);
  return jobs;
}

/** A dotted Python name (`package.module.function`), as BlueETL names the user's functions. */
export function isPythonName(spec: string): boolean {
  return /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(spec);
}
