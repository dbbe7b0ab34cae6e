/**
 * Parquet tables decoded by parquet-wasm a row group at a time, each row group read in place from the wasm memory (parquet-ffi.js) into the table's
 * columns (ArrowReader); row groups with a column of another type go through Arrow IPC, as before.
 */
import * as arrow from "apache-arrow";
import { createRequire } from "node:module";
import { ArrowReader, type DataFrame, fromArrow } from "../frame/index.ts";
import { type FFIColumn, eachBatch } from "./parquet-ffi.js";
import { footerRange, readFooter, rowGroupFile, rowGroupFooters } from "./parquet-footer.js";
import { ROW_GROUP } from "./parquet-job.ts";
import { readWithThreads } from "./parquet-threads.ts";

type ParquetWasm = typeof import("parquet-wasm/node");
/** parquet-wasm, loaded (synchronously: it is CommonJS) when a table is first read: a warm run that reads none never compiles it. */
let parquetWasm: ParquetWasm | undefined;
export const parquet = () => (parquetWasm ??= createRequire(import.meta.url)("parquet-wasm/node") as ParquetWasm);

/** The bytes of a Parquet file, read where asked (from memory or from disk). */
export interface ParquetSource {
  size: number;
  read(into: Uint8Array, position: number): void;
  /** The file's path, where reader threads may read it too. */
  path?: string;
}

/** Row groups from which a table in a file is read by reader threads too (1M rows: starting them costs 0.1-0.2 s). */
const THREADS_FROM = 4;

/**
 * Rows of a record batch read in place: parquet-wasm's memory grows less when a row group is
 * decoded in batches of 128K rows than whole (SOMA's report: 48 MB, not 89; M's by_gid_and_trial,
 * with its list column: 114 MB, not 188), for the same time.
 */
const BATCH = 1 << 17;

/**
 * How row groups are handed over: in place from the wasm memory, or as Arrow IPC (the way of any
 * type the first does not know); or decoded straight into the table's columns, by reader threads too.
 */
export type RowGroupTransfer = "ffi" | "ipc" | "threads";

export interface DecodeOptions {
  /** "ipc": every row group as Arrow IPC, on this thread (the reader before the in-place one). */
  transfer?: "ffi" | "ipc";
  /** Told how each row group came. */
  onRowGroup?: (transfer: RowGroupTransfer) => void;
  /** Row groups from which reader threads help (THREADS_FROM; Infinity: never). */
  threadsFrom?: number;
  /** The reader threads read every row group, not this thread (tests). */
  threadsOnly?: boolean;
}

/**
 * A Parquet table decoded one row group at a time, each given to parquet-wasm as a small file of
 * its own (its chunks and a footer naming only them): parquet-wasm copies the whole file it is
 * given into its memory for each row group it decodes, and its memory grows with what it decodes
 * at once (to 2.6 GB for 8M rows read whole, and the first growth alone costs seconds). Each row
 * group is copied into the table's columns as it comes: no row group is kept.
 */
export function decodeParquet(source: ParquetSource, options: DecodeOptions = {}): DataFrame {
  const tail = new Uint8Array(Math.min(source.size, 1 << 16));
  source.read(tail, source.size - tail.length);
  const range = footerRange(tail, source.size);
  const footer = new Uint8Array(range.length);
  source.read(footer, range.start);
  const groups = rowGroupFooters(footer);
  if (groups.length === 0) {
    // An empty table has no row group (asking parquet-wasm for row group 0 traps): its schema is the table.
    const { file } = rowGroupFile({ start: 0, end: 0, footer });
    return fromArrow(arrow.tableFromIPC(parquet().readSchema(file).intoIPCStream()));
  }
  const { rows, rowGroups, values } = readFooter(footer);
  if (source.path && groups.length >= (options.threadsFrom ?? THREADS_FROM) && options.transfer !== "ipc") {
    const schema = schemaOf(rowGroupFile(groups[0]!).file);
    const formats = expectedFormats(schema);
    const frame = formats && readWithThreads({ path: source.path, read: source.read, groups, groupRows: rowGroups, groupValues: values, schema, formats }, parquet(), options);
    if (frame) {
      for (const _ of groups) options.onRowGroup?.("threads");
      return frame;
    }
  }
  const table = new TableReading(rows, options.transfer ?? "ffi", options.onRowGroup);
  for (const group of groups) {
    const { file, chunks } = rowGroupFile(group);
    source.read(chunks, group.start);
    table.decode(file);
  }
  return table.finish();
}

/** A table read row group by row group. */
class TableReading {
  private reader: ArrowReader | undefined;
  private schema: arrow.Schema | undefined;
  /** The formats expected of the in-place reader, or undefined to read as IPC. */
  private formats: string[] | undefined;

