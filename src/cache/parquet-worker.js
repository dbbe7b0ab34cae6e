// @ts-check
// Parquet encoding off the main thread, by DuckDB (faster than parquet-wasm on every table of a
// run: bench/parquet.ts): a table function hands DuckDB each row group as one row of lists, one
// list per column, straight from the typed arrays (copy_data_to_vector into the lists' children),
// into `COPY (SELECT unnest(a) AS a, ... FROM rows()) TO <temporary> (FORMAT parquet, ...)`. Row groups arrive on the job's port: all at once when on
// shared memory, else each a copy made by the main thread when the one before is taken
// (parquet-job.ts), so the worker holds two at most. The file is then checked (a complete
// footer), its columns of nulls made Null columns, its BLAKE2b taken, and it is fsynced; the main
// thread renames it into place (files.ts). Plain JavaScript, so that it loads in any worker, whatever loader the main thread uses.
import { createHash } from "node:crypto";
import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parentPort, receiveMessageOnPort } from "node:worker_threads";
import duckdb from "@duckdb/node-bindings";
import { pauseAt, writeAll } from "./durable.js";
import { footerRange, withNullColumns } from "./parquet-footer.js";
import { hashRange, readInto } from "./ranges.js";

/** @typedef {import("./parquet-job.ts").ParquetSpec} ParquetSpec */
/** @typedef {import("./parquet-job.ts").ColumnSpec} ColumnSpec */
/** @typedef {{ start: number; rows: number; columns: any[] }} RowGroup */
/** @typedef {{ id: number; spec: ParquetSpec; port: MessagePort; signal: Int32Array; path?: string; temporary?: string; part?: boolean }} Job */

const T = duckdb.Type;
/** @type {Record<string, number>} */
const NUMERIC_TYPES = {
  bool: T.BOOLEAN,
  int8: T.TINYINT,
  int16: T.SMALLINT,
  int32: T.INTEGER,
  int64: T.BIGINT,
  uint8: T.UTINYINT,
  uint16: T.USMALLINT,
  uint32: T.UINTEGER,
  float32: T.FLOAT,
  float64: T.DOUBLE,
};
/** A buffer of this thread of at least `bytes` (reused: one vector is filled at a time). */
let scratchBuffer = new ArrayBuffer(1 << 16);
function scratch(/** @type {number} */ bytes) {
  if (scratchBuffer.byteLength < bytes) scratchBuffer = new ArrayBuffer(Math.max(bytes, 2 * scratchBuffer.byteLength));
  return scratchBuffer;
}

/** A column as the table function gives it: a list of the row group's values (unnested by the query). */
const listType = (/** @type {ColumnSpec} */ column) => duckdb.create_list_type(logicalType(column));

/** @param {ColumnSpec} column */
function logicalType(column) {
  switch (column.kind) {
    case "enum":
      // DuckDB has no enum of no member: the column is then all null (pandas still gets a category, from ARROW:schema).
      return column.categories?.length ? duckdb.create_enum_type(/** @type {string[]} */ (column.categories)) : duckdb.create_logical_type(T.VARCHAR);
    case "list":
      return duckdb.create_list_type(duckdb.create_logical_type(T.DOUBLE));
    case "int-list":
      return duckdb.create_list_type(duckdb.create_logical_type(T.BIGINT));
    case "string":
      return duckdb.create_logical_type(T.VARCHAR);
    case "null":
      return duckdb.create_logical_type(T.SQLNULL);
    default:
      return duckdb.create_logical_type(/** @type {number} */ (NUMERIC_TYPES[column.kind]));
  }
}

/**
 * Rows [at, at + n) of a row group's column as the one list of a vector of one row: each call of
 * the table function then gives DuckDB a whole row group (its vectors of 2,048 rows, one call
 * each, cost 1.7 s of the 42M rows of SOMA's report; unnest makes the same file, byte for byte).
 * @param {duckdb.Vector} vector @param {ColumnSpec} column @param {any} data @param {number} at @param {number} n
 */
function fillList(vector, column, data, at, n) {
  setEntries(vector, () => 0, () => n, 1);
  duckdb.list_vector_reserve(vector, n);
  duckdb.list_vector_set_size(vector, n);
  fill(duckdb.list_vector_get_child(vector), column, data, at, n);
}

