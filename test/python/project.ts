/**
 * A project whose features config names a Python function of `user_py.py`, beside the config
 * (found through the config's folder, without PYTHONPATH), run with a Python environment of
 * test/python.ts.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Project, makeProject } from "../cache/project.ts";
import { type PythonEnv, pythonEnv } from "../python.ts";

export const GROUPBY = ["simulation_id", "circuit_id", "neuron_class", "window"];

/** Spikes and neurons of each group, and the calls counted in a file (one line per call). */
export const SPIKE_COUNTS = `
import os
import pandas as pd
from blueetl.constants import GID, TIME


def spike_counts(repo, key, df, params):
    with open(os.path.join(os.path.dirname(__file__), "calls.log"), "a") as f:
        f.write(f"{key}\\n")
    print("a print from the user's function")
    return pd.DataFrame({"spikes": [df[TIME].count() * params["scale"]], "neurons": [df[GID].nunique()]})
`;

export interface PythonProject extends Project {
  /** Replace `user_py.py`. */
  writePython(source: string): void;
  /** The environment variables of a run with this project's Python. */
  env: NodeJS.ProcessEnv;
}

export async function makePythonProject(python: PythonEnv, feature: Record<string, unknown> = {}): Promise<PythonProject> {
  const project = await makeProject();
  project.edit((c) => {
    c.analysis.spikes.features = [
      { type: "single", name: "spike_counts", groupby: GROUPBY, function: "user_py.spike_counts", params: { scale: 1 }, ...feature },
    ];
  });
  const writePython = (source: string) => writeFileSync(join(project.dir, "user_py.py"), source);
  writePython(SPIKE_COUNTS);
  return { ...project, writePython, env: pythonEnv(python) };
}

/** Run `body` with the process environment of `env` (restored after). */
export async function withEnv<T>(env: NodeJS.ProcessEnv, body: () => Promise<T>): Promise<T> {
  const saved = process.env;
  process.env = env;
  try {
    return await body();
  } finally {
    process.env = saved;
  }
}
