// @ts-check
// Parquet row groups decoded by parquet-wasm off the main thread: each request is a file of one
// row group (parquet-footer.js), each answer its record batches as columns copied out of the wasm
// memory (parquet-ffi.js), their buffers moved to the main thread, which copies them into the
// table's columns while this thread decodes the next. A row group of a type the in-place reader
// does not know comes back as Arrow IPC. The answers go on a port the main thread reads
// synchronously (a table is read synchronously), with a counter to wake it. Plain JavaScript, so
// that it loads in any worker.
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";
import { buffersOf, eachBatch } from "./parquet-ffi.js";

/** @type {typeof import("parquet-wasm/node")} */
const parquet = createRequire(import.meta.url)("parquet-wasm/node");
const { port, signal } = /** @type {{ port: MessagePort; signal: Int32Array }} */ (workerData);

/** @param {{ id: number; file: Uint8Array; batchSize: number; schema: boolean }} request */
function decode(request) {
  const { file, batchSize } = request;
  const schema = request.schema ? parquet.readSchema(file).intoIPCStream() : undefined;
  /** @type {{ columns: import("./parquet-ffi.js").FFIColumn[]; rows: number }[]} */
  const batches = [];
  /** @type {string[]} */
  let formats = [];
  const accept = (/** @type {string[]} */ given) => ((formats = given), true);
  if (eachBatch(parquet.readParquet(file, { batchSize }), parquet.wasmMemory(), accept, (columns, rows) => batches.push({ columns, rows }), true)) {
    return { message: { id: request.id, schema, formats, batches }, transfer: batches.flatMap((b) => buffersOf(b.columns)) };
  }
  const ipc = parquet.readParquet(file, { batchSize }).intoIPCStream();
  return { message: { id: request.id, schema, ipc }, transfer: [ipc.buffer] };
}

parentPort?.on("message", (/** @type {{ id: number; file: Uint8Array; batchSize: number; schema: boolean }} */ request) => {
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
