/**
 * The executor: the report extracted by 2 worker threads (one task per simulation, finishing in
 * any order) is the report of 1 worker, inline, bit for bit, on the golden cases of spikes, soma
 * and compartment reports; results come back in task order; a failing task is an error of the run.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { CategoricalColumn, type DataFrame, ListColumn, NumericColumn, ObjectColumn } from "../../src/frame/index.ts";
import { MultiAnalyzer } from "../../src/analysis/index.ts";
import { type Executor, InOrder, InlineExecutor, ThreadExecutor } from "../../src/executor/index.ts";
import { GOLDEN_CASES, copyCase } from "../golden/cases.ts";
import { NEEDS_SHARED } from "../shared.ts";

/** Every column of the table as comparable values: floats by their bits. */
function contents(df: DataFrame): unknown {
  return df.names.map((name) => {
    const column = df.column(name);
    if (column instanceof NumericColumn) return [name, column.dtype, Buffer.from(Float64Array.from(column.values).buffer).toString("base64")];
    if (column instanceof CategoricalColumn) return [name, column.categories, Array.from(column.codes)];
    if (column instanceof ListColumn) return [name, Array.from(column.offsets), Buffer.from(Float64Array.from(column.values).buffer).toString("base64")];
    return [name, (column as ObjectColumn).values];
  });
}

async function reports(config: string, executor: () => Executor): Promise<Record<string, unknown>> {
  const ma = MultiAnalyzer.fromFile(config, { clearCache: true, executorFor: executor });
  try {
    await ma.extractRepo();
    return Object.fromEntries(ma.names.map((name) => [name, contents(ma.analysis(name).repo.df("report"))]));
  } finally {
    await ma.close();
  }
}

describe("executor", () => {
  // The golden cases of each kind of report: spikes (one analysis, and two with a window of the other), soma and compartment.
  const cases = ["doc_tutorial", "doc_window_reference", "unit_soma_compartment"];
  for (const golden of GOLDEN_CASES.filter((g) => cases.includes(g.name))) {
    test(`${golden.name}: the report of 2 worker threads is that of 1 (inline)`, NEEDS_SHARED, async () => {
      const { config } = copyCase(golden);
      assert.deepEqual(await reports(config, () => new ThreadExecutor(2)), await reports(config, () => new InlineExecutor()));
    });
  }

  test("results handed on in task order, whatever order they finish in", () => {
    const seen: Array<[string, number]> = [];
    const ordered = new InOrder<string>((output, index) => seen.push([output, index]));
    for (const [index, output] of [[2, "c"], [0, "a"], [3, "d"], [1, "b"]] as const) ordered.add(index, output);
    assert.deepEqual(seen, [["a", 0], ["b", 1], ["c", 2], ["d", 3]]);
  });

  test("threads started before their tasks (loading h5wasm) and never given one let the process end", () => {
    const executor = new URL("../../src/executor/index.ts", import.meta.url).href;
    const register = new URL("../../bin/register.js", import.meta.url).pathname;
    // A file, not `-e`: the threads would be given `-e` among the options they inherit.
    const dir = mkdtempSync(join(tmpdir(), "blueetl-executor-"));
    try {
      const script = join(dir, "start.mjs");
      writeFileSync(script, `import { ThreadExecutor } from ${JSON.stringify(executor)};\nnew ThreadExecutor(2).start("report-of-simulation");\n`);
      const child = spawnSync(process.execPath, ["--import", register, script], { timeout: 30_000, encoding: "utf8" });
      assert.equal(child.signal, null, "the process was still running after 30 s");
      assert.equal(child.status, 0, child.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a task that fails fails the run", async () => {
    const executor = new ThreadExecutor(2);
    try {
      const task = { simulationPath: "/nonexistent/simulation_config.json", classes: [], trials: [], options: { type: "spikes" as const, name: "spikes" } };
      await assert.rejects(executor.map("report-of-simulation", [task], () => {}), /nonexistent/);
    } finally {
      await executor.close();
    }
  });
});