/** A list vector's (offset, length) entries of its `n` rows, as two uint64 each (both below 2^31). */
function setEntries(/** @type {duckdb.Vector} */ vector, /** @type {(i: number) => number} */ offset, /** @type {(i: number) => number} */ length, /** @type {number} */ n) {
  const entries = new Uint32Array(scratch(n * 16), 0, 4 * n).fill(0);
  for (let i = 0; i < n; i++) {
    entries[4 * i] = offset(i);
    entries[4 * i + 2] = length(i);
  }
  duckdb.copy_data_to_vector(vector, 0, entries.buffer, 0, n * 16);
}

/**
 * Rows [at, at + n) of a row group's column into a DuckDB vector.
 * @param {duckdb.Vector} vector @param {ColumnSpec} column @param {any} data @param {number} at @param {number} n
 */
function fill(vector, column, data, at, n) {
  switch (column.kind) {
    case "int64":
      return duckdb.copy_data_to_vector(vector, 0, toInt64(data, at, n), 0, n * 8);
    case "enum":
      return fillCodes(vector, column, data, at, n);
    case "list":
    case "int-list":
      return fillLists(vector, column, data, at, n);
    case "string":
      for (let i = 0; i < n; i++) if (data[at + i] !== null) duckdb.vector_assign_string_element(vector, i, data[at + i]);
      return setValidity(vector, n, (i) => data[at + i] !== null);
    case "null":
      return setValidity(vector, n, () => false);
    default: {
      const values = /** @type {import("../frame/column.ts").NumericValues} */ (data);
      const size = values.BYTES_PER_ELEMENT;
      return copyBytes(vector, values, values.byteOffset + at * size, n * size);
    }
  }
}

/**
 * Bytes of a typed array's buffer into a vector. DuckDB takes no SharedArrayBuffer: the values of
 * a table on shared memory (frame/shared.ts) go through a buffer of this thread.
 */
function copyBytes(/** @type {duckdb.Vector} */ vector, /** @type {ArrayBufferView} */ values, /** @type {number} */ offset, /** @type {number} */ bytes) {
  if (!(values.buffer instanceof SharedArrayBuffer)) return duckdb.copy_data_to_vector(vector, 0, values.buffer, offset, bytes);
  const staging = scratch(bytes);
  new Uint8Array(staging, 0, bytes).set(new Uint8Array(values.buffer, offset, bytes));
  duckdb.copy_data_to_vector(vector, 0, staging, 0, bytes);
}

/** int64 values held as numbers (exact below 2^53), word by word into the scratch buffer. */
function toInt64(/** @type {Float64Array} */ values, /** @type {number} */ at, /** @type {number} */ n) {
  const words = new Uint32Array(scratch(n * 8), 0, 2 * n);
  for (let i = 0; i < n; i++) {
    const v = /** @type {number} */ (values[at + i]);
    words[2 * i] = v >>> 0;
    words[2 * i + 1] = Math.floor(v / 4294967296) >>> 0;
  }
  return words.buffer;
}

/** Category codes (-1 for NaN) as the enum's codes, of its width, and their validity. */
function fillCodes(/** @type {duckdb.Vector} */ vector, /** @type {ColumnSpec} */ column, /** @type {Int32Array} */ codes, /** @type {number} */ at, /** @type {number} */ n) {
  const count = column.categories?.length ?? 0;
  if (count === 0) return setValidity(vector, n, () => false);
  const Codes = count <= 0xff ? Uint8Array : count <= 0xffff ? Uint16Array : Uint32Array;
  const out = new Codes(scratch(n * Codes.BYTES_PER_ELEMENT), 0, n);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const code = /** @type {number} */ (codes[at + i]);
    if (code < 0) nulls++;
    out[i] = code < 0 ? 0 : code;
  }
  duckdb.copy_data_to_vector(vector, 0, out.buffer, 0, n * Codes.BYTES_PER_ELEMENT);
  if (nulls > 0) setValidity(vector, n, (i) => /** @type {number} */ (codes[at + i]) >= 0);
}

/** Lists: DuckDB's (offset, length) entries, and the child values of the rows (int64 as words). */
function fillLists(/** @type {duckdb.Vector} */ vector, /** @type {ColumnSpec} */ column, /** @type {{ offsets: Int32Array; values: Float64Array; valid?: Uint8Array }} */ data, /** @type {number} */ at, /** @type {number} */ n) {
  const { offsets, values, valid } = data;
  const first = /** @type {number} */ (offsets[at]);
  setEntries(vector, (i) => /** @type {number} */ (offsets[at + i]) - first, (i) => /** @type {number} */ (offsets[at + i + 1]) - /** @type {number} */ (offsets[at + i]), n);
  const total = /** @type {number} */ (offsets[at + n]) - first;
  duckdb.list_vector_reserve(vector, total);
  duckdb.list_vector_set_size(vector, total);
  const child = duckdb.list_vector_get_child(vector);
  if (column.kind === "list") copyBytes(child, values, values.byteOffset + first * 8, total * 8);
  else {
    const words = toInt64Array(values.subarray(first, first + total));
    duckdb.copy_data_to_vector(child, 0, words.buffer, 0, total * 8);
  }
  if (valid) setValidity(vector, n, (i) => valid[at + i] === 1);
}

