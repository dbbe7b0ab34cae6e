/**
 * A table as the Parquet writer (parquet-worker.js) takes it: the type of each column, the file's
 * metadata (pyarrow's `pandas` key, with the table's attrs, and the `ARROW:schema` key without
 * which pandas reads no categorical), and its rows one row group at a time, each a copy of its
 * rows' typed arrays made only when the writer asks for it (so that no copy of the whole table
 * ever waits in a queue).
 */
import * as arrow from "apache-arrow";
import { type ArrowField, CategoricalColumn, type DataFrame, ListColumn, NumericColumn, type NumericDType, ObjectColumn, arrowFields, arrowSchema, objectKind } from "../frame/index.ts";

/** The writer's column kinds: DuckDB's types, named by what our columns hold. */
export type ColumnKind = NumericDType | "enum" | "list" | "int-list" | "string" | "null";

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** The categories of an `enum` column, in order. */
  categories?: readonly string[];
}

export interface ParquetSpec {
  columns: ColumnSpec[];
  rows: number;
  rowGroup: number;
  /** The file's key-value metadata. */
  metadata: Array<[string, string]>;
  /** Whether the encodings of Parquet 2 may be used (`parquet2`). */
  parquet2: boolean;
}

/** The rows of one row group: a value per column (typed arrays, or strings), and the buffers to move. */
export interface RowGroupData {
  start: number;
  rows: number;
  columns: unknown[];
  transfer: ArrayBuffer[];
}

export interface ParquetJob {
  spec: ParquetSpec;
  /** Row group `g`, copied out of the table. */
  rowGroup(g: number): RowGroupData;
  rowGroups: number;
  /** Every column on shared memory: its row groups are sent without a copy. */
  shared: boolean;
}

/** The key of pyarrow's metadata for pandas. */
export const PANDAS_KEY = "pandas";

/** pyarrow's key of the Arrow schema. */
export const ARROW_SCHEMA_KEY = "ARROW:schema";

/**
 * Rows per Parquet row group: bounds the memory of the writer and of the reader. DuckDB holds a
 * row group and its encoded pages while it writes: 1M rows cost each writer up to 0.43 GB more
 * (by_gid_and_trial, its list column), 256K rows 0.13 GB.
 */
export const ROW_GROUP = 1 << 18;

export function parquetJob(frame: DataFrame, rowGroup = ROW_GROUP): ParquetJob {
  const { fields, pandas } = arrowFields(frame);
  const parts = fields.map(columnPart);
  const metadata: Array<[string, string]> = [
    [PANDAS_KEY, JSON.stringify(pandas)],
    [ARROW_SCHEMA_KEY, arrowSchemaKey(frame)],
  ];
  const spec: ParquetSpec = { columns: parts.map((p) => p.spec), rows: frame.length, rowGroup, metadata, parquet2: parquet2(fields) };
  return {
    spec,
    rowGroups: Math.ceil(frame.length / rowGroup),
    shared: parts.every((p) => p.shared),
    rowGroup(g) {
      const start = g * rowGroup;
      const end = Math.min(frame.length, start + rowGroup);
      const transfer: ArrayBuffer[] = [];
      const columns = parts.map((p) => p.rows(start, end, transfer));
      return { start, rows: end - start, columns, transfer };
    },
  };
}

/**
 * pyarrow's `ARROW:schema`: the base64 of the Arrow IPC message of the table's schema (an IPC
 * stream of the schema alone, less its 8-byte end marker). pandas reads a column as categorical
 * only when this says it is a dictionary.
 */
export function arrowSchemaKey(frame: DataFrame): string {
  // With its metadata: pyarrow takes the pandas metadata from here when the key is present.
  const ipc = arrow.tableToIPC(new arrow.Table(arrowSchema(frame)), "stream");
  return Buffer.from(ipc.subarray(0, ipc.length - 8)).toString("base64");
}

