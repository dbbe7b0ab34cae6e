/**
 * The cache as a user lives with it: a second run reads everything back and recomputes nothing;
 * an edited config or feature function recomputes what depends on it and only that; read-only,
 * concurrent and interrupted runs never leave a cache that looks valid and is not.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, test } from "node:test";
import { CacheError, type DataFrame, type MultiAnalyzer, readTable, runFromFile } from "../../src/index.ts";
import { blueetl, startBlueetl } from "../cli.ts";
import { type Project, makeProject, recordingLogger, userCalls } from "./project.ts";

/** Every file of the cache with its modification time. */
function snapshot(dir: string): Map<string, number> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return new Map(files.map((e) => [relative(dir, join(e.parentPath, e.name)), statSync(join(e.parentPath, e.name)).mtimeMs]));
}

function changedFiles(before: Map<string, number>, after: Map<string, number>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n)).sort();
}

/** Every table of the run (repo then features), as comparable records. */
function tables(ma: MultiAnalyzer): Record<string, unknown> {
  const spikes = ma.analysis("spikes");
  const all: Record<string, DataFrame> = {};
  for (const name of spikes.repo.names) all[`repo/${name}`] = spikes.repo.df(name);
  for (const name of spikes.isCalculated ? spikes.features.names : []) all[`features/${name}`] = spikes.features.get(name).df;
  return Object.fromEntries(
    Object.entries(all).map(([n, df]) => [n, { index: df.indexNames, dtypes: df.names.map((c) => df.column(c).dtype), rows: df.records() }]),
  );
}

async function run(project: Project, options: Parameters<typeof runFromFile>[1] = {}) {
  const logger = recordingLogger();
  userCalls(true);
  const ma = await runFromFile(project.config, { logger, ...options });
  try {
    return { tables: tables(ma), lines: logger.lines, calls: userCalls(), ma };
  } finally {
    await ma.close();
  }
}

const CACHE = (project: Project) => join(project.dir, "analysis_output", "spikes");

