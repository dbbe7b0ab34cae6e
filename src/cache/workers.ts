/**
 * A small pool of Parquet writers in worker threads (parquet-worker.js): tables are written while
 * the main thread goes on computing. Each job's row groups go to its worker one at a time, copied
 * when the worker has taken the one before (at most two of a job in flight). A worker ends when no
 * work is left, which returns its memory.
 */
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import { parallelJobs } from "../config/index.ts";
import type { ParquetJob } from "./parquet-job.ts";

export interface EncodeJob {
  table: ParquetJob;
  /** Write to `temporary` (`path` is where it will go, for messages); without it, the bytes come back. */
  path?: string;
  temporary?: string;
  /** A part of a table (parquet-parts.ts): written and checked, neither patched, fsynced nor hashed. */
  part?: boolean;
}

type Result = { checksum?: string; size?: number; bytes?: Uint8Array };

interface Slot {
  worker: Worker;
  busy: boolean;
  idle?: NodeJS.Timeout | undefined;
}

/** Row groups of a job sent ahead of the one being written. */
const AHEAD = 2;
const slots: Slot[] = [];
const queue: Array<{ job: EncodeJob; id: number; resolve: (r: Result) => void; reject: (e: Error) => void }> = [];
const running = new Map<number, { slot: Slot; port?: MessagePort; resolve: (r: Result) => void; reject: (e: Error) => void }>();
let nextId = 0;

/** Writers at once: BLUEETL_JOBLIB_JOBS or the cores, two at most (each holds a DuckDB). */
export const writers = (): number => Math.max(1, Math.min(2, parallelJobs()));

export function encodeInWorker(job: EncodeJob): Promise<Result> {
  return new Promise((resolve, reject) => {
    queue.push({ job, id: nextId++, resolve, reject });
    dispatch();
  });
}

function dispatch(): void {
  while (queue.length > 0) {
    const slot = slots.find((s) => !s.busy) ?? (slots.length < writers() ? spawn() : undefined);
    if (!slot) return;
    const { job, id, resolve, reject } = queue.shift()!;
    slot.busy = true;
    clearTimeout(slot.idle);
    slot.worker.ref();
    running.set(id, { slot, resolve, reject, port: start(slot, job, id) });
  }
}

/** The job to its worker, and its row groups on a port of its own as the worker takes them. */
function start(slot: Slot, job: EncodeJob, id: number): MessagePort {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  let sent = 0;
  // Row groups on shared memory cost nothing to send: all go at once, and the writer never
  // waits for this thread (busy with a kernel, it would answer late).
  const send = () => {
    while (sent < job.table.rowGroups) {
      const { columns, rows, start, transfer, shared } = job.table.rowGroup(sent++);
      port1.postMessage({ columns, rows, start }, transfer);
      Atomics.add(signal, 0, 1);
      Atomics.notify(signal, 0);
      if (!shared) return;
    }
  };
  port1.on("message", send);
  port1.unref();
  slot.worker.postMessage({ id, spec: job.table.spec, port: port2, signal, path: job.path, temporary: job.temporary, part: job.part }, [port2]);
  for (let k = 0; k < AHEAD; k++) send();
  return port1;
}

function spawn(): Slot {
  // Beside this module in src/cache/, dist/cache/ and the bundle's dist/bundle/ (bin/build.js).
  // Plain JavaScript: no loader of the main thread (tsx, h5wasm preloaded by bin/register.js) is needed there.
  const worker = new Worker(new URL("./parquet-worker.js", import.meta.url), { execArgv: [] });
  const slot: Slot = { worker, busy: false };
  worker.on("message", (message: Result & { id: number; error?: string; code?: string }) => {
    const entry = running.get(message.id);
    if (!entry) return;
    running.delete(message.id);
    entry.port?.close();
    free(slot);
    if (message.error) entry.reject(Object.assign(new Error(message.error), { code: message.code }));
    else entry.resolve(message);
  });
  // A worker gone while working (an error, or killed): its job fails and a new worker takes the queue.
  const gone = (error: Error) => {
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    for (const [id, entry] of running) {
      if (entry.slot !== slot) continue;
      running.delete(id);
      entry.port?.close();
      entry.reject(error);
    }
    dispatch();
  };
  worker.on("error", gone);
  worker.on("exit", (code) => gone(new Error(`the Parquet writer stopped (exit code ${code})`)));
  slots.push(slot);
  return slot;
}

/** How long an idle writer waits for the next table (starting one costs 0.1 s) before it ends. */
const IDLE_MS = 1000;

function free(slot: Slot): void {
  slot.busy = false;
  dispatch();
  if (slot.busy) return;
  // Idle, it keeps no process alive, and it ends unless another table comes soon.
  slot.worker.unref();
  slot.idle = setTimeout(() => {
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    void slot.worker.terminate();
  }, IDLE_MS).unref();
}
