/**
 * Tables on disk: Parquet (zstd, with the pandas metadata) or Feather (Arrow IPC); CSV for
 * exports. Every write goes through the storage layer (files.ts): a checked, fsynced temporary
 * file renamed into place, so that a crash never leaves half a file. Parquet is encoded in worker
 * threads (workers.ts) and decoded a row group at a time.
 */
import { type Hash, createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readFileSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import * as arrow from "apache-arrow";
import { type Column, type DataFrame, arrowFields, fromArrow, toArrow } from "../frame/index.ts";
import { writeCsv } from "./csv.ts";
import { CacheError } from "./errors.ts";
import { CacheFolder, describeError } from "./files.ts";
import { footerRange, readFooter, withMetadata } from "./parquet-footer.js";
import { ARROW_SCHEMA_KEY, PANDAS_KEY, type ParquetJob, arrowSchemaKey, parquetJob } from "./parquet-job.ts";
import { mergeParts, splitJob } from "./parquet-parts.ts";
import { decodeParquet, parquet } from "./parquet-read.ts";
import { hashRange, readInto } from "./ranges.js";
import { encodeInWorker, writers } from "./workers.ts";

export type StoreType = "parquet" | "feather";
/** Formats of `blueetl export`: the cache's, and CSV as the golden outputs are written. */
export type TableFormat = StoreType | "csv";

/** The table as Parquet or Feather bytes. */
export async function encodeTable(frame: DataFrame, type: StoreType): Promise<Uint8Array> {
  if (type === "feather") return arrow.tableToIPC(toArrow(frame), "file");
  return (await encodeInWorker({ table: parquetJob(frame) })).bytes!;
}

export function decodeTable(bytes: Uint8Array, type: StoreType): DataFrame {
  if (type === "feather") return fromArrow(arrow.tableFromIPC(bytes));
  return decodeParquet({ size: bytes.length, read: (into, position) => into.set(bytes.subarray(position, position + into.length)) });
}

/** The table in the file at `path` (read a row group at a time); a file that cannot be decoded is a CacheError naming it. */
export function readTable(path: string, type: StoreType): DataFrame {
  return readingFile(path, type, (fd) => {
    if (type === "feather") return decodeTable(new Uint8Array(readFileSync(fd)), type);
    return decodeParquet({ size: fstatSync(fd).size, read: (into, position) => readInto(fd, into, position), path });
  });
}

/** What `read` makes of the open file at `path`; its errors are CacheErrors naming the file. */
function readingFile<T>(path: string, type: StoreType, read: (fd: number) => T): T {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw new CacheError(`cannot read ${path}: ${describeError(error)}`);
  }
  try {
    return read(fd);
  } catch (error) {
    if (error instanceof CacheError) throw error;
    throw new CacheError(`${path} cannot be read as ${type} (${(error as Error).message}): delete it, or run with --clear-cache`);
  } finally {
    closeSync(fd);
  }
}

/**
 * The table of the Parquet file at `path` whose data (all but the footer) is the data of `source`:
 * `source`'s columns with the attrs of `path`'s own metadata; undefined when the two files do not
 * describe the same columns.
 */
export function readWithDataOf(path: string, source: { path: string; table: DataFrame }): DataFrame | undefined {
  const [own, theirs] = [pandasMetadata(path), pandasMetadata(source.path)];
  if (!own || !theirs) return undefined;
  const { attributes, ...columns } = own;
  const { attributes: _, ...sourceColumns } = theirs;
  if (JSON.stringify(columns) !== JSON.stringify(sourceColumns)) return undefined;
  return source.table.withAttrs({ ...(attributes as Record<string, unknown> | undefined) });
}

/** The `pandas` metadata of a Parquet file, read from its footer alone. */
function pandasMetadata(path: string): Record<string, unknown> | undefined {
  return readingFile(path, "parquet", (fd) => {
    const size = fstatSync(fd).size;
    const tail = new Uint8Array(Math.min(size, 8));
    readInto(fd, tail, size - tail.length);
    const range = footerRange(tail, size);
    const footer = new Uint8Array(range.length);
    readInto(fd, footer, range.start);
    const pandas = readFooter(footer).metadata.get(PANDAS_KEY);
    return pandas === undefined ? undefined : (JSON.parse(pandas) as Record<string, unknown>);
  });
}

