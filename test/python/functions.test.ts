/**
 * Python feature and trial-steps functions: called as BlueETL calls them, their mistakes reported
 * with the Python traceback, the function and the group, at load time when the module cannot be
 * imported, and a dying worker leaving a valid cache.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { FeaturesError, MultiAnalyzer, runFromFile } from "../../src/index.ts";
import { recordingLogger } from "../cache/project.ts";
import { described } from "../features/describe.ts";
import { blueetl } from "../cli.ts";
import { PYTHON_ENVS, needsPython, pythonEnv } from "../python.ts";
import { GROUPBY, type PythonProject, makePythonProject, withEnv } from "./project.ts";

const PYTHON = PYTHON_ENVS[0]!;

async function run(project: PythonProject) {
  return withEnv(project.env, async () => {
    const ma = await runFromFile(project.config, { logger: recordingLogger() });
    try {
      const features = ma.analysis("spikes").features;
      return Object.fromEntries(features.names.map((n) => [n, features.get(n).df]));
    } finally {
      await ma.close();
    }
  });
}

async function failure(project: PythonProject): Promise<Error> {
  try {
    await run(project);
  } catch (error) {
    return error as Error;
  }
  throw new Error("the run did not fail");
}

function calls(project: PythonProject): number {
  const log = join(project.dir, "calls.log");
  return existsSync(log) ? readFileSync(log, "utf8").split("\n").filter(Boolean).length : 0;
}

describe("Python feature functions", needsPython(PYTHON), () => {
  test("a function beside the config: BlueETL's call (key, merged df, params), tables with the group keys", async () => {
    const project = await makePythonProject(PYTHON);
    const { spike_counts: table } = await run(project);
    assert.deepEqual(table!.indexNames, GROUPBY);
    assert.deepEqual(table!.columnNames, ["spikes", "neurons"]);
    assert.equal(table!.column("spikes").dtype, "int64");
    assert.equal(calls(project), table!.length);
    const key = readFileSync(join(project.dir, "calls.log"), "utf8").split("\n")[0]!;
    assert.match(key, /^Values\(simulation_id=0, circuit_id=0, neuron_class='\w+', window='\w+'\)$/);
    // Two workers, each with a range of the groups: the same table.
    project.env = { ...project.env, BLUEETL_JOBLIB_JOBS: "2" };
    project.edit((c) => (c.cache = { ...c.cache, clear: true }));
    const { spike_counts: twice } = await run(project);
    assert.deepEqual(described(twice!), described(table!));
    assert.equal(calls(project), 2 * table!.length);
    // The same numbers as the repository's report, group by group.
    const ma = await withEnv(project.env, async () => MultiAnalyzer.fromFile(project.config));
    try {
      await ma.extractRepo();
      const report = ma.analysis("spikes").repo.df("report");
      for (const row of table!.records().slice(0, 5)) {
        const query = Object.fromEntries(GROUPBY.map((f) => [f, row[f]]));
        assert.equal(row["spikes"], report.q(query).length, JSON.stringify(query));
      }
    } finally {
      await ma.close();
    }
  });

  test("an exception: the Python traceback (file, line), the function and the group key; the CLI exits with 1", async () => {
    const project = await makePythonProject(PYTHON);
    project.writePython(`
def spike_counts(repo, key, df, params):
    if key.simulation_id == 1 and key.window == "evoked":
        return helper(df)
    return df.head(1)


def helper(df):
    return 1 / 0
`);
    const error = await failure(project);
    assert.ok(error instanceof FeaturesError);
    assert.match(error.message, /^feature function 'user_py\.spike_counts' failed for the group \{simulation_id: 1, circuit_id: \d, neuron_class: "\w+", window: "evoked"\}:\nTraceback/);
    assert.match(error.message, /File ".*user_py\.py", line 4, in spike_counts\n/);
    assert.match(error.message, /line 9, in helper\n\s+return 1 \/ 0\n/);
    assert.match(error.message, /ZeroDivisionError: division by zero$/);
    assert.doesNotMatch(error.message, /blueetl_worker/);
    // With two workers, the second one's group is named as well.
    const cli = blueetl(["run", project.config], undefined, { ...project.env, BLUEETL_JOBLIB_JOBS: "2" });
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /blueetl: feature function 'user_py\.spike_counts' failed for the group \{simulation_id: 1, .*evoked/);
    assert.ok(!existsSync(join(project.dir, "analysis_output", "spikes", "features", "spike_counts.parquet")));
  });

  test("results BlueETL refuses: a non-dict from multi, a non-DataFrame, with BlueETL's messages", async () => {
    const project = await makePythonProject(PYTHON, { type: "multi" });
    project.writePython("import pandas as pd\n\ndef spike_counts(repo, key, df, params):\n    return [pd.DataFrame()]\n");
    const notDict = await failure(project);
    assert.match(notDict.message, /^feature function 'user_py\.spike_counts', group \{simulation_id: 0, .*\}: The user function must return a dict of dataframes$/);
    project.writePython("def spike_counts(repo, key, df, params):\n    return {'counts': df['time'].count()}\n");
    assert.match((await failure(project)).message, /: Expected a DataFrame, not int64$/);
    project.edit((c) => (c.analysis.spikes.features[0].type = "single"));
    project.writePython("def spike_counts(repo, key, df, params):\n    return df['time']\n");
    assert.match((await failure(project)).message, /: Expected a DataFrame, not Series$/);
    // BlueETL's dtypes, cast by pandas: a gid that is not an integer.
    project.writePython("import pandas as pd\n\ndef spike_counts(repo, key, df, params):\n    return pd.DataFrame({'gid': [float('nan')]})\n");
    assert.match((await failure(project)).message, /^feature function 'user_py\.spike_counts': the tables 'spike_counts' of the groups: \w+: Cannot convert non-finite values \(NA or inf\) to integer/);
  });

  test("a missing module, attribute, or a syntax error: reported when the config loads, before any extraction", async () => {
    const project = await makePythonProject(PYTHON);
    const load = () => withEnv(project.env, async () => MultiAnalyzer.fromFile(project.config));
    project.edit((c) => (c.analysis.spikes.features[0].function = "lost_module.spike_counts"));
    await assert.rejects(load(), /feature function 'lost_module\.spike_counts': ModuleNotFoundError: No module named 'lost_module' \(looked in PYTHONPATH, .*, and .*project/);
    project.edit((c) => (c.analysis.spikes.features[0].function = "counts.ts"));
    await assert.rejects(load(), /No module named 'counts'.*; a TypeScript or JavaScript module is named with its export: 'counts\.ts:exportName'/);
    project.edit((c) => (c.analysis.spikes.features[0].function = "user_py.spike_count"));
    await assert.rejects(load(), /the module user_py \(.*user_py\.py\) has no attribute 'spike_count' \(its functions: .*spike_counts/);
    project.edit((c) => (c.analysis.spikes.features[0].function = "user_py.spike_counts"));
    project.writePython("import not_installed_here\n\ndef spike_counts(repo, key, df, params):\n    return df\n");
    await assert.rejects(load(), /feature function 'user_py\.spike_counts': ModuleNotFoundError: No module named 'not_installed_here'/);
    project.writePython("def spike_counts(repo, key, df, params)\n    return df\n");
    await assert.rejects(load(), /feature function 'user_py\.spike_counts': +File ".*user_py\.py", line 1\n.*\n.*\nSyntaxError/);
    const cli = blueetl(["validate-config", project.config], undefined, project.env);
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /SyntaxError/);
    assert.ok(!existsSync(join(project.dir, "analysis_output", "spikes", "repo")), "nothing was extracted");
  });

  test("an interpreter without pandas or pyarrow: its path, what is missing and how to install it", async () => {
    const project = await makePythonProject(PYTHON);
    const bare = join(project.dir, "bare-venv");
    const made = spawnSync("/usr/bin/python3", ["-m", "venv", "--without-pip", bare], { encoding: "utf8" });
    assert.equal(made.status, 0, made.stderr);
    const cli = blueetl(["validate-config", project.config], undefined, { ...project.env, BLUEETL_PYTHON: join(bare, "bin", "python") });
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /feature function 'user_py\.spike_counts' is a Python function, and Python functions need pandas and pyarrow .*: \S*bare-venv\/bin\/python \(Python 3[\d.]+, BLUEETL_PYTHON\) has no pandas, no pyarrow\. Install with: \S*bare-venv\/bin\/python -m pip install pandas pyarrow/);
    const missing = blueetl(["validate-config", project.config], undefined, { ...project.env, BLUEETL_PYTHON: join(project.dir, "no-such-python") });
    assert.match(missing.stderr, /cannot run: .*ENOENT.*BLUEETL_PYTHON=/);
    assert.equal(blueetl(["validate-config", project.config], undefined, project.env).status, 0);
  });

  test("a worker that dies (SIGKILL, os._exit): an error naming the function and the group; the cache stays valid", async () => {
    const project = await makePythonProject(PYTHON);
    project.writePython(`
import os, signal

def spike_counts(repo, key, df, params):
    if key.window == "evoked":
        os.kill(os.getpid(), signal.SIGKILL)
    return df.head(0)
`);
    const killed = await failure(project);
    assert.match(killed.message, /^feature function 'user_py\.spike_counts', group \{.*window: "evoked"\}: the Python worker \(.*, pid \d+\) killed by SIGKILL/);
    project.writePython("import os\n\ndef spike_counts(repo, key, df, params):\n    os._exit(3)\n");
    const cli = blueetl(["run", project.config], undefined, project.env);
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /feature function 'user_py\.spike_counts', group .*: the Python worker .* exited with code 3/);
    project.writePython("import sys\n\ndef spike_counts(repo, key, df, params):\n    sys.exit(4)\n");
    assert.match((await failure(project)).message, /failed for the group .*\n(.|\n)*SystemExit: 4$/);
    // The repository extracted before the failures is read back from the cache.
    project.writePython((await import("./project.ts")).SPIKE_COUNTS);
    const logger = recordingLogger();
    await withEnv(project.env, async () => (await runFromFile(project.config, { logger })).close());
    assert.ok(logger.lines.some((l) => /report read from the cache/.test(l)), logger.lines.join("\n"));
    assert.ok(logger.lines.some((l) => /1 calculated/.test(l)));
  });

  test("an edited module is recomputed, an unchanged one is not", async () => {
    const project = await makePythonProject(PYTHON);
    await run(project);
    const first = calls(project);
    await run(project);
    assert.equal(calls(project), first, "unchanged: from the cache");
    project.writePython(readFileSync(join(project.dir, "user_py.py"), "utf8") + "\n# edited\n");
    await run(project);
    assert.equal(calls(project), 2 * first, "edited: computed again");
  });

  test("a function's logging as in BlueETL's subprocesses: from the run's level (-v), or BLUEETL_SUBPROCESS_LOGGING_LEVEL; BlueETL's format with the task", async () => {
    const project = await makePythonProject(PYTHON);
    project.writePython(`
import logging
import pandas as pd

L = logging.getLogger(__name__)


def spike_counts(repo, key, df, params):
    L.info("group %s", key.neuron_class)
    L.debug("a detail")
    return pd.DataFrame({"spikes": [len(df)]})
`);
    const record = (level: string) => new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} ${level} user_py \\[task=\\d\\]: `, "m");
    const quiet = blueetl(["run", project.config], undefined, project.env);
    assert.equal(quiet.status, 0, quiet.stderr);
    assert.doesNotMatch(quiet.stderr, /user_py/);
    const told = blueetl(["run", "-v", "--clear-cache", project.config], undefined, project.env);
    assert.match(told.stderr, new RegExp(`${record("INFO").source}group L\\w+`, "m"));
    assert.doesNotMatch(told.stderr, record("DEBUG"));
    const asked = blueetl(["run", "--clear-cache", project.config], undefined, { ...project.env, BLUEETL_SUBPROCESS_LOGGING_LEVEL: "DEBUG" });
    assert.match(asked.stderr, new RegExp(`${record("DEBUG").source}a detail$`, "m"));
  });

  test("blueetl.constants without BlueETL; an installed BlueETL wins over the shim", async () => {
    const project = await makePythonProject(PYTHON);
    project.writePython(`
import pandas as pd
import blueetl.constants as c

def spike_counts(repo, key, df, params):
    return pd.DataFrame({"where": [getattr(c, "WHERE", "shim")], "gid_dtype": [str(c.DTYPES[c.GID].__name__)]})
`);
    const shim = await run(project);
    assert.deepEqual([shim["spike_counts"]!.value("where", 0), shim["spike_counts"]!.value("gid_dtype", 0)], ["shim", "int64"]);
    const site = join(project.dir, "site", "blueetl");
    mkdirSync(site, { recursive: true });
    writeFileSync(join(site, "__init__.py"), "");
    writeFileSync(join(site, "constants.py"), 'import numpy as np\nWHERE = "installed"\nGID = "gid"\nDTYPES = {GID: np.int64}\n');
    project.env = pythonEnv(PYTHON, join(project.dir, "site"));
    project.writePython(readFileSync(join(project.dir, "user_py.py"), "utf8") + "\n");
    const installed = await run(project);
    assert.equal(installed["spike_counts"]!.value("where", 0), "installed");
  });

  test("numbers written as floats in the YAML reach Python as floats (params, params_product, params_zip)", async () => {
    const project = await makePythonProject(PYTHON, { params_product: { bin: [1, 2] }, params_zip: { w: [[3, 4]] } });
    // YAML.stringify writes 1 for 1.0: the float syntax is written into the text here.
    const text = readFileSync(project.config, "utf8");
    writeFileSync(project.config, text.replace("scale: 1", "scale: 1.0").replace(/- 2\n/, "- 2.0\n").replace(/- 4\n/, "- 4.0\n"));
    assert.notEqual(readFileSync(project.config, "utf8"), text);
    project.writePython(`
import pandas as pd

def spike_counts(repo, key, df, params):
    return pd.DataFrame({"types": [repr(params)]})
`);
    const tables = await run(project);
    const types = Object.keys(tables).filter((n) => /^spike_counts_/.test(n)).sort().map((n) => tables[n]!.value("types", 0));
    assert.deepEqual(types, ["{'scale': 1.0, 'bin': 1, 'w': [3, 4.0]}", "{'scale': 1.0, 'bin': 2.0, 'w': [3, 4.0]}"]);
  });

  test("repo helpers: windows bounds, trials, duration, neurons by class; tables as BlueETL's dtypes", async () => {
    const project = await makePythonProject(PYTHON, { groupby: ["simulation_id", "circuit_id", "neuron_class", "window", "gid"] });
    project.writePython(`
import pandas as pd

def spike_counts(repo, key, df, params):
    t_start, t_stop = repo.windows.get_bounds(key.window)
    counts = repo.neurons.count_by_neuron_class()
    return pd.DataFrame({
        "t_start": [t_start], "t_stop": [t_stop], "trials": [repo.windows.get_number_of_trials(key.window)],
        "duration": [repo.windows.get_duration(key.window)], "class_size": [counts.loc[(key.circuit_id, key.neuron_class)]],
        "dtypes": [",".join(str(t) for t in repo.report.df.dtypes)], "rows": [len(df)], "ids": [str(repo.simulation_ids)],
    }).set_index("trials")
`);
    const { spike_counts: table } = await run(project);
    assert.deepEqual(table!.indexNames, ["simulation_id", "circuit_id", "neuron_class", "window", "gid", "trials"]);
    const windows = await withEnv(project.env, async () => {
      const ma = MultiAnalyzer.fromFile(project.config);
      await ma.extractRepo();
      const repo = ma.analysis("spikes").repo;
      const out = { windows: repo.df("windows"), neurons: repo.df("neurons") };
      await ma.close();
      return out;
    });
    const first = table!.row(0);
    const window = windows.windows.first({ window: first["window"] as string });
    assert.deepEqual([first["t_start"], first["t_stop"], first["duration"]], [window["t_start"], window["t_stop"], window["duration"]]);
    assert.equal(first["class_size"], windows.neurons.q({ neuron_class: first["neuron_class"] as string }).length);
    // BlueETL's report: time, gid, window, trial, simulation_id, circuit_id, neuron_class.
    assert.equal(first["dtypes"], "float64,int64,category,int16,int16,int16,category");
    assert.equal(first["ids"], "[0, 1]");
  });
});

describe("Python trial-steps functions", needsPython(PYTHON), () => {
  const steps = (func: string) => (c: any) => {
    c.analysis.spikes.extraction.trial_steps = { onset: { function: func, bounds: [-10, 50], threshold: 2.0 } };
    c.analysis.spikes.extraction.windows.evoked.trial_steps_label = "onset";
  };

  test("func(spikes_list, params) gives each simulation's offset; a string is refused", async () => {
    const project = await makePythonProject(PYTHON);
    let initial = 0;
    project.edit((c) => {
      steps("user_py.onset")(c);
      initial = c.analysis.spikes.extraction.windows.evoked.initial_offset ?? 0;
    });
    project.writePython(`${readFileSync(join(project.dir, "user_py.py"), "utf8")}
import numpy as np

def onset(spikes_list, params):
    assert all(isinstance(s, np.ndarray) and s.dtype == np.float64 for s in spikes_list)
    assert params["bounds"] == (-10.0, 50.0) and params["threshold"] == 2.0, params
    return 7.5
`);
    const evoked = await withEnv(project.env, async () => {
      const ma = MultiAnalyzer.fromFile(project.config);
      await ma.extractRepo();
      const windows = ma.analysis("spikes").repo.df("windows").q({ window: "evoked", trial: 0 });
      await ma.close();
      return windows;
    });
    assert.deepEqual(evoked.records().map((r) => r["offset"]), [initial + 7.5, initial + 7.5]);
    project.writePython(readFileSync(join(project.dir, "user_py.py"), "utf8").replace("return 7.5", "return 'soon'"));
    const cli = blueetl(["run", project.config, "--clear-cache"], undefined, project.env);
    assert.equal(cli.status, 1);
    assert.match(cli.stderr, /trial steps function 'user_py\.onset', simulation 0: The function user_py\.onset must return a number, not str \('soon'\)/);
  });
});