  constructor(
    private readonly rows: number,
    private readonly transfer: "ffi" | "ipc",
    private readonly onRowGroup?: (transfer: RowGroupTransfer) => void,
  ) {}

  private start(schema: arrow.Schema): void {
    if (this.schema) return;
    this.schema = schema;
    this.reader = new ArrowReader(schema, this.rows);
    this.formats = this.transfer === "ffi" ? expectedFormats(schema) : undefined;
  }

  private accepts(given: string[]): boolean {
    const { formats } = this;
    return formats !== undefined && given.length === formats.length && given.every((f, i) => f === formats[i]);
  }

  /** The row group `file` decoded, read in place when it can be. */
  decode(file: Uint8Array): void {
    if (!this.schema) this.start(schemaOf(file));
    const reader = this.reader!;
    if (this.formats !== undefined) {
      const decoded = parquet().readParquet(file, { batchSize: BATCH });
      if (eachBatch(decoded, parquet().wasmMemory(), (given) => this.accepts(given), (columns, rows) => reader.add(recordBatch(this.schema!, columns, rows)))) {
        this.onRowGroup?.("ffi");
        return;
      }
      // Not in place (the decoded table is consumed whether or not): decoded again, as IPC, and so the next row groups.
      this.formats = undefined;
    }
    this.onRowGroup?.("ipc");
    const ipc = arrow.tableFromIPC(parquet().readParquet(file, { batchSize: ROW_GROUP }).intoIPCStream());
    for (const batch of ipc.batches) reader.add(batch);
  }

  finish(): DataFrame {
    return this.reader!.finish();
  }
}

/** The Arrow schema of a Parquet file (its footer is enough). */
function schemaOf(file: Uint8Array): arrow.Schema {
  return arrow.tableFromIPC(parquet().readSchema(file).intoIPCStream()).schema;
}

/** The C data interface's format of each field (as parquet-ffi.js writes them), or undefined if one has a type it does not read. */
function expectedFormats(schema: arrow.Schema): string[] | undefined {
  const formats = schema.fields.map((f) => formatOf(f.type));
  return formats.every((f) => f !== undefined) ? (formats as string[]) : undefined;
}

const INT_FORMATS: Record<string, string> = { "8": "c", "16": "s", "32": "i", "64": "l" };

function formatOf(type: arrow.DataType): string | undefined {
  if (arrow.DataType.isDictionary(type)) {
    const index = formatOf(type.indices);
    return index && "cCsSiI".includes(index) && arrow.DataType.isUtf8(type.dictionary) ? `${index}:u` : undefined;
  }
  if (arrow.DataType.isInt(type)) {
    const f = INT_FORMATS[String(type.bitWidth)]!;
    return type.isSigned ? f : f.toUpperCase();
  }
  if (arrow.DataType.isFloat(type)) return type.precision === arrow.Precision.SINGLE ? "f" : type.precision === arrow.Precision.DOUBLE ? "g" : undefined;
  if (arrow.DataType.isBool(type)) return "b";
  if (arrow.DataType.isNull(type)) return "n";
  if (arrow.DataType.isUtf8(type)) return "u";
  if (arrow.DataType.isList(type)) {
    const item = formatOf(type.children[0]!.type);
    return item && item !== "u" && item !== "b" && !item.includes(":") && !item.startsWith("+") ? `+l[${item}]` : undefined;
  }
  return undefined;
}

function recordBatch(schema: arrow.Schema, columns: FFIColumn[], rows: number): arrow.RecordBatch {
  const children = schema.fields.map((field, i) => toData(field.type, columns[i]!));
  return new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: rows, children }));
}

function toData(type: arrow.DataType, column: FFIColumn): arrow.Data {
  const { length, offset, nullCount, nullBitmap } = column;
  const base = { length, offset, nullCount, nullBitmap };
  if (arrow.DataType.isNull(type)) return arrow.makeData({ type, length });
  if (arrow.DataType.isDictionary(type)) {
    const dictionary = arrow.makeVector(toData(type.dictionary, column.dictionary!));
    return arrow.makeData({ type, ...base, data: column.data as never, dictionary });
  }
  if (arrow.DataType.isList(type)) return arrow.makeData({ type, ...base, valueOffsets: column.valueOffsets!, child: toData(type.children[0]!.type, column.child!) });
  if (arrow.DataType.isUtf8(type)) return arrow.makeData({ type, ...base, valueOffsets: column.valueOffsets!, data: column.data as Uint8Array });
  return arrow.makeData({ type: type as arrow.Float64, ...base, data: column.data as never });
}
