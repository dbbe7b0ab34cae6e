/**
 * The user's Python feature and trial-steps functions, run in the user's own interpreter by
 * long-lived workers fed with Arrow IPC (the Python side is the package in `worker/`).
 */
export { PythonCallError, PythonError, PythonWorkerDied } from "./errors.ts";
export { type Interpreter, findInterpreter, isPythonName, parallelJobs } from "./interpreter.ts";
export { type CheckedFunctions, type PythonUse, checkPythonFunctions } from "./probe.ts";
export { type FeaturesRequest, type GroupedResult, type MergedTable, type PythonFeaturesConfig, PythonPool } from "./pool.ts";
