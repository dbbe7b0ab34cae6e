/**
 * The work split into tasks as for SLURM, but run by the inline executor (no cluster needed):
 * the report by chunks of simulations and the features by chunks of groups give the tables of a
 * local run, through the tasks' own path (tables read back from the cache, outputs as Arrow IPC);
 * and the files a job leaves (inputs, parts) keep every value.
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { InlineExecutor, type Executor, type TaskInput, type TaskKind, type TaskOutput, runTask } from "../../src/executor/index.ts";
import { readPart, writePart } from "../../src/executor/parts.ts";
import { arraySpec } from "../../src/executor/sbatch.ts";
import { tableFromBytes, tableToBytes } from "../../src/executor/tables.ts";
import { CategoricalColumn, DataFrame, ListColumn, NumericColumn, ObjectColumn, numeric } from "../../src/frame/index.ts";
import { loadAnalysisConfig, runFromFile } from "../../src/index.ts";
import { makeProject, recordingLogger } from "../cache/project.ts";
import { described } from "../features/describe.ts";
import { tempDir } from "../tmp.ts";
import { compareCaches } from "./compare.ts";

/** The inline executor, counting the tasks of each kind it ran. */
class CountingExecutor extends InlineExecutor implements Executor {
  readonly ran: Record<string, number> = {};

  override async map<K extends TaskKind>(kind: K, inputs: ReadonlyArray<TaskInput<K>>, onResult: (output: TaskOutput<K>, index: number) => void): Promise<void> {
    this.ran[kind] = (this.ran[kind] ?? 0) + inputs.length;
    for (let i = 0; i < inputs.length; i++) onResult(await runTask(kind, inputs[i]!), i);
  }
}

describe("the work split into tasks", () => {
  test("the report by simulations and the features by chunks of groups give the local run's tables", async () => {
    const project = await makeProject({ sims: 3, neurons: 400 });
    const caches = { local: join(project.dir, "local"), split: join(project.dir, "split") };
    project.edit((c) => (c.cache = { path: caches.local }));
    await (await runFromFile(project.config)).close();
    project.edit((c) => (c.cache = { path: caches.split }));
    const executor = new CountingExecutor();
    // 7 chunks of groups: more than some batches have groups (empty chunks).
    await (await runFromFile(project.config, { cluster: { executor, simulationsPerTask: 2, featureTasks: 7 } })).close();
    assert.deepEqual(executor.ran, { "report-of-simulations": 2, "features-part": 7 });
    assert.deepEqual(compareCaches(caches.local, caches.split), []);

    // A narrower filter on the cached tables, and a new features config: the tasks cut the tables as the repository does.
    const narrower = (c: any) => {
      c.simulations_filter = { simulation_id: [0, 2] };
      c.analysis.spikes.features = c.analysis.spikes.features.filter((f: any) => f.name !== "per_class");
      c.analysis.spikes.features.push({ type: "single", name: "per_class", groupby: ["simulation_id", "circuit_id", "neuron_class"], function: "user-features.ts:spikeCounts", params: { scale: 3 } });
    };
    project.edit((c) => (narrower(c), (c.cache = { path: caches.local })));
    await (await runFromFile(project.config)).close();
    project.edit((c) => (narrower(c), (c.cache = { path: caches.split })));
    const again = new CountingExecutor();
    await (await runFromFile(project.config, { cluster: { executor: again, featureTasks: 2 } })).close();
    assert.deepEqual(again.ran, { "features-part": 2 }, "only the new features config is computed");
    assert.deepEqual(compareCaches(caches.local, caches.split), []);
  });

  test("a table crosses a part file with every value, dtype, category and index level", () => {
    const table = new DataFrame(
      [
        ["id", numeric("int64", [-(2 ** 53) + 1, 0, 2 ** 53 - 1])],
        ["x", numeric("float64", [Number.NaN, -0, Number.POSITIVE_INFINITY])],
        ["v", new NumericColumn("float32", new Float32Array([0.1, -1e-45, Number.NEGATIVE_INFINITY]))],
        ["small", new NumericColumn("int16", new Int16Array([-32768, 0, 32767]))],
        ["ok", numeric("bool", [1, 0, 1])],
        ["cls", new CategoricalColumn(new Int32Array([1, -1, 0]), ["a", "b", "unused"])],
        ["s", new ObjectColumn(["", null, "é"])],
        ["times", new ListColumn(new Int32Array([0, 1, 1, 3]), new Float64Array([1.5, 2.5, 3.5]))],
      ],
      { index: ["id"] },
    );
    const root = tempDir("parts");
    const path = join(root, "job", "parts", "0.part");
    mkdirSync(join(root, "job", "parts"), { recursive: true });
    writePart(root, path, "key", 0, { tables: { table: tableToBytes(table) }, groups: 2 });
    const part = readPart(path, "key", 0)!.output as { tables: Record<string, Uint8Array>; groups: number };
    const back = tableFromBytes(part.tables["table"]!);
    assert.deepEqual(described(back), described(table));
    assert.ok(Object.is((back.column("x") as NumericColumn).values[1], -0));
    assert.equal(part.groups, 2);
    assert.equal(readPart(path, "other key", 0), undefined, "a part of another task is not taken");
    assert.equal(readPart(path, "key", 1), undefined);
    writeFileSync(path, "not a part");
    assert.equal(readPart(path, "key", 0), undefined, "a file that is not a part is not taken");
  });

  test("the config's cluster section is ours: checked, and no part of any checksum", async () => {
    const project = await makeProject();
    project.edit((c) => (c.cluster = { executor: "local", partition: "long", mem: "4G", sbatch_args: ["--account=a"], feature_tasks: 3 }));
    await (await runFromFile(project.config)).close();
    project.edit((c) => (c.cluster = { partition: "short", simulations_per_task: 4, wait: false }));
    const logger = recordingLogger();
    await (await runFromFile(project.config, { logger })).close();
    assert.ok(logger.lines.some((l) => /features configs read from the cache, 0 calculated/.test(l)), logger.lines.join("\n"));
    assert.ok(!logger.lines.some((l) => / extracted: /.test(l)), logger.lines.join("\n"));
    project.edit((c) => (c.cluster = { array_parallelism: 0, partitin: "x" }));
    assert.throws(() => loadAnalysisConfig(project.config), (error: Error) => /cluster\.array_parallelism: expected an integer >= 1/.test(error.message) && /cluster: unknown key 'partitin'/.test(error.message));
    writeFileSync(project.config, readFileSync(project.config, "utf8").replace(/^cluster:[\s\S]*$/m, "cluster:\n  time: 1:00:00\n"));
    assert.throws(() => loadAnalysisConfig(project.config), /cluster\.time: expected a string, quoted: e\.g\. "2:00:00".*YAML reads an unquoted 1:00:00 as the number 3600/);
  });

  test("array specs: ranges of the indices, with the parallelism", () => {
    assert.equal(arraySpec([0, 1, 2, 3]), "0-3");
    assert.equal(arraySpec([1, 3, 4, 5, 9], 2), "1,3-5,9%2");
    assert.equal(arraySpec([7]), "7");
  });
});