function toInt64Array(/** @type {Float64Array} */ values) {
  const out = new BigInt64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = BigInt(/** @type {number} */ (values[i]));
  return out;
}

/** The validity mask of the first `n` rows of a vector (bit i of the 64-bit words: row i). */
function setValidity(/** @type {duckdb.Vector} */ vector, /** @type {number} */ n, /** @type {(i: number) => boolean} */ isValid) {
  const validity = new Uint8Array(scratch(Math.ceil(n / 64) * 8), 0, Math.ceil(n / 64) * 8).fill(0);
  for (let i = 0; i < n; i++) if (isValid(i)) validity[i >> 3] |= 1 << (i & 7);
  duckdb.vector_ensure_validity_writable(vector);
  duckdb.copy_data_to_vector_validity(vector, 0, validity.buffer, 0, Math.ceil(n / 64) * 8);
}

/** The job being written (one at a time per worker): its row groups as they arrive. */
/** @type {{ job: Job; taken: number; first: boolean } | undefined} */
let current;

/** The next row group of the job, waiting for the main thread to send it (this thread serves DuckDB only). */
function nextGroup(/** @type {Job} */ job) {
  for (;;) {
    const seen = Atomics.load(job.signal, 0);
    const received = receiveMessageOnPort(job.port);
    if (received) return /** @type {RowGroup} */ (received.message);
    Atomics.wait(job.signal, 0, seen);
  }
}

/** DuckDB's scan of the job's rows: a row group per call (a row of lists), nothing when all rows are given. */
function scan(/** @type {duckdb.TableFunctionInfo} */ _info, /** @type {duckdb.DataChunk} */ chunk) {
  const state = /** @type {NonNullable<typeof current>} */ (current);
  const { job } = state;
  if (state.taken >= job.spec.rows) return duckdb.data_chunk_set_size(chunk, 0);
  const group = nextGroup(job);
  // Taken: the main thread may copy the next one.
  job.port.postMessage("taken");
  duckdb.data_chunk_set_size(chunk, 1);
  job.spec.columns.forEach((column, c) => fillList(duckdb.data_chunk_get_vector(chunk, c), column, group.columns[c], 0, group.rows));
  state.taken += group.rows;
  if (state.first && job.path) pauseAt(`write:${basename(job.path)}`);
  state.first = false;
}

const connection = await (async () => {
  const config = duckdb.create_config();
  // One thread: the rows come from this thread anyway, and the other cores have their own work.
  duckdb.set_config(config, "threads", "1");
  duckdb.set_config(config, "preserve_insertion_order", "true");
  const db = await duckdb.open(":memory:", config);
  const connection = await duckdb.connect(db);
  const rows = duckdb.create_table_function();
  duckdb.table_function_set_name(rows, "blueetl_rows");
  duckdb.table_function_set_bind(rows, (info) => {
    for (const column of current?.job.spec.columns ?? []) duckdb.bind_add_result_column(info, column.name, listType(column));
  });
  duckdb.table_function_set_init(rows, (info) => duckdb.init_set_max_threads(info, 1));
  duckdb.table_function_set_function(rows, scan);
  duckdb.register_table_function(connection, rows);
  return connection;
})();

const sql = (/** @type {string} */ text) => `'${text.replaceAll("'", "''")}'`;
const identifier = (/** @type {string} */ name) => `"${name.replaceAll('"', '""')}"`;

/**
 * How DuckDB encodes: zstd, numbers without dictionaries (categories keep theirs), with the
 * encodings of Parquet 2 where the spec allows (delta for integers, byte stream split for floats,
 * which pyarrow reads since 2.0). M's report 3.96-4.37 -> 2.41-2.87 s, by_gid_and_trial 7.14-7.71
 * -> 5.44-5.79 s, both 20% smaller: building a dictionary (and its bloom filter) for every column
 * of every row group, then compressing 8 bytes a value, was the time.
 */
const encoding = (/** @type {ParquetSpec} */ spec) => `COMPRESSION zstd, DICTIONARY_SIZE_LIMIT 1${spec.parquet2 ? ", PARQUET_VERSION V2" : ""}`;

