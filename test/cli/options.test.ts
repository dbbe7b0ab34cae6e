/**
 * The command line as a BlueETL user types it, through the real `bin/blueetl.js`: every option of
 * BlueETL 0.13.4's commands, its log format and environment variables, and the messages that tell
 * what was done and why (README, "BlueETL's command line and ours").
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import YAML from "yaml";
import { runFromFile } from "../../src/index.ts";
import { makeProject } from "../cache/project.ts";
import { BLUEETL, blueetl } from "../cli.ts";
import { tempDir } from "../tmp.ts";

/** A log record as BlueETL's logging writes it. */
const record = (level: string, message: string) => new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} ${level} blueetl: ${message}`, "m");
const env = (extra: Record<string, string>) => ({ ...process.env, ...extra });
const ok = (result: ReturnType<typeof blueetl>) => {
  assert.equal(result.status, 0, result.stderr);
  return result;
};

// Each test has its own project: two at a time keep both cores of CI busy.
describe("blueetl's options, as BlueETL's", { concurrency: 2 }, () => {
  test("--version names this package's version and the BlueETL it follows", () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "package.json"), "utf8")) as { version: string };
    assert.equal(ok(blueetl(["--version"])).stdout.trim(), `blueetl ${version} (BlueETL for TypeScript), following BlueETL 0.13.4`);
  });

  test("run: --extract alone extracts only, --calculate alone calculates, neither does both; --no-show, --no-interactive; -v INFO and -vv DEBUG records", async () => {
    const project = await makeProject();
    const features = join(project.dir, "analysis_output", "spikes", "features");
    const extracted = ok(blueetl(["run", "--extract", "--no-show", "--no-interactive", "-v", project.config]));
    assert.equal(extracted.stdout, "");
    assert.match(extracted.stderr, record("INFO", "spikes: report extracted: \\d+ rows in [\\d.]+ s \\(not in the cache\\)$"));
    assert.doesNotMatch(extracted.stderr, /features/);
    assert.deepEqual(readdirSync(features), []);
    const notCalculated = ok(blueetl(["run", "--no-calculate", "-v", project.config]));
    // A warm run reads no table it does not use (issue 12): the simulations neither.
    assert.match(notCalculated.stderr, record("INFO", "done in [\\d.]+ s"));
    assert.doesNotMatch(notCalculated.stderr, /spikes: simulations (read from the cache|extracted)/);
    assert.doesNotMatch(notCalculated.stderr, /features/);
    const calculated = ok(blueetl(["run", "--calculate", "-vv", project.config]));
    assert.match(calculated.stderr, record("INFO", "spikes: features 'spike_counts' \\(user-features\\.ts:spikeCounts\\) calculated: not in the cache$"));
    assert.match(calculated.stderr, record("DEBUG", "spikes: cache: .*features/spike_counts\\.parquet written: \\d+ rows, \\d+ bytes in [\\d.]+ s$"));
    assert.match(calculated.stderr, record("DEBUG", "\\d+ workers for Python functions and the report's simulations, [12] Parquet writers"));
    const both = ok(blueetl(["run", "-v", "--show", project.config]));
    assert.match(both.stderr, record("INFO", "spikes: features 'spike_counts' \\(user-features\\.ts:spikeCounts\\) read from the cache$"));
    assert.match(both.stdout, /^Features: spike_counts$/m);
    const prompt = ok(spawnSync(process.execPath, [BLUEETL, "run", "-i", project.config], { input: "ma.names.join('+')\n.exit\n", encoding: "utf8" }));
    assert.match(prompt.stdout, /The analyses are in `ma` \(spikes\)/);
    assert.match(prompt.stdout, /blueetl> 'spikes'/);
    const quiet = ok(blueetl(["run", project.config]));
    assert.equal(quiet.stderr, "", "warnings only, and there are none");
  });

  test("a warning is a record in BlueETL's format; a usage error says what is wrong and where the help is, not the whole help", async () => {
    const project = await makeProject();
    project.edit((c) => (c.version = 3));
    const deprecated = ok(blueetl(["run", "--no-extract", "--no-calculate", project.config]));
    assert.match(deprecated.stderr, record("WARNING", "version 3 is deprecated, see the docs to update the config$"));
    const unknown = blueetl(["run", "--bogus", project.config]);
    assert.equal(unknown.status, 1);
    assert.equal(unknown.stderr, "error: unknown option '--bogus'\n(add --help to see the options)\n");
    const noTarget = blueetl(["export", project.config]);
    assert.equal(noTarget.status, 1);
    assert.match(noTarget.stderr, /^error: required option '--to <dir>' not specified\n\(add --help/);
    assert.match(ok(blueetl(["export", "--help"])).stdout, /--to <dir> +output folder \(required\)/);
  });

  test("migrate-config --sort (the default) and --no-sort", () => {
    const dir = tempDir("migrate-sort");
    const v3 = { analysis: { spikes: { extraction: { report: { type: "spikes" }, neuron_classes: {}, windows: {} }, features: [] } }, output: "out", simulation_campaign: "c.json", version: 3 };
    writeFileSync(join(dir, "v3.yaml"), YAML.stringify(v3));
    for (const [flags, keys] of [
      [["--sort"], ["version", "simulation_campaign", "cache", "analysis"]],
      [[], ["version", "simulation_campaign", "cache", "analysis"]],
      [["--no-sort"], ["analysis", "simulation_campaign", "version", "cache"]],
    ] as const) {
      ok(blueetl(["migrate-config", ...flags, join(dir, "v3.yaml"), join(dir, "v4.yaml")]));
      assert.deepEqual(Object.keys(YAML.parse(readFileSync(join(dir, "v4.yaml"), "utf8"))), keys, flags.join(" "));
    }
  });

  test("convert-spikes -v says what it read and what it writes, as BlueETL's", () => {
    const dir = tempDir("convert-v");
    writeFileSync(join(dir, "spikes.csv"), "ids times\n3 10.5\n1 2.25\n3 700\n");
    const quiet = ok(blueetl(["convert-spikes", join(dir, "spikes.csv"), join(dir, "a")]));
    assert.equal(quiet.stderr, "");
    const told = ok(blueetl(["convert-spikes", "-v", join(dir, "spikes.csv"), join(dir, "b")]));
    assert.match(told.stderr, record("INFO", `Loaded file ${join(dir, "spikes.csv")}$`));
    assert.match(told.stderr, record("INFO", "CSV stats: rows=3, unique_ids=2, min_id=1, max_id=3, min_ts=2.25, max_ts=700$"));
    assert.match(told.stderr, record("INFO", `Writing ${join(dir, "b", "simulation", "synthetic_spikes.h5")}$`));
    assert.match(told.stdout, /^Conversion successful/);
  });

  test("BlueETL's environment variables: BLUEETL_JOBLIB_JOBS checked, those without a meaning here named in a warning", async () => {
    const project = await makeProject();
    const run = (vars: Record<string, string>, ...flags: string[]) => blueetl(["run", "--no-extract", "--no-calculate", ...flags, project.config], undefined, env(vars));
    const jobs = ok(run({ BLUEETL_JOBLIB_JOBS: "3", SHMDIR: "/dev/shm" }, "-vv"));
    assert.match(jobs.stderr, record("DEBUG", "3 workers for Python functions and the report's simulations, 2 Parquet writers \\(BLUEETL_JOBLIB_JOBS\\)$"));
    assert.match(jobs.stderr, record("INFO", "SHMDIR is not used: BlueETL keeps temporary Parquet files there"));
    const badJobs = run({ BLUEETL_JOBLIB_JOBS: "two" });
    assert.equal(badJobs.status, 1);
    assert.match(badJobs.stderr, /^blueetl: BLUEETL_JOBLIB_JOBS must be a positive integer, got 'two'$/m);
    const ignored = ok(run({ BLUEETL_JOBLIB_BACKEND: "loky", BLUEETL_JOBLIB_VERBOSE: "10", BLUEETL_SUBPROCESS_LOGGING_LEVEL: "loud", SHMDIR: "/dev/shm" }));
    assert.match(ignored.stderr, record("WARNING", "BLUEETL_JOBLIB_BACKEND=loky is ignored: it chooses joblib's backend"));
    assert.match(ignored.stderr, record("WARNING", "BLUEETL_JOBLIB_VERBOSE=10 is ignored: it sets joblib's verbosity in BlueETL"));
    assert.match(ignored.stderr, record("WARNING", "BLUEETL_SUBPROCESS_LOGGING_LEVEL=loud is not a logging level of Python"));
    assert.doesNotMatch(ignored.stderr, /SHMDIR/, "set on every node of BlueETL's clusters: said with -v only");
    ok(run({ BLUEETL_SUBPROCESS_LOGGING_LEVEL: "DEBUG" })); // a level: honoured by the Python workers, nothing to say
  });

  test("validate-config checks what run checks before any work, and no more than BlueETL where BlueETL is lenient", async () => {
    const project = await makeProject();
    const validate = () => blueetl(["validate-config", project.config]);
    const refused = (edit: (c: any) => void, message: RegExp, andRun = true) => {
      const text = readFileSync(project.config, "utf8");
      project.edit(edit);
      const result = validate();
      assert.equal(result.status, 1, `${message}: ${result.stdout}`);
      assert.match(result.stderr, message);
      if (andRun) {
        const run = blueetl(["run", project.config]);
        assert.equal(run.status, 1, "run refuses it too");
        assert.match(run.stderr, message);
        assert.ok(!existsSync(join(project.dir, "analysis_output", "spikes", "repo", "report.parquet")), "run refused it before extracting");
      }
      writeFileSync(project.config, text);
    };
    refused(
      (c) => (c.analysis.spikes.features[0].function = "blueetl.external.bnac.calculate_features.calculate_features_mult"),
      /analysis\.spikes\.features\[0\]\.function: 'blueetl\.external\.bnac\.calculate_features\.calculate_features_mult' is not a feature function of BlueETL 0\.13\.4: did you mean 'blueetl\.external\.bnac\.calculate_features\.calculate_features_multi'\?/,
    );
    refused((c) => (c.analysis.spikes.features[1].function = "lost.ts:spikeCounts"), /analysis\.spikes\.features\[1\]\.function: feature function 'lost\.ts:spikeCounts': the module .*lost\.ts does not exist/, false);
    refused((c) => (c.analysis.spikes.features[1].function = "user-features.ts:spikeCount"), /user-features\.ts has no exported function 'spikeCount' \(it exports: spikeCounts\)/);
    refused((c) => (c.version = 5), /version: Config version 5 is not supported \(the versions are 3 and 4, as in BlueETL 0\.13\.4\)/, false);
    // A campaign that a later step makes: BlueETL's validate-config does not read it; run needs it (or its copy in a cache).
    rmSync(join(project.dir, "analysis_output"), { recursive: true });
    project.edit((c) => (c.simulation_campaign = "later/config.json"));
    const later = ok(validate());
    assert.equal(later.stdout, "Validation successful.\n");
    assert.match(later.stderr, record("WARNING", `the simulation campaign ${join(project.dir, "later", "config.json")} does not exist yet: run needs it`));
  });

  test("-v says why each features config is calculated or recomputed: changed params, an edited module, a changed input file, a cleared cache", async () => {
    const project = await makeProject({ seed: 13 }); // a campaign of its own: one of its files is rewritten
    const run = (...flags: string[]) => ok(blueetl(["run", "-v", ...flags, project.config])).stderr;
    const line = (why: string) => record("INFO", `spikes: features 'spike_counts' \\(user-features\\.ts:spikeCounts\\) ${why}$`);
    assert.match(run(), line("calculated: not in the cache"));
    project.edit((c) => (c.analysis.spikes.features[1].params.scale = 3));
    assert.match(run(), line("recomputed: changed: params\\.scale 1 -> 3"));
    project.writeFunction(2);
    assert.match(run(), line("recomputed: its function's module changed"));
    const spikes = join(readFileSync(project.config, "utf8").match(/simulation_campaign: (.*)\/campaign\/config\.json/)![1]!, "campaign", "0", "reporting", "spikes.h5");
    writeFileSync(spikes, readFileSync(spikes)); // rewritten: a new modification time
    const changed = run();
    assert.match(changed, record("INFO", `spikes: report extracted: \\d+ rows in [\\d.]+ s \\(${spikes} changed\\)$`));
    assert.match(changed, line(`recomputed: the repository changed: 'report' is rebuilt \\(${spikes} changed\\)`));
    assert.match(changed, record("INFO", "spikes: features\\[0\\]_0_0 \\(calculate_features_multi\\) recomputed: the repository changed"));
    assert.match(run("--clear-cache"), line("recomputed: the cache was cleared \\(cache\\.clear or --clear-cache\\)"));
    assert.match(run(), line("read from the cache"));
  });

  test("an error of the user's code: its frames with -v, a word of them without; common mistakes name the function and the group", async () => {
    const project = await makeProject();
    project.writeModule(`
