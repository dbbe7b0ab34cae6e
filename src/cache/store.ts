/**
 * Tables on disk: Parquet (zstd, with the pandas metadata) or Feather (Arrow IPC). Every write
 * goes to a temporary file renamed into place, so that a crash never leaves half a file.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import * as arrow from "apache-arrow";
import * as parquet from "parquet-wasm/node";
import type { DataFrame } from "../frame/index.ts";
import { fromArrow, toArrow } from "./arrow.ts";

export type StoreType = "parquet" | "feather";

/** Rows per Parquet row group: bounds the memory of the wasm writer and reader. */
const ROW_GROUP = 1 << 20;

export function encodeTable(frame: DataFrame, type: StoreType): Uint8Array {
  const table = toArrow(frame);
  if (type === "feather") return arrow.tableToIPC(table, "file");
  const wasmTable = parquet.Table.fromIPCStream(arrow.tableToIPC(table, "stream"));
  const properties = new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression.ZSTD)
    .setMaxRowGroupSize(ROW_GROUP)
    .setKeyValueMetadata(new Map([["pandas", table.schema.metadata.get("pandas")!]]))
    .build();
  return parquet.writeParquet(wasmTable, properties);
}

export function decodeTable(bytes: Uint8Array, type: StoreType): DataFrame {
  if (type === "feather") return fromArrow(arrow.tableFromIPC(bytes));
  return fromArrow(arrow.tableFromIPC(parquet.readParquet(bytes).intoIPCStream()));
}

/** Write `bytes` to `path` through a temporary file in the same folder, then rename it. */
export function writeAtomically(path: string, bytes: Uint8Array | string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export function writeTable(path: string, frame: DataFrame, type: StoreType): void {
  writeAtomically(path, encodeTable(frame, type));
}

export function readTable(path: string, type: StoreType): DataFrame {
  return decodeTable(new Uint8Array(readFileSync(path)), type);
}
