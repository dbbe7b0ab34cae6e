/**
 * Parquet tables decoded by parquet-wasm a row group at a time, each row group read in place
 * from the wasm memory (parquet-ffi.js) into the table's columns (ArrowReader); tables with a
 * column of another type go through Arrow IPC, as before.
 */
import * as arrow from "apache-arrow";
import { createRequire } from "node:module";
import { ArrowReader, type DataFrame, fromArrow } from "../frame/index.ts";
import { type FFIColumn, eachBatch } from "./parquet-ffi.js";
import { footerRange, readFooter, rowGroupFile, rowGroupFooters } from "./parquet-footer.js";
import { ROW_GROUP } from "./parquet-job.ts";

type ParquetWasm = typeof import("parquet-wasm/node");
/** parquet-wasm, loaded (synchronously: it is CommonJS) when a table is first read: a warm run that reads none never compiles it. */
let parquetWasm: ParquetWasm | undefined;
export const parquet = () => (parquetWasm ??= createRequire(import.meta.url)("parquet-wasm/node") as ParquetWasm);

/** The bytes of a Parquet file, read where asked (from memory or from disk). */
export interface ParquetSource {
  size: number;
  read(into: Uint8Array, position: number): void;
}

/** How rows groups are handed over: in place from the wasm memory, or as Arrow IPC (the way of any type the first does not know). */
export type RowGroupTransfer = "ffi" | "ipc";

/**
 * A Parquet table decoded one row group at a time, each given to parquet-wasm as a small file of
 * its own (its chunks and a footer naming only them): parquet-wasm copies the whole file it is
 * given into its memory for each row group it decodes, and its memory grows with what it decodes
 * at once (to 2.6 GB for 8M rows read whole, and the first growth alone costs seconds).
 */
export function decodeParquet(source: ParquetSource, options: { transfer?: RowGroupTransfer; onRowGroup?: (transfer: RowGroupTransfer) => void } = {}): DataFrame {
  const { transfer = "ffi", onRowGroup } = options;
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
  // Each row group's columns copied into the table's as it is decoded: no row group is kept.
  let reader: ArrowReader | undefined;
  let schema: arrow.Schema | undefined;
  let formats: string[] | undefined;
  for (const group of groups) {
    const { file, chunks } = rowGroupFile(group);
    source.read(chunks, group.start);
    if (!schema) {
      schema = arrow.tableFromIPC(parquet().readSchema(file).intoIPCStream()).schema;
      reader = new ArrowReader(schema, readFooter(footer).rows);
      formats = transfer === "ffi" ? expectedFormats(schema) : undefined;
    }
    const table = parquet().readParquet(file, { batchSize: ROW_GROUP });
    const accept = (given: string[]) => formats !== undefined && given.length === formats.length && given.every((f, i) => f === formats![i]);
    const inPlace = formats !== undefined && eachBatch(table, parquet().wasmMemory(), accept, (columns, rows) => reader!.add(recordBatch(schema!, columns, rows)));
    onRowGroup?.(inPlace ? "ffi" : "ipc");
    if (inPlace) continue;
    // Not in place (the table is consumed whether or not): the row group decoded again, as IPC.
    formats = undefined;
    const ipc = arrow.tableFromIPC(parquet().readParquet(file, { batchSize: ROW_GROUP }).intoIPCStream());
    for (const batch of ipc.batches) reader!.add(batch);
  }
  return reader!.finish();
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
