/**
 * Tables on disk: Parquet (zstd, with the pandas metadata) or Feather (Arrow IPC); CSV for
 * exports. Every write goes through the storage layer (files.ts): a checked, fsynced temporary
 * file renamed into place, so that a crash never leaves half a file. Parquet is encoded in worker
 * threads (workers.ts) and decoded a row group at a time.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import * as arrow from "apache-arrow";
import * as parquet from "parquet-wasm/node";
import { type Column, type DataFrame, fromArrow, toArrow } from "../frame/index.ts";
import { writeCsv } from "./csv.ts";
import { CacheError } from "./errors.ts";
import { CacheFolder, describeError } from "./files.ts";
import { type EncodeJob, encodeInWorker } from "./workers.ts";

export type StoreType = "parquet" | "feather";
/** Formats of `blueetl export`: the cache's, and CSV as the golden outputs are written. */
export type TableFormat = StoreType | "csv";

/** Rows per Parquet row group: bounds the memory of the wasm writer and reader. */
const ROW_GROUP = 1 << 20;
/** Metadata key of our files: their number of row groups, so that they are read one at a time. */
const ROW_GROUPS_KEY = "blueetl.row_groups";

/** The table as Parquet or Feather bytes. */
export async function encodeTable(frame: DataFrame, type: StoreType): Promise<Uint8Array> {
  if (type === "feather") return arrow.tableToIPC(toArrow(frame), "file");
  return (await encodeInWorker(parquetJob(frame))).bytes!;
}

/** One Arrow IPC stream per row group (one for the schema of an empty table): the worker drops each once encoded. */
function parquetJob(frame: DataFrame): EncodeJob {
  const rowGroups = Math.ceil(frame.length / ROW_GROUP);
  let schema = new arrow.Schema();
  const ipc = Array.from({ length: Math.max(1, rowGroups) }, (_, g) => {
    const part = toArrow(frame, { start: g * ROW_GROUP, end: Math.min(frame.length, (g + 1) * ROW_GROUP) });
    schema = part.schema;
    return arrow.tableToIPC(part, "stream");
  });
  const metadata: Array<[string, string]> = [...schema.metadata, [ROW_GROUPS_KEY, String(rowGroups)]];
  return { rowGroups: ipc, rows: frame.length, metadata, rowGroup: ROW_GROUP, plain: schema.fields.filter((f) => isPlain(f.type)).map((f) => f.name) };
}

/**
 * Columns written without a dictionary (bench/parquet.ts): int16 keys (simulation, circuit,
 * trial), whose runs zstd compresses as well, and float32 values (voltages: nearly all distinct).
 * Their dictionaries cost a fifth of the time of writing a report, for no smaller file.
 */
function isPlain(type: arrow.DataType): boolean {
  return (arrow.DataType.isInt(type) && type.bitWidth === 16) || (arrow.DataType.isFloat(type) && type.precision === arrow.Precision.SINGLE);
}

export function decodeTable(bytes: Uint8Array, type: StoreType): DataFrame {
  if (type === "feather") return fromArrow(arrow.tableFromIPC(bytes));
  const read = (options: parquet.ReaderOptions) => arrow.tableFromIPC(parquet.readParquet(bytes, options).intoIPCStream());
  const schema = parquet.readSchema(bytes);
  const groups = schema.metadata().get(ROW_GROUPS_KEY);
  // An empty table has no row group (asking parquet-wasm for row group 0 traps): its schema is the table.
  if (groups === "0") return fromArrow(arrow.tableFromIPC(schema.intoIPCStream()));
  schema.free();
  if (groups === undefined) return fromArrow(read({ batchSize: ROW_GROUP }));
  // One row group at a time: the wasm reader's memory grows with what it decodes at once (to
  // 2.6 GB for 8M rows read whole, and the first growth alone costs seconds).
  const parts = Array.from({ length: Number(groups) }, (_, g) => read({ rowGroups: [g], batchSize: ROW_GROUP }));
  return fromArrow(new arrow.Table(parts.flatMap((part) => part.batches)));
}

/** The table in the file at `path`; a file that cannot be decoded is a CacheError naming it. */
export function readTable(path: string, type: StoreType): DataFrame {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new CacheError(`cannot read ${path}: ${describeError(error)}`);
  }
  try {
    return decodeTable(bytes, type);
  } catch (error) {
    throw new CacheError(`${path} cannot be read as ${type} (${(error as Error).message}): delete it, or run with --clear-cache`);
  }
}

/** The first `n` rows of a stored table and its number of rows, without decoding the rest. */
export async function readTableHead(path: string, type: StoreType, n: number): Promise<{ head: DataFrame; rows: number }> {
  const bytes = new Uint8Array(readFileSync(path));
  if (type === "feather") {
    const table = arrow.tableFromIPC(bytes);
    return { head: fromArrow(table.slice(0, n)), rows: table.numRows };
  }
  const file = await parquet.ParquetFile.fromFile(new Blob([bytes]));
  try {
    const rows = file.metadata().fileMetadata().numRows();
    const first = parquet.readParquet(bytes, { ...(rows > 0 ? { rowGroups: [0] } : {}), limit: n, batchSize: Math.max(n, 1) });
    return { head: fromArrow(arrow.tableFromIPC(first.intoIPCStream())), rows };
  } finally {
    file.free();
  }
}

/**
 * Tables already written, by their first column: a table whose columns are the same objects
 * (the features of a built-in function, shared by all its parameter sets) is encoded once, and
 * its file copied.
 */
const written = new WeakMap<Column, { columns: Column[]; names: string; type: TableFormat; file: Promise<{ path: string; checksum: string }> }>();

/**
 * Write the table through `folder` (by default, the folder of `path`): checked, durable, renamed
 * into place. The BLAKE2b checksum of the file.
 */
export async function writeTable(path: string, frame: DataFrame, type: TableFormat, folder = new CacheFolder(dirname(path))): Promise<string> {
  const columns = frame.names.map((n) => frame.column(n));
  const names = JSON.stringify([frame.names, frame.indexNames]);
  const previous = columns.length > 0 ? written.get(columns[0]!) : undefined;
  if (previous && previous.type === type && previous.names === names && previous.columns.every((c, i) => c === columns[i])) {
    const first = await previous.file;
    folder.copy(first.path, path);
    return first.checksum;
  }
  const file = writeNew(path, frame, type, folder).then((checksum) => ({ path, checksum }));
  if (columns.length > 0) written.set(columns[0]!, { columns, names, type, file });
  return (await file).checksum;
}

async function writeNew(path: string, frame: DataFrame, type: TableFormat, folder: CacheFolder): Promise<string> {
  if (type === "parquet") {
    const temporary = folder.temporary(path);
    let result: Awaited<ReturnType<typeof encodeInWorker>>;
    try {
      result = await encodeInWorker({ ...parquetJob(frame), path, temporary });
    } catch (error) {
      throw new CacheError(`cannot write ${path}: ${describeError(error)}`);
    }
    folder.commit(temporary, path, result.size!);
    return result.checksum!;
  }
  if (type === "feather") folder.write(path, arrow.tableToIPC(toArrow(frame), "file"));
  else folder.writeWith(path, (fd) => writeCsv(fd, frame));
  return fileChecksum(path);
}

/** BLAKE2b of a file's bytes. */
export function fileChecksum(path: string): string {
  return createHash("blake2b512").update(readFileSync(path)).digest("hex");
}