/** Write the job's table as Parquet to `file` with DuckDB. */
async function copy(/** @type {Job} */ job, /** @type {string} */ file) {
  const metadata = job.spec.metadata.map(([key, value]) => `"${key.replaceAll('"', '""')}": ${sql(value)}`).join(", ");
  const columns = job.spec.columns.map(({ name }) => `unnest(${identifier(name)}) AS ${identifier(name)}`).join(", ");
  current = { job, taken: 0, first: true };
  try {
    await duckdb.query(connection, `COPY (SELECT ${columns} FROM blueetl_rows()) TO ${sql(file)} (FORMAT parquet, ${encoding(job.spec)}, ROW_GROUP_SIZE ${job.spec.rowGroup}, KV_METADATA {${metadata}})`);
  } catch (error) {
    throw ioError(error);
  } finally {
    current = undefined;
  }
}

/** DuckDB's I/O errors with the code and words of the system's (a full disk is ENOSPC). */
function ioError(/** @type {unknown} */ error) {
  const message = error instanceof Error ? error.message : String(error);
  const codes = /** @type {Array<[RegExp, string, string]>} */ ([
    [/No space left on device/i, "ENOSPC", "no space left on device"],
    [/Disk quota exceeded/i, "EDQUOT", "disk quota exceeded"],
    [/Permission denied/i, "EACCES", "permission denied"],
    [/Read-only file system/i, "EROFS", "read-only file system"],
  ]);
  const known = codes.find(([pattern]) => pattern.test(message));
  if (!known) return error instanceof Error ? error : new Error(message);
  return Object.assign(new Error(`${known[1]}: ${known[2]} (${message})`), { code: known[1] });
}

/**
 * The written file checked (its footer complete), its columns of nulls made Null columns, fsynced;
 * its size and BLAKE2b.
 * @param {string} file @param {ParquetSpec} spec
 */
function finish(file, spec) {
  const fd = openSync(file, "r+");
  try {
    let size = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, 1 << 16));
    readInto(fd, tail, size - tail.length);
    const footer = footerRange(tail, size);
    const nulls = new Set(spec.columns.filter((c) => c.kind === "null").map((c) => c.name));
    if (nulls.size > 0) {
      const old = Buffer.alloc(footer.length);
      readInto(fd, old, footer.start);
      const patched = withNullColumns(old, nulls);
      const end = Buffer.alloc(8);
      end.writeUInt32LE(patched.length, 0);
      end.write("PAR1", 4);
      ftruncateSync(fd, footer.start);
      writeAll(fd, Buffer.concat([patched, end]), footer.start);
      size = footer.start + patched.length + 8;
    }
    fsyncSync(fd);
    const hash = createHash("blake2b512");
    hashRange(fd, 0, size, hash);
    return { size, checksum: hash.digest("hex") };
  } finally {
    closeSync(fd);
  }
}

/** The size of a written file, its footer checked complete. */
function checkedSize(/** @type {string} */ file) {
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, 8));
    readInto(fd, tail, size - tail.length);
    footerRange(tail, size);
    return size;
  } finally {
    closeSync(fd);
  }
}

/** The Parquet file written to the job's temporary file, or its bytes sent back. */
async function run(/** @type {Job} */ job) {
  if (job.temporary) {
    try {
      // Created here, so that a file in the way (never ours) is an error.
      closeSync(openSync(job.temporary, "wx"));
      await copy(job, job.temporary);
      // A part of a table is checked only: the file made of the parts is patched, fsynced and hashed (parquet-parts.ts).
      return { id: job.id, ...(job.part ? { size: checkedSize(job.temporary) } : finish(job.temporary, job.spec)) };
    } catch (error) {
      rmSync(job.temporary, { force: true });
      throw error;
    }
  }
  const folder = mkdtempSync(join(tmpdir(), "blueetl-parquet-"));
  try {
    const file = join(folder, "table.parquet");
    await copy(job, file);
    finish(file, job.spec);
    return { id: job.id, bytes: new Uint8Array(readFileSync(file)) };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Jobs are given as soon as they are queued, and written one after the other. */
let inbox = Promise.resolve();
parentPort?.on("message", (/** @type {Job} */ job) => {
  inbox = inbox.then(() => write(job));
});

async function write(/** @type {Job} */ job) {
  try {
    // Row groups that are copies come once the job begins (at most two in flight).
    job.port.postMessage("begin");
    const result = await run(job);
    parentPort?.postMessage(result, result.bytes ? [result.bytes.buffer] : []);
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    parentPort?.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error), code });
  } finally {
    job.port.close();
  }
}
