// @ts-check
// Parquet row groups decoded by parquet-wasm off the main thread: each request is a file of one
// row group (parquet-footer.js), each answer its record batches as columns copied out of the wasm
// memory (parquet-ffi.js), their buffers moved to the main thread, which copies them into the
// table's columns while this thread decodes the next, and sends back the buffers it copied. A row group of a type the in-place reader
// does not know comes back as Arrow IPC. The answers go on a port the main thread reads
// synchronously (a table is read synchronously), with a counter to wake it. Plain JavaScript, so
// that it loads in any worker.
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import { buffersOf, eachBatch } from "./parquet-ffi.js";

/** @type {typeof import("parquet-wasm/node")} */
const parquet = createRequire(import.meta.url)("parquet-wasm/node");
const { port, signal } = /** @type {{ port: MessagePort; signal: Int32Array }} */ (workerData);

/**
 * The buffers the main thread sent back once it copied what they held, by size (a table's
 * batches have the same rows, so the sizes repeat): copying into them costs no allocation here
 * and no garbage there. 64 MB at most are kept.
 */
const pool = {
  /** @type {Map<number, ArrayBuffer[]>} */
  free: new Map(),
  bytes: 0,
  take(/** @type {number} */ bytes) {
    const buffer = this.free.get(bytes)?.pop();
    if (!buffer) return new ArrayBuffer(bytes);
    this.bytes -= bytes;
    return buffer;
  },
  give(/** @type {ArrayBuffer[]} */ buffers) {
    for (const buffer of buffers) {
      if (this.bytes + buffer.byteLength > 1 << 26) return;
      const list = this.free.get(buffer.byteLength) ?? [];
      this.free.set(buffer.byteLength, list);
      list.push(buffer);
      this.bytes += buffer.byteLength;
    }
  },
};

/** @param {{ id: number; file: Uint8Array; batchSize: number; schema: boolean }} request */
function decode(request) {
  const { file, batchSize } = request;
  const schema = request.schema ? parquet.readSchema(file).intoIPCStream() : undefined;
  /** @type {{ columns: import("./parquet-ffi.js").FFIColumn[]; rows: number }[]} */
  const batches = [];
  /** @type {string[]} */
  let formats = [];
  const accept = (/** @type {string[]} */ given) => ((formats = given), true);
  /** @type {ArrayBuffer[]} */
  const lent = [];
  const copy = { take: (/** @type {number} */ bytes) => lent[lent.push(pool.take(bytes)) - 1] };
  if (eachBatch(parquet.readParquet(file, { batchSize }), parquet.wasmMemory(), accept, (columns, rows) => batches.push({ columns, rows }), copy)) {
    return { message: { id: request.id, schema, formats, batches, recycle: lent }, transfer: batches.flatMap((b) => buffersOf(b.columns)) };
  }
  const ipc = parquet.readParquet(file, { batchSize }).intoIPCStream();
  return { message: { id: request.id, schema, ipc }, transfer: [ipc.buffer] };
}

parentPort?.on("message", (/** @type {{ id: number; file: Uint8Array; batchSize: number; schema: boolean } | { recycle: ArrayBuffer[] }} */ request) => {
  if ("recycle" in request) return pool.give(request.recycle);
  let answer;
  try {
    answer = decode(request);
  } catch (error) {
    answer = { message: { id: request.id, error: error instanceof Error ? error.message : String(error) }, transfer: [] };
  }
  port.postMessage(answer.message, /** @type {any} */ (answer.transfer));
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});