/** The first `n` rows of a stored table and its number of rows, without decoding the rest. */
export async function readTableHead(path: string, type: StoreType, n: number): Promise<{ head: DataFrame; rows: number }> {
  const bytes = new Uint8Array(readFileSync(path));
  if (type === "feather") {
    const table = arrow.tableFromIPC(bytes);
    return { head: fromArrow(table.slice(0, n)), rows: table.numRows };
  }
  const file = await parquet().ParquetFile.fromFile(new Blob([bytes]));
  try {
    const rows = file.metadata().fileMetadata().numRows();
    const first = parquet().readParquet(bytes, { ...(rows > 0 ? { rowGroups: [0] } : {}), limit: n, batchSize: Math.max(n, 1) });
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
const written = new WeakMap<Column, { columns: Column[]; names: string; type: TableFormat; pandas: string; file: Promise<{ path: string; checksum: string }>; data?: ParquetData }>();

/** A table written; for a copy of another table's data with a footer of its own, the BLAKE2b of that data and the checksum of the file copied. */
export interface WrittenTable {
  checksum: string;
  sharedData?: { hash: string; source: string };
}

/**
 * Write the table through `folder` (by default, the folder of `path`): checked, durable, renamed
 * into place. The BLAKE2b checksum of the file.
 */
export async function writeTable(path: string, frame: DataFrame, type: TableFormat, folder = new CacheFolder(dirname(path))): Promise<string> {
  return (await writeCacheTable(path, frame, type, folder)).checksum;
}

/** `writeTable`, saying which file's data a copy shares (the cache reads such data once). */
export async function writeCacheTable(path: string, frame: DataFrame, type: TableFormat, folder: CacheFolder): Promise<WrittenTable> {
  const columns = frame.names.map((n) => frame.column(n));
  const names = JSON.stringify([frame.names, frame.indexNames]);
  // The attrs (the config of each parameter set) are in the metadata only.
  const pandas = type === "csv" ? "" : JSON.stringify(arrowFields(frame).pandas);
  const previous = columns.length > 0 ? written.get(columns[0]!) : undefined;
  if (previous && previous.type === type && previous.names === names && previous.columns.every((c, i) => c === columns[i])) {
    const first = await previous.file;
    if (previous.pandas === pandas) {
      folder.copy(first.path, path);
      return { checksum: first.checksum };
    }
    if (type === "parquet") {
      const data = (previous.data ??= parquetData(first.path));
      const checksum = copyWithMetadata(data, path, folder, { [PANDAS_KEY]: pandas, [ARROW_SCHEMA_KEY]: arrowSchemaKey(frame) });
      return { checksum, sharedData: { hash: data.digest, source: first.checksum } };
    }
  }
  const file = writeNew(path, frame, type, folder).then((checksum) => ({ path, checksum }));
  if (columns.length > 0) written.set(columns[0]!, { columns, names, type, pandas, file });
  return { checksum: (await file).checksum };
}

/**
 * A Parquet file's data (its bytes before the footer), its footer, and the BLAKE2b state of the
 * data: the copies of a table that differ only by their metadata share all but the footer, so
 * the data is hashed once and copied.
 */
interface ParquetData {
  path: string;
  start: number;
  footer: Uint8Array;
  hash: Hash;
  /** The hash of the data alone. */
  digest: string;
}

function parquetData(path: string): ParquetData {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const end = new Uint8Array(Math.min(size, 8));
    readInto(fd, end, size - end.length);
    const { start, length } = footerRange(end, size);
    const footer = new Uint8Array(length);
    readInto(fd, footer, start);
    const hash = createHash("blake2b512");
    hashRange(fd, 0, start, hash);
    return { path, start, footer, hash, digest: hash.copy().digest("hex") };
  } finally {
    closeSync(fd);
  }
}

/** The file of `data` copied to `path`, its footer with these metadata entries; the new file's checksum. */
function copyWithMetadata(data: ParquetData, path: string, folder: CacheFolder, entries: Record<string, string>): string {
  const footer = withMetadata(data.footer, entries);
  const end = Buffer.alloc(8);
  end.writeUInt32LE(footer.length, 0);
  end.write("PAR1", 4);
  folder.copyWithTail(data.path, path, data.start, Buffer.concat([footer, end]));
  return data.hash.copy().update(footer).update(end).digest("hex");
}

async function writeNew(path: string, frame: DataFrame, type: TableFormat, folder: CacheFolder): Promise<string> {
  if (type === "parquet") {
    const job = parquetJob(frame);
    const parts = splitJob(job, writers());
    if (parts.length > 1) return writeInParts(path, parts, job, folder);
    const temporary = folder.temporary(path);
    let result: Awaited<ReturnType<typeof encodeInWorker>>;
    try {
      result = await encodeInWorker({ table: job, path, temporary });
    } catch (error) {
      throw new CacheError(`cannot write ${path}: ${describeError(error)}`);
    }
    folder.commit(temporary, path, result.size!, { synced: true });
    return result.checksum!;
  }
  if (type === "feather") folder.write(path, arrow.tableToIPC(toArrow(frame), "file"));
  else folder.writeWith(path, (fd) => writeCsv(fd, frame));
  return fileChecksum(path);
}

/** A large table encoded in parts by the writers at once, then made one file (parquet-parts.ts). */
async function writeInParts(path: string, parts: ParquetJob[], job: ParquetJob, folder: CacheFolder): Promise<string> {
  const temporaries = parts.map(() => folder.temporary(path));
  const nulls = new Set(job.spec.columns.filter((c) => c.kind === "null").map((c) => c.name));
  let merged: { size: number; checksum: string };
  const encoded = parts.map((table, i) => encodeInWorker({ table, path, temporary: temporaries[i]!, part: true }));
  // Every rejection handled here, and every part settled before its files are removed (one may
  // fail while another is still being written).
  const settled = Promise.allSettled(encoded);
  try {
    merged = await mergeParts(temporaries, encoded, nulls);
  } catch (error) {
    await settled;
    for (const temporary of temporaries) rmSync(temporary, { force: true });
    throw new CacheError(`cannot write ${path}: ${describeError(error)}`);
  }
  folder.commit(temporaries[0]!, path, merged.size, { synced: true });
  return merged.checksum;
}

/** BLAKE2b of a file's bytes. */
export function fileChecksum(path: string): string {
  return createHash("blake2b512").update(readFileSync(path)).digest("hex");
}
