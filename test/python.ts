/**
 * The Python environments of the tests of Python functions, made by `.ci/python-envs` (which
 * `.ci/run` runs): pandas 1.5 (Debian's, as the golden cases were made) and a current pandas 2.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { needs } from "./requirements.ts";

const ENVS = join(import.meta.dirname, "..", ".python");

export interface PythonEnv {
  label: string;
  python: string;
}

export const PYTHON_ENVS: PythonEnv[] = [
  { label: "pandas 1.5", python: join(ENVS, "pandas-1.5", "bin", "python") },
  { label: "pandas 2", python: join(ENVS, "pandas-2", "bin", "python") },
];

/** Pass as the options of a test that runs this environment's Python. */
export function needsPython(env: PythonEnv): { skip: string | false } {
  return needs(existsSync(env.python), `${env.python} not found: make it with .ci/python-envs`);
}

/** The environment of a `blueetl` command or run using this Python, with these PYTHONPATH folders. */
export function pythonEnv(env: PythonEnv, ...pythonPath: string[]): NodeJS.ProcessEnv {
  const vars: NodeJS.ProcessEnv = { ...process.env, BLUEETL_PYTHON: env.python, BLUEETL_JOBLIB_JOBS: process.env["BLUEETL_JOBLIB_JOBS"] ?? "1" };
  if (pythonPath.length > 0) vars["PYTHONPATH"] = pythonPath.join(":");
  else delete vars["PYTHONPATH"];
  return vars;
}
