/**
 * Parquet decoders in worker threads (parquet-decoder.js), for tables of several row groups when
 * BLUEETL_PARQUET_DECODERS asks for them (measured, and slower here than the main thread alone): the
 * row groups go to the decoders in turn, and the main thread, which reads a table synchronously,
 * waits for each answer in order on the decoder's port. A decoder ends after a second without work
 * (its wasm memory is returned).
 */
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import type { FFIColumn } from "./parquet-ffi.js";

export type DecodedRowGroup = {
  /** The Arrow IPC stream of the schema, when asked. */
  schema?: Uint8Array;
  /** The C data interface's format of each column, and the batches as columns; or `ipc`. */
  formats?: string[];
  batches?: Array<{ columns: FFIColumn[]; rows: number }>;
  /** The buffers of the batches to send back (`recycle`) once copied. */
  recycle?: ArrayBuffer[];
  ipc?: Uint8Array;
};

interface Decoder {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
  idle?: NodeJS.Timeout;
}

const decoders: Decoder[] = [];
let nextId = 0;

/** Decoder threads asked for (developers' measurements): the variable's, two at most. */
export const DECODERS_VARIABLE = "BLUEETL_PARQUET_DECODERS";

/**
 * Decoders for a table of several row groups: none (decoded on the main thread) unless
 * BLUEETL_PARQUET_DECODERS asks for some. The threads copy each row group twice, not once: on
 * this 2-core machine they never beat the main thread alone (SOMA's report at load 2-3: 2.8-2.9 s
 * wall, 2.8-2.9 s CPU, 1.78-1.80 GB with two against 2.4-2.9 s, 2.4-2.5 s, 1.61 GB; at load 6-9
 * 4.7-6.2 s against 3.2-4.6 s; DEVELOPERS.md).
 */
export function decoderCount(env: NodeJS.ProcessEnv = process.env): number {
  const value = env[DECODERS_VARIABLE];
  if (value === undefined || value === "") return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${DECODERS_VARIABLE} must be a whole number, got '${value}'`);
  return Math.min(2, n);
}

/** A decoder thread gone before its answer (the reader decodes the rest itself). */
export class DecoderStopped extends Error {}

/** A request for one row group: its answer is waited for with `take`. */
export interface Pending {
  decoder: Decoder;
  id: number;
}

/** The row group `file` (a file of its own) to the `k`th decoder; `schema`: its schema asked too. */
export function send(k: number, file: Uint8Array, batchSize: number, schema: boolean): Pending {
  const decoder = (decoders[k] ??= spawn());
  clearTimeout(decoder.idle);
  const id = nextId++;
  decoder.worker.postMessage({ id, file, batchSize, schema }, [file.buffer as ArrayBuffer]);
  return { decoder, id };
}

/** The answer to a request, waited for (the answers of a decoder come in the order asked). */
export function take({ decoder, id }: Pending): DecodedRowGroup {
  for (;;) {
    const seen = Atomics.load(decoder.signal, 0);
    const received = receiveMessageOnPort(decoder.port);
    if (received) {
      const message = received.message as DecodedRowGroup & { id: number; error?: string };
      if (message.id !== id) throw new Error(`Parquet decoder: answer ${message.id} came for request ${id}`);
      if (message.error) throw new Error(message.error);
      return message;
    }
    // Woken by the decoder's answer; every 0.1 s, to see that the thread still runs.
    if (Atomics.wait(decoder.signal, 0, seen, 100) === "timed-out" && decoder.worker.threadId === -1) {
      forget(decoder);
      throw new DecoderStopped("the Parquet decoder thread stopped");
    }
  }
}

/** An answer's buffers back to its decoder, once what they hold is copied (the decoder copies the next row groups into them). */
export function recycle({ decoder }: Pending, answer: DecodedRowGroup): void {
  if (answer.recycle && answer.recycle.length > 0 && decoder.worker.threadId !== -1) decoder.worker.postMessage({ recycle: answer.recycle }, answer.recycle);
}

/** Done with the decoders for now: each ends unless another table comes within a second. */
export function release(): void {
  for (const decoder of decoders.filter(Boolean)) {
    clearTimeout(decoder.idle);
    decoder.idle = setTimeout(() => {
      forget(decoder);
      void decoder.worker.terminate();
    }, IDLE_MS).unref();
  }
}

/** How long an idle decoder waits for the next table (starting one costs about 0.1 s). */
const IDLE_MS = 1000;

function forget(decoder: Decoder): void {
  const k = decoders.indexOf(decoder);
  if (k >= 0) decoders.splice(k, 1);
  decoder.port.close();
}

function spawn(): Decoder {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  // Beside this module in src/cache/, dist/cache/ and the bundle's dist/bundle/ (bin/build.js); plain
  // JavaScript: no loader of the main thread is needed there.
  const worker = new Worker(new URL("./parquet-decoder.js", import.meta.url), { execArgv: [], workerData: { port: port2, signal }, transferList: [port2] });
  // Idle, it keeps no process alive; its errors are the answers' (or `take` sees it gone).
  worker.unref();
  worker.on("error", () => {});
  port1.unref();
  return { worker, port: port1, signal };
}
