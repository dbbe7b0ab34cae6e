/**
 * Every golden case through the command line, as a user runs it: `blueetl run`, then
 * `blueetl export` as CSV and as Parquet (both read from the cache the run wrote). Every table
 * Python BlueETL produced must be exported, equal: CSV cell for cell (floats as `%.17g`, so bit
 * for bit), Parquet with the same dtypes, categories and index. Then every Parquet file written
 * (the cache's and the export's) is read by pandas and pyarrow, in each Python environment of the
 * tests, and must give BlueETL's dtypes, index, categories in their order, nulls and attrs.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { readTable } from "../../src/cache/index.ts";
import { assertEveryWay } from "../cache/parquet-ways.ts";
import { blueetl } from "../cli.ts";
import { NEEDS_SHARED } from "../shared.ts";
import { PYTHON_ENVS, needsPython, pythonEnv } from "../python.ts";
import { GOLDEN_CASES, type GoldenCase, type GoldenNames, copyCase } from "./cases.ts";
import { type Golden, compareCsv, compareTable, readGolden } from "./compare.ts";
import { parseCsv } from "./csv.ts";

/** Columns smoothed with a Gaussian kernel: numpy's AVX-512 exp may differ by an ulp (DEVELOPERS.md). */
const TOLERANCE = { smoothed_3ms_spike_times_max_normalised_hist_1ms_bin: 1e-15 };

function ok(result: ReturnType<typeof blueetl>): void {
  assert.equal(result.status, 0, `blueetl failed:\n${result.stderr}`);
}

/** Each Parquet file written by the cases and the golden sidecar of the table it holds. */
const written: Array<[string, string]> = [];

describe("golden cases end to end: blueetl run, then export as CSV and Parquet", NEEDS_SHARED, () => {
  for (const golden of GOLDEN_CASES) {
    if (!golden.python) test(golden.name, () => checkCase(golden));
    // Run as BlueETL was: PYTHONPATH set to the case's folder, where its module lies.
    else for (const python of PYTHON_ENVS) test(`${golden.name} (${python.label})`, needsPython(python), () => checkCase(golden, (dir) => pythonEnv(python, dir)));
  }
  test("every Parquet file written read in place, and by reader threads, as through Arrow IPC", () => {
    assert.ok(written.length > 0);
    for (const [file] of written) {
      try {
        assertEveryWay(new Uint8Array(readFileSync(file)), undefined, "ffi", "any");
      } catch (error) {
        throw new Error(`${file}: ${(error as Error).message}`);
      }
    }
  });
  for (const python of PYTHON_ENVS) {
    test(`every Parquet file written (cache and export) read by pandas and pyarrow (${python.label})`, needsPython(python), () => {
      assert.ok(written.length > 0, "no Parquet file was written by the cases");
      const read = spawnSync(python.python, [join(import.meta.dirname, "read_parquet.py")], { input: JSON.stringify(written), encoding: "utf8", maxBuffer: 1 << 26 });
      assert.equal(read.status, 0, read.stderr);
      const problems = Object.entries(JSON.parse(read.stdout) as Record<string, string[]>).flatMap(([file, list]) => list.map((p) => `${file}: ${p}`));
      assert.deepEqual(problems, []);
    });
  }
});

function checkCase(golden: GoldenCase, envOf?: (dir: string) => NodeJS.ProcessEnv): void {
  const { dir, config } = copyCase(golden);
  const env = envOf?.(dir);
  const names = JSON.parse(readFileSync(join(dir, "names.json"), "utf8")) as GoldenNames;
  ok(blueetl(["run", config], undefined, env));
  ok(blueetl(["export", config, "--to", join(dir, "csv"), "--format", "csv"], undefined, env));
  ok(blueetl(["export", config, "--to", join(dir, "parquet")], undefined, env));
  const problems: string[] = [];
  for (const analysis of names.analyses) {
    for (const folder of ["repo", "features"]) {
      const expected = tables(join(dir, analysis, folder), ".csv");
      assert.deepEqual(tables(join(dir, "csv", analysis, folder), ".csv"), expected, `${analysis}/${folder}: CSV files`);
      assert.deepEqual(tables(join(dir, "parquet", analysis, folder), ".parquet"), expected, `${analysis}/${folder}: Parquet files`);
      for (const table of expected) {
        const reference: Golden = readGolden(join(dir, analysis, folder, table));
        const where = `${analysis}/${folder}/${table}`;
        const csv = parseCsv(readFileSync(join(dir, "csv", analysis, folder, `${table}.csv`), "utf8"));
        for (const p of compareCsv(csv, reference, TOLERANCE)) problems.push(`${where}.csv: ${p}`);
        const exported = join(dir, "parquet", analysis, folder, `${table}.parquet`);
        const cached = join(dir, "analysis_output", analysis, folder, `${table}.parquet`);
        for (const file of [exported, cached]) if (existsSync(file)) written.push([file, join(dir, analysis, folder, `${table}.json`)]);
        const parquet = readTable(exported, "parquet");
        for (const p of compareTable(parquet, reference, { tolerance: TOLERANCE })) problems.push(`${where}.parquet: ${p}`);
      }
    }
  }
  assert.deepEqual(problems, []);
}

/** The table names of a folder: its files with that extension, without it. */
function tables(folder: string, extension: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).filter((f) => f.endsWith(extension)).map((f) => f.slice(0, -extension.length)).sort();
}
