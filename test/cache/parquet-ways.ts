/** The table of a Parquet file read in place, compared to the IPC reader's. */
import assert from "node:assert/strict";
import { closeSync, openSync, readSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type RowGroupTransfer, decodeParquet } from "../../src/cache/parquet-read.ts";
import { CategoricalColumn, type DataFrame, arrowFields } from "../../src/frame/index.ts";
import { tempDir } from "../tmp.ts";

/** Everything the two tables hold, as pandas would see it. */
export function assertSameFrame(actual: DataFrame, expected: DataFrame, what: string): void {
  assert.deepEqual(arrowFields(actual).pandas, arrowFields(expected).pandas, `${what}: layout, dtypes, index, attrs`);
  for (const name of expected.names) {
    const [a, e] = [actual.column(name), expected.column(name)];
    assert.equal(a.constructor, e.constructor, `${what}: ${name}`);
    if (e instanceof CategoricalColumn) assert.deepEqual((a as CategoricalColumn).categories, e.categories, `${what}: ${name} categories`);
    for (const key of ["values", "codes", "offsets"] as const) if (key in e) assert.deepStrictEqual((a as never)[key], (e as never)[key], `${what}: ${name}.${key}`);
  }
  assert.deepEqual(actual.records(), expected.records(), `${what}: rows`);
}

/**
 * The table read in place must be the IPC reader's, each row group (`groups` of them, if given)
 * read in place; and so must the table read from a file with reader threads (`threaded`: the way
 * that reader takes, "threads" or, for a table it does not take, the in-place one's; "any": either).
 */
export function assertEveryWay(bytes: Uint8Array, groups?: number, expected: RowGroupTransfer = "ffi", threaded: RowGroupTransfer | "any" = expected): DataFrame {
  const source = { size: bytes.length, read: (into: Uint8Array, position: number) => into.set(bytes.subarray(position, position + into.length)) };
  const reference = decodeParquet(source, { transfer: "ipc" });
  const used: RowGroupTransfer[] = [];
  const frame = decodeParquet(source, { onRowGroup: (t) => used.push(t) });
  assert.deepEqual(used, Array(groups ?? used.length).fill(expected), `every row group ${expected === "ffi" ? "in place" : "as IPC"}`);
  assertSameFrame(frame, reference, "in place");
  const path = join(tempDir("parquet-ways"), "table.parquet");
  writeFileSync(path, bytes);
  const ways: RowGroupTransfer[] = [];
  const fd = openSync(path, "r");
  try {
    const file = { ...source, read: (into: Uint8Array, position: number) => void readSync(fd, into, 0, into.length, position), path };
    assertSameFrame(decodeParquet(file, { threadsFrom: 1, onRowGroup: (t) => ways.push(t) }), reference, "with reader threads");
    // The same, every row group decoded in a reader thread.
    assertSameFrame(decodeParquet(file, { threadsFrom: 1, threadsOnly: true }), reference, "by reader threads alone");
  } finally {
    closeSync(fd);
  }
  if (threaded !== "any") assert.deepEqual(ways, Array(used.length).fill(threaded), `every row group read ${threaded === "threads" ? "by threads" : "as without them"}`);
  return reference;
}