function check(n: number): number {
  if (n > 0) throw new Error("no spikes expected");
  return n;
}
export function spikeCounts({ df }: { df: DataFrame }) {
  check(df.length);
  return df;
}
`);
    const quiet = blueetl(["run", project.config]);
    assert.equal(quiet.status, 1);
    const failed = "blueetl: feature function 'user-features.ts:spikeCounts' failed for the group \\{simulation_id: 0, circuit_id: 0, neuron_class: \"[^\"]+\"\\}: no spikes expected";
    assert.match(quiet.stderr, new RegExp(`^${failed}\\n\\(-v shows where in your code: 2 frames of user-features\\.ts\\)$`, "m"));
    await assert.rejects(runFromFile(project.config, { logLevel: "error" }), (error: Error) => {
      assert.equal(error.name, "FeaturesError");
      assert.ok(error.cause instanceof Error && error.cause.message === "no spikes expected", "the user's error is the cause, with its stack");
      assert.match(error.cause.stack!, /at check \(.*user-features\.ts:4:20\)/);
      return true;
    });
    const told = blueetl(["run", "-v", project.config]);
    assert.match(told.stderr, new RegExp(`^${failed}\\nin your code:\\n    at check \\(.*user-features\\.ts:4:20\\)\\n    at spikeCounts \\(.*user-features\\.ts:8:3\\)$`, "m"));
    const mistakes: Array<[string, RegExp]> = [
      ["return new DataFrame({ spikes: [df.length] as any });", /group \{simulation_id: 0, .*\}: column 'spikes' is an array, not a column: make it with numeric\(dtype, values\)/],
      ["return new DataFrame({ spikes: numeric(\"int64\", [2.5]) });", /group \{simulation_id: 0, .*\}: column 'spikes': 2\.5 \(row 0\) cannot be held by an int64 column/],
      ["return new DataFrame({ spikes: numeric(\"int8\", [300]) });", /column 'spikes': 300 \(row 0\) cannot be held by an int8 column: it holds integers from -128 to 127/],
      [
        "return key.neuron_class === first ? new DataFrame({ a: numeric(\"float64\", [1]) }) : new DataFrame({ b: numeric(\"float64\", [1]) });",
        /feature function 'user-features\.ts:spikeCounts' returned the table 'spike_counts' with other columns for the group \{.*\} \(\[b\]\) than for the group \{.*\} \(\[a\]\): every group must return the same columns/,
      ],
    ];
    for (const [i, [body, message]] of mistakes.entries()) {
      project.writeModule(`let first: unknown;\nexport function spikeCounts({ df, key }: { df: DataFrame; key: any }) {\n  first ??= key.neuron_class;\n  ${body}\n}\n`);
      if (i === 0) {
        const result = blueetl(["run", project.config]);
        assert.equal(result.status, 1);
        assert.match(result.stderr, message);
      } else await assert.rejects(runFromFile(project.config, { logLevel: "error" }), message); // the command prints the message as it is
    }
  });

  test("warnings for what BlueETL leaves out without a word: a neuron class matching no neuron, a window past the end of the simulation", async () => {
    const project = await makeProject();
    project.edit((c) => {
      c.analysis.spikes.extraction.neuron_classes.NOBODY = { query: { layer: ["99"] } };
      c.analysis.spikes.extraction.windows.evoked.n_trials = 4;
    });
    const result = ok(blueetl(["run", "--extract", project.config]));
    assert.match(result.stderr, record("WARNING", `spikes: neuron class 'NOBODY' matches no neuron in circuit 0 \\(population S1nonbarrel_neurons, query \\{"layer":\\["99"\\]\\}\\): it is in no table of this analysis$`));
    assert.match(
      result.stderr,
      record("WARNING", "spikes: window 'evoked' ends after the end of the simulation: trial 3 of simulation 0 ends at 1130 ms, tstop is 1000 ms \\(and 1 more trial\\); nothing is recorded after tstop"),
    );
  });

  test("export says what it wrote, removes the tables of an earlier export it no longer writes, and writes into a folder it did not make only with --overwrite", async () => {
    const project = await makeProject();
    const out = join(project.dir, "tables");
    const first = ok(blueetl(["export", project.config, "--to", out]));
    assert.match(first.stdout, new RegExp(`^\\d+ tables written \\(parquet, [\\d.]+ [kM]B\\) to ${out}\\n$`));
    assert.ok(existsSync(join(out, "spikes", "features", "spike_counts.parquet")));
    project.edit((c) => c.analysis.spikes.features.pop());
    const second = ok(blueetl(["export", "-v", project.config, "--to", out]));
    assert.match(second.stdout, /tables written .*; 1 tables of an earlier export removed\n$/);
    assert.match(second.stderr, record("INFO", `removed ${join(out, "spikes", "features", "spike_counts.parquet")}$`));
    assert.ok(!existsSync(join(out, "spikes", "features", "spike_counts.parquet")));
    const foreign = join(project.dir, "mine");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "notes.txt"), "my notes\n");
    const refused = blueetl(["export", project.config, "--to", foreign]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /mine holds 1 file or folder \(notes\.txt\) and was not made by blueetl export: export to a new or empty folder, or pass --overwrite to write into it/);
    assert.deepEqual(readdirSync(foreign), ["notes.txt"]);
    ok(blueetl(["export", "--overwrite", project.config, "--to", foreign]));
    assert.equal(readFileSync(join(foreign, "notes.txt"), "utf8"), "my notes\n");
  });

  test("show-table and inspect print a cached table with its index, dtypes and rows; inspect describes a campaign config", async () => {
    const project = await makeProject();
    ok(blueetl(["run", project.config]));
    const cache = join(project.dir, "analysis_output", "spikes");
    const shown = ok(blueetl(["show-table", join(cache, "features", "spike_counts.parquet")])).stdout;
    assert.match(shown, /spike_counts\.parquet: \d+ rows x 2 columns \(parquet\)\nindex: simulation_id \(int64\), circuit_id \(int64\), neuron_class \(category of \d+\)\ncolumns: spikes \(float64\), version \(int64\)\n/);
    assert.match(shown, /^ +spikes +version\nsimulation_id circuit_id neuron_class +\n0 +0 +L1_INH +\d+\.0 +1$/m);
    const windows = ok(blueetl(["inspect", join(cache, "repo", "windows.parquet")])).stdout;
    assert.match(windows, /windows\.parquet: \d+ rows x 10 columns \(parquet\)\nindex: none \(a range index\)\ncolumns: simulation_id \(int16\), circuit_id \(int16\), window \(category of 2\), trial \(int16\)/);
    const campaign = readFileSync(project.config, "utf8").match(/simulation_campaign: (.*)/)![1]!;
    const described = ok(blueetl(["inspect", campaign])).stdout;
    assert.match(described, /^simulation campaign .*config\.json: '.*', 2 simulations$/m);
    assert.match(described, /^  condition ca: 2 values \(1\.05, 1\.2\)$/m);
    assert.match(described, /^  0: ca=.* seed=\d+ -> .*\/0\/simulation_config\.json$/m);
  });
});