describe("the cache", () => {
  test("a second run with the same config reads every table back and computes nothing", async () => {
    const project = await makeProject();
    const first = await run(project);
    assert.ok(first.calls > 0);
    const before = snapshot(CACHE(project));
    const second = await run(project);
    assert.equal(second.calls, 0, "the user function was called again");
    for (const name of ["simulations", "neurons", "neuron_classes", "windows", "report"]) {
      assert.ok(second.lines.some((l) => l.startsWith(`spikes: ${name} read from the cache`)), `${name} not read from the cache`);
    }
    assert.ok(second.lines.some((l) => / features configs read from the cache, 0 calculated/.test(l)), second.lines.join("\n"));
    assert.deepEqual(changedFiles(before, snapshot(CACHE(project))), []);
    assert.deepEqual(second.tables, first.tables);
  });

  test("after a run with --clear-cache, the next run trusts the stored config's checksums and reads no stored YAML", async () => {
    const project = await makeProject();
    const first = await run(project, { clearCache: true });
    // The stored config says `clear: true`, which the check does not compare: unreadable, it is not read.
    writeFileSync(join(CACHE(project), "config", "analysis_config.cached.yaml"), "extraction: [unclosed\n");
    const second = await run(project);
    assert.equal(second.calls, 0, "the user function was called again");
    assert.ok(second.lines.some((l) => / features configs read from the cache, 0 calculated/.test(l)), second.lines.join("\n"));
    assert.deepEqual(second.tables, first.tables);
  });

  test("--clear-cache deletes the old tables while the run goes on, and what a run that ended left half-deleted is removed by the next", async () => {
    const project = await makeProject();
    const first = await run(project);
    writeFileSync(join(CACHE(project), "repo", "stray.parquet"), "old");
    // As if a run had ended while it deleted a cleared cache.
    const leftover = join(CACHE(project), ".removed.999999.0.abcdef");
    mkdirSync(join(leftover, "features"), { recursive: true });
    writeFileSync(join(leftover, "features", "by_gid.parquet"), "old");
    const cleared = await run(project, { clearCache: true });
    assert.ok(cleared.lines.some((l) => l.startsWith("spikes: report extracted")), cleared.lines.join("\n"));
    assert.ok(!existsSync(join(CACHE(project), "repo", "stray.parquet")), "the cleared repo folder is still there");
    assert.deepEqual(readdirSync(CACHE(project)).filter((n) => n.startsWith(".removed.")), []);
    assert.deepEqual(cleared.tables, first.tables);
  });

  test("the copies of a table that no parameter changes are read once, each with the attrs of its own file", async () => {
    const project = await makeProject();
    await run(project);
    const { ma } = await run(project);
    const spikes = ma.analysis("spikes");
    const copies = spikes.features.names.filter((n) => n.startsWith("by_gid_and_trial_"));
    assert.ok(copies.length >= 2, `copies: ${copies.join(", ")}`);
    const [first, ...others] = copies.map((n) => spikes.features.get(n).df);
    for (const [i, df] of others.entries()) {
      const name = copies[i + 1]!;
      const alone = readTable(join(CACHE(project), "features", `${name}.parquet`), "parquet");
      assert.ok(df.names.every((c) => df.column(c) === first!.column(c)), `${name}: its columns were read again`);
      assert.deepEqual(df.attrs, alone.attrs);
      assert.notDeepEqual(df.attrs, first!.attrs);
      assert.deepEqual(df.records(), alone.records());
      assert.deepEqual(df.indexNames, alone.indexNames);
    }
  });

  test("changing one feature's params recomputes that feature only", async () => {
    const project = await makeProject();
    const first = await run(project);
    const before = snapshot(CACHE(project));
    project.edit((c) => (c.analysis.spikes.features[1].params.scale = 2));
    const second = await run(project);
    assert.equal(second.calls, first.calls);
    assert.ok(second.lines.some((l) => / features configs read from the cache, 1 calculated/.test(l)), second.lines.join("\n"));
    assert.ok(second.lines.includes("spikes: features 'spike_counts' (user-features.ts:spikeCounts) recomputed: changed: params.scale 1 -> 2"), second.lines.join("\n"));
    // As BlueETL, the cached config is rewritten with the features as configured now.
    const changed = changedFiles(before, snapshot(CACHE(project)));
    assert.deepEqual(changed, ["config/analysis_config.cached.yaml", "config/checksums.cached.yaml", "features/spike_counts.parquet"]);
    const spikes = (t: typeof first) => (t.tables["features/spike_counts"] as { rows: Array<Record<string, number>> }).rows.map((r) => r["spikes"]!);
    assert.deepEqual(spikes(second), spikes(first).map((s) => 2 * s));
  });

  test("editing a user function's source recomputes its features", async () => {
    const project = await makeProject();
    const first = await run(project);
    const before = snapshot(CACHE(project));
    project.writeFunction(2);
    const second = await run(project);
    assert.equal(second.calls, first.calls);
    assert.deepEqual(changedFiles(before, snapshot(CACHE(project))), ["config/checksums.cached.yaml", "features/spike_counts.parquet"]);
    const versions = (second.tables["features/spike_counts"] as { rows: Array<Record<string, number>> }).rows.map((r) => r["version"]);
    assert.ok(versions.length > 0 && versions.every((v) => v === 2));
  });

  test("a changed window rebuilds windows, report and features, and keeps the neurons", async () => {
    const project = await makeProject();
    await run(project);
    const before = snapshot(CACHE(project));
    project.edit((c) => (c.analysis.spikes.extraction.windows.spont.bounds = [0, 100]));
    const second = await run(project);
    assert.ok(second.lines.some((l) => l.startsWith("spikes: neurons read from the cache")));
    assert.ok(second.lines.some((l) => l.startsWith("spikes: windows extracted")));
    const changed = changedFiles(before, snapshot(CACHE(project)));
    for (const file of ["repo/windows.parquet", "repo/report.parquet", "features/spike_counts.parquet"]) assert.ok(changed.includes(file), file);
    for (const file of ["repo/simulations.parquet", "repo/neurons.parquet", "repo/neuron_classes.parquet"]) assert.ok(!changed.includes(file), file);
  });

  test("a narrower simulations_filter filters the cached tables and leaves the cache as it was", async () => {
    const project = await makeProject();
    const full = await run(project);
    const before = snapshot(CACHE(project));
    project.edit((c) => (c.simulations_filter = { simulation_id: 1 }));
    const narrow = await run(project);
    assert.equal(narrow.calls, 0);
    const rows = (t: typeof full, name: string) => (t.tables[name] as { rows: Array<Record<string, unknown>> }).rows;
    assert.deepEqual(rows(narrow, "repo/simulations").map((r) => r["simulation_id"]), [1]);
    assert.deepEqual(rows(narrow, "repo/report"), rows(full, "repo/report").filter((r) => r["simulation_id"] === 1));
    assert.deepEqual(rows(narrow, "features/spike_counts"), rows(full, "features/spike_counts").filter((r) => r["simulation_id"] === 1));
    assert.deepEqual(changedFiles(before, snapshot(CACHE(project))), []);
    // Back to the broader filter: every simulation again, still from the cache (BlueETL would have kept the narrowed tables).
    project.edit((c) => delete c.simulations_filter);
    const again = await run(project);
    assert.equal(again.calls, 0);
    assert.deepEqual(again.tables, full.tables);
  });

  test("readonly: an empty cache fails at once; a cache without the features fails when they would be written", async () => {
    const project = await makeProject();
    await assert.rejects(run(project, { readonlyCache: true }), (e: Error) => e instanceof CacheError && /read-only.*empty or incomplete/.test(e.message));
    await run(project, { calculate: false });
    await assert.rejects(run(project, { readonlyCache: true }), (e: Error) => e instanceof CacheError && /cannot write features.*read-only/.test(e.message));
    await run(project);
    const readonly = await run(project, { readonlyCache: true });
    assert.equal(readonly.calls, 0);
  });

  test("a second writer fails clearly while the first holds the cache, which stays valid", async () => {
    const project = await makeProject();
    const logger = recordingLogger();
    const { MultiAnalyzer } = await import("../../src/index.ts");
    const holder = MultiAnalyzer.fromFile(project.config, { logger });
    try {
      const second = blueetl(["run", project.config]);
      assert.equal(second.status, 1);
      assert.match(second.stderr, /blueetl: Another process is locking .*analysis_output\/spikes/);
      await holder.calculateFeatures();
    } finally {
      await holder.close();
    }
    const third = blueetl(["run", "-v", project.config]);
    assert.equal(third.status, 0, third.stderr);
    assert.match(third.stderr, / features configs read from the cache, 0 calculated/);
  });

  test("a run killed while it writes leaves a cache that the next run repairs", async () => {
    const project = await makeProject({ neurons: 3000, sims: 2, durationMs: 1000 });
    const child = startBlueetl(["run", project.config]);
    const written = join(CACHE(project), "repo", "neurons.parquet");
    await new Promise<void>((done) => {
      const poll = setInterval(() => {
        try {
          statSync(written);
          child.kill("SIGKILL");
          clearInterval(poll);
          done();
        } catch {}
      }, 2);
    });
    const [, signal] = await new Promise<[number | null, string | null]>((done) => child.on("exit", (...a) => done(a)));
    assert.equal(signal, "SIGKILL", "the run ended before it could be killed");
    // As if a writer had been cut in the middle of a file: a torn table and a stray temporary file.
    truncateSync(written, 100);
    writeFileSync(join(CACHE(project), "repo", ".report.parquet.999999.tmp"), "partial");
    const repaired = await run(project);
    assert.ok(repaired.lines.some((l) => l.startsWith("spikes: neurons extracted")), repaired.lines.join("\n"));
    assert.ok(!readdirSync(join(CACHE(project), "repo")).some((f) => f.endsWith(".tmp")));
    const clean = await run(project, { clearCache: true });
    assert.deepEqual(repaired.tables, clean.tables);
  });
});
