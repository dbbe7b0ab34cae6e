/** The table of a Parquet file read in place, compared to the IPC reader's. */
import assert from "node:assert/strict";
import { type RowGroupTransfer, decodeParquet } from "../../src/cache/parquet-read.ts";
import { CategoricalColumn, type DataFrame, arrowFields } from "../../src/frame/index.ts";

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

/** The table read in place must be the IPC reader's, each row group (`groups` of them, if given) read in place. */
export function assertEveryWay(bytes: Uint8Array, groups?: number, expected: RowGroupTransfer = "ffi"): DataFrame {
  const source = { size: bytes.length, read: (into: Uint8Array, position: number) => into.set(bytes.subarray(position, position + into.length)) };
  const reference = decodeParquet(source, { transfer: "ipc" });
  const used: RowGroupTransfer[] = [];
  const frame = decodeParquet(source, { onRowGroup: (t) => used.push(t) });
  assert.deepEqual(used, Array(groups ?? used.length).fill(expected), `every row group ${expected === "ffi" ? "in place" : "as IPC"}`);
  assertSameFrame(frame, reference, "in place");
  return reference;
}