/**
 * Whether Parquet 2's encodings may be used: not when an int32 column spans 2^31 or more, or a
 * uint32 column holds 2^31 or more, whose deltas DuckDB writes in 33 bits or unsigned, and
 * parquet-wasm refuses to read (pyarrow reads them).
 */
function parquet2(fields: readonly ArrowField[]): boolean {
  return fields.every(({ column }) => {
    if (!(column instanceof NumericColumn) || (column.dtype !== "int32" && column.dtype !== "uint32")) return true;
    // From 0 (uint32: its values themselves).
    let min = 0;
    let max = 0;
    for (const v of column.values as Int32Array | Uint32Array) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return max - min < 2 ** 31;
  });
}

interface ColumnPart {
  spec: ColumnSpec;
  rows(start: number, end: number, transfer: ArrayBuffer[]): unknown;
  /** Its rows are views of shared memory, not copies. */
  shared?: boolean;
}

const isShared = (values: { buffer: ArrayBufferLike }) => values.buffer instanceof SharedArrayBuffer;

function columnPart({ field, column }: ArrowField): ColumnPart {
  const copy = <T extends { buffer: ArrayBufferLike }>(values: T, transfer: ArrayBuffer[]) => {
    transfer.push(values.buffer as ArrayBuffer);
    return values;
  };
  if (column instanceof NumericColumn) {
    const spec: ColumnSpec = { name: field, kind: column.dtype };
    if (isShared(column.values)) return { spec, shared: true, rows: (s, e) => column.values.subarray(s, e) };
    return { spec, rows: (s, e, t) => copy(column.values.slice(s, e), t) };
  }
  if (column instanceof CategoricalColumn) {
    const spec: ColumnSpec = { name: field, kind: "enum", categories: column.categories };
    if (isShared(column.codes)) return { spec, shared: true, rows: (s, e) => column.codes.subarray(s, e) };
    return { spec, rows: (s, e, t) => copy(column.codes.slice(s, e), t) };
  }
  if (column instanceof ListColumn) {
    const spec: ColumnSpec = { name: field, kind: "list" };
    // The writer takes each row's values from its offsets, wherever the first one is.
    if (isShared(column.offsets) && isShared(column.values)) return { spec, shared: true, rows: (s, e) => ({ offsets: column.offsets.subarray(s, e + 1), values: column.values }) };
    return { spec, rows: (s, e, t) => listRows(column.offsets, column.values, s, e, t) };
  }
  const values = (column as ObjectColumn).values;
  const kind = objectKind(values);
  if (kind === "empty") return { spec: { name: field, kind: "null" }, rows: () => null };
  if (kind === "int-lists" || kind === "float-lists") {
    const lists = values.map((v) => (v ?? null) as number[] | null);
    const offsets = new Int32Array(lists.length + 1);
    lists.forEach((l, i) => (offsets[i + 1] = offsets[i]! + (l?.length ?? 0)));
    const flat = Float64Array.from(lists.flatMap((l) => l ?? []));
    const valid = Uint8Array.from(lists, (l) => (l === null ? 0 : 1));
    return {
      spec: { name: field, kind: kind === "int-lists" ? "int-list" : "list" },
      rows: (s, e, t) => ({ ...listRows(offsets, flat, s, e, t), valid: copy(valid.slice(s, e), t) }),
    };
  }
  const text = kind === "strings" ? (v: unknown) => (v ?? null) as string | null : (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  return { spec: { name: field, kind: "string" }, rows: (s, e) => values.slice(s, e).map(text) };
}

/** Rows [s, e) of a list column: their offsets from 0 and their values. */
function listRows(offsets: Int32Array, values: Float64Array, s: number, e: number, transfer: ArrayBuffer[]) {
  const first = offsets[s]!;
  const own = offsets.slice(s, e + 1).map((o) => o - first);
  const items = values.slice(first, offsets[e]!);
  transfer.push(own.buffer, items.buffer);
  return { offsets: own, values: items };
}
