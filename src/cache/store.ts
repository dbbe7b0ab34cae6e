/**
 * Tables on disk: Parquet (zstd, with the pandas metadata) or Feather (Arrow IPC). Every write
 * goes to a temporary file renamed into place, so that a crash never leaves half a file.
 */
import { closeSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import * as arrow from "apache-arrow";
import * as parquet from "parquet-wasm/node";
import type { Column, DataFrame } from "../frame/index.ts";
import { fromArrow, toArrow } from "./arrow.ts";
import { writeCsv } from "./csv.ts";

export type StoreType = "parquet" | "feather";
/** Formats of `blueetl export`: the cache's, and CSV as the golden outputs are written. */
export type TableFormat = StoreType | "csv";

/** Rows per Parquet row group: bounds the memory of the wasm writer and reader. */
const ROW_GROUP = 1 << 20;

/**
 * The bytes of tables already encoded, by their first column: a table whose columns are the same
 * objects (the features of a built-in function, shared by all its parameter sets) is encoded once.
 */
const encoded = new WeakMap<Column, { columns: Column[]; names: string; type: StoreType; bytes: Uint8Array }>();

export function encodeTable(frame: DataFrame, type: StoreType): Uint8Array {
  const columns = frame.names.map((n) => frame.column(n));
  const names = JSON.stringify([frame.names, frame.indexNames]);
  const previous = columns.length > 0 ? encoded.get(columns[0]!) : undefined;
  if (previous && previous.type === type && previous.names === names && previous.columns.every((c, i) => c === columns[i])) return previous.bytes;
  const bytes = encode(frame, type);
  if (columns.length > 0) encoded.set(columns[0]!, { columns, names, type, bytes });
  return bytes;
}

function encode(frame: DataFrame, type: StoreType): Uint8Array {
  const table = toArrow(frame);
  if (type === "feather") return arrow.tableToIPC(table, "file");
  const wasmTable = parquet.Table.fromIPCStream(arrow.tableToIPC(table, "stream"));
  const properties = new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression.ZSTD)
    .setMaxRowGroupSize(ROW_GROUP)
    .setKeyValueMetadata(new Map(table.schema.metadata))
    .build();
  return parquet.writeParquet(wasmTable, properties);
}

export function decodeTable(bytes: Uint8Array, type: StoreType): DataFrame {
  if (type === "feather") return fromArrow(arrow.tableFromIPC(bytes));
  return fromArrow(arrow.tableFromIPC(parquet.readParquet(bytes).intoIPCStream()));
}

/** Write `content` (or what `content` writes to a file descriptor) to a temporary file in the same folder, then rename it to `path`. */
export function writeAtomically(path: string, content: Uint8Array | string | ((fd: number) => void)): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    if (typeof content === "function") {
      const fd = openSync(temporary, "w");
      try {
        content(fd);
      } finally {
        closeSync(fd);
      }
    } else writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export function writeTable(path: string, frame: DataFrame, type: TableFormat): void {
  writeAtomically(path, type === "csv" ? (fd) => writeCsv(fd, frame) : encodeTable(frame, type));
}

export function readTable(path: string, type: StoreType): DataFrame {
  return decodeTable(new Uint8Array(readFileSync(path)), type);
}
