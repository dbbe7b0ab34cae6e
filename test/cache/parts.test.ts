/**
 * A large table is encoded in parts by the two writer threads and the parts made one file: the
 * same bytes (so the same checksum) as one writer's file of the whole table, read back equal.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileChecksum, readTable, writeTable } from "../../src/cache/index.ts";
import { ROW_GROUP } from "../../src/cache/parquet-job.ts";
import { CategoricalColumn, DataFrame, ListColumn, numeric, objects } from "../../src/frame/index.ts";
import { needs } from "../requirements.ts";
import { tempDir } from "../tmp.ts";

/** Numbers that no encoding shrinks much (28 random bits each): the file is 2.3 MB. */
const noise = (i: number) => (Math.imul(i, 2654435761) >>> 4) / 1024;

/** 4.5 row groups of rows, of every kind of column the writer has (a new table each call: no copy of a file written before). */
function large(): DataFrame {
  const n = Math.floor(4.5 * ROW_GROUP);
  const [trial, gid, first] = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  const codes = new Int32Array(n);
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    trial[i] = i % 7;
    gid[i] = i;
    first[i] = i % 11 === 0 ? NaN : noise(i);
    codes[i] = (i % 5) - 1;
    offsets[i + 1] = offsets[i]! + (i % 3);
  }
  const values = new Float64Array(offsets[n]!);
  for (let k = 0; k < values.length; k++) values[k] = noise(n + k);
  return new DataFrame(
    {
      trial: numeric("int64", trial),
      gid: numeric("int64", gid),
      neuron_class: new CategoricalColumn(codes, ["L23_EXC", "L4_EXC", "L5_EXC", "L6_EXC"]),
      first: numeric("float64", first),
      node_set: objects(new Array(n).fill(null)),
      times: new ListColumn(offsets, values),
    },
    { index: ["trial", "gid"] },
  );
}

test("a table of several row groups written in parts is the file one writer writes", async () => {
  const dir = tempDir("parts");
  const saved = process.env["BLUEETL_JOBLIB_JOBS"];
  try {
    process.env["BLUEETL_JOBLIB_JOBS"] = "1";
    const whole = join(dir, "whole.parquet");
    const wholeChecksum = await writeTable(whole, large(), "parquet");
    process.env["BLUEETL_JOBLIB_JOBS"] = "2";
    const parts = join(dir, "parts.parquet");
    const partsChecksum = await writeTable(parts, large(), "parquet");
    assert.ok(readFileSync(parts).equals(readFileSync(whole)), "the same bytes");
    assert.equal(partsChecksum, wholeChecksum);
    assert.equal(partsChecksum, fileChecksum(parts));
    const back = readTable(parts, "parquet");
    const expected = large();
    assert.equal(back.length, expected.length);
    for (const name of ["gid", "first"]) assert.deepEqual((back.column(name) as never as { values: Float64Array }).values, (expected.column(name) as never as { values: Float64Array }).values);
    assert.deepEqual((back.column("times") as ListColumn).offsets, (expected.column("times") as ListColumn).offsets);
  } finally {
    if (saved === undefined) delete process.env["BLUEETL_JOBLIB_JOBS"];
    else process.env["BLUEETL_JOBLIB_JOBS"] = saved;
  }
});

test("a part that fails (a full disk): the error names the file, and no part or temporary is left", needs(process.getuid?.() === 0, "needs root, to mount a small tmpfs"), async () => {
  const dir = tempDir("parts-full");
  // Room for the first parts, not for all of them and the file they make (the table is 2.3 MB, in four parts).
  const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", dir], { encoding: "utf8" });
  assert.equal(mounted.status, 0, mounted.stderr);
  const saved = process.env["BLUEETL_JOBLIB_JOBS"];
  try {
    process.env["BLUEETL_JOBLIB_JOBS"] = "2";
    const path = join(dir, "table.parquet");
    await assert.rejects(writeTable(path, large(), "parquet"), (error: Error) => {
      assert.match(error.message, /cannot write .*table\.parquet: .*(ENOSPC|No space left)/);
      return true;
    });
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    if (saved === undefined) delete process.env["BLUEETL_JOBLIB_JOBS"];
    else process.env["BLUEETL_JOBLIB_JOBS"] = saved;
    spawnSync("umount", [dir]);
  }
});
