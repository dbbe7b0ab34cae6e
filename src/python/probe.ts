/**
 * Before a run, and in `validate-config`: the interpreter runs, has pandas and pyarrow, and every
 * Python function named in the config imports (from PYTHONPATH, its site-packages, then the
 * folder of the analysis config). Synchronous, as loading a config is.
 */
import { spawnSync } from "node:child_process";
import { PythonError } from "./errors.ts";
import { type Interpreter, findInterpreter } from "./interpreter.ts";
import { WORKER_SCRIPT } from "./worker.ts";

/** A Python function named in a config, and what names it there (`feature function`, `trial steps function`). */
export interface PythonUse {
  name: string;
  what: string;
}

export interface CheckedFunctions {
  interpreter: Interpreter;
  /** The file of each function's module (null for a module without one). */
  files: Map<string, string | null>;
}

interface ProbeResult {
  python: string;
  version: string;
  missing: string[];
  functions: Record<string, { file?: string | null; error?: string }>;
}

export function checkPythonFunctions(uses: readonly PythonUse[], configFolder: string, interpreter = findInterpreter()): CheckedFunctions {
  const names = [...new Set(uses.map((u) => u.name))];
  const first = uses[0]!;
  const probe = spawnSync(interpreter.command, [WORKER_SCRIPT, "probe", configFolder, JSON.stringify(names)], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 24,
  });
  const needs = `${first.what} '${first.name}' is a Python function`;
  if (probe.error) {
    throw new PythonError(
      `${needs}, but its interpreter ${interpreter.command} (${interpreter.origin}) cannot run: ${probe.error.message}. ` +
        "Install Python 3 with pandas and pyarrow, or name the interpreter to use with BLUEETL_PYTHON=/path/to/python3",
    );
  }
  let result: ProbeResult;
  try {
    result = JSON.parse(probe.stdout) as ProbeResult;
  } catch {
    const how = probe.signal ? `was killed by ${probe.signal}` : `exited with code ${probe.status}`;
    throw new PythonError(`${needs}, but ${interpreter.command} (${interpreter.origin}) ${how} while importing it (see its output above)`);
  }
  if (result.missing.length > 0) {
    throw new PythonError(
      `${needs}, and Python functions need ${result.missing.join(" and ")} in the interpreter that runs them: ` +
        `${result.python} (Python ${result.version}, ${interpreter.origin}) has no ${result.missing.join(", no ")}. ` +
        `Install with: ${result.python} -m pip install ${result.missing.join(" ")} (or name another interpreter with BLUEETL_PYTHON)`,
    );
  }
  const files = new Map<string, string | null>();
  for (const use of uses) {
    const found = result.functions[use.name]!;
    if (found.error !== undefined) {
      const where = /ModuleNotFoundError/.test(found.error) ? ` (looked in PYTHONPATH, the site-packages of ${result.python}, and ${configFolder})` : "";
      const typescript = /\.[cm]?[jt]s$/.test(use.name) ? `; a TypeScript or JavaScript module is named with its export: '${use.name}:exportName'` : "";
      throw new PythonError(`${use.what} '${use.name}': ${found.error}${where}${typescript}`);
    }
    files.set(use.name, found.file ?? null);
  }
  return { interpreter: { ...interpreter, command: result.python }, files };
}
