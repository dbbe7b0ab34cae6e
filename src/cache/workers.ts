/**
 * A small pool of Parquet writers in worker threads (parquet-worker.js): tables are written while
 * the main thread goes on computing. A job goes to a writer as soon as it is queued (the one with
 * the fewest rows to write), and each writer works through its own jobs: a main thread held for
 * seconds by a kernel would otherwise leave the writers idle until it hands out the next one (L's
 * report writers waited 8 s so). A row group on shared memory goes with its job; any other is
 * copied when its writer begins the job or takes the row group before (at most two in flight).
 * A worker ends when no work is left, which returns its memory.
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
  /** Rows of the jobs given to it and not done. */
  rows: number;
  idle?: NodeJS.Timeout | undefined;
}

/** Row groups of a job sent ahead of the one being written. */
const AHEAD = 2;
const slots: Slot[] = [];
const running = new Map<number, { slot: Slot; rows: number; port: MessagePort; resolve: (r: Result) => void; reject: (e: Error) => void }>();
let nextId = 0;

/** Writers at once: BLUEETL_JOBLIB_JOBS or the cores, two at most (each holds a DuckDB). */
export const writers = (): number => Math.max(1, Math.min(2, parallelJobs()));

export function encodeInWorker(job: EncodeJob): Promise<Result> {
  return new Promise((resolve, reject) => {
    const slot = slots.find((s) => s.rows === 0) ?? (slots.length < writers() ? spawn() : leastBusy());
    const id = nextId++;
    const rows = Math.max(1, job.table.spec.rows);
    slot.rows += rows;
    clearTimeout(slot.idle);
    slot.worker.ref();
    running.set(id, { slot, rows, resolve, reject, port: start(slot, job, id) });
  });
}

const leastBusy = (): Slot => slots.reduce((a, b) => (b.rows < a.rows ? b : a));

/** The job to its worker, and its row groups on a port of its own as the worker takes them. */
function start(slot: Slot, job: EncodeJob, id: number): MessagePort {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  let sent = 0;
  // Row groups on shared memory cost nothing to send: all go at once, and the writer never
  // waits for this thread (busy with a kernel, it would answer late).
  const send = () => {
    while (sent < job.table.rowGroups) {
      const { columns, rows, start, transfer } = job.table.rowGroup(sent++);
      port1.postMessage({ columns, rows, start }, transfer);
      Atomics.add(signal, 0, 1);
      Atomics.notify(signal, 0);
      if (!job.table.shared) return;
    }
  };
  port1.on("message", (message) => {
    if (message !== "begin") return send();
    for (let k = 0; k < AHEAD; k++) send();
  });
  port1.unref();
  slot.worker.postMessage({ id, spec: job.table.spec, port: port2, signal, path: job.path, temporary: job.temporary, part: job.part }, [port2]);
  if (job.table.shared) send();
  return port1;
}

function spawn(): Slot {
  // Beside this module in src/cache/, dist/cache/ and the bundle's dist/bundle/ (bin/build.js).
  // Plain JavaScript: no loader of the main thread (tsx, h5wasm preloaded by bin/register.js) is needed there.
  const worker = new Worker(new URL("./parquet-worker.js", import.meta.url), { execArgv: [] });
  const slot: Slot = { worker, rows: 0 };
  worker.on("message", (message: Result & { id: number; error?: string; code?: string }) => {
    const entry = running.get(message.id);
    if (!entry) return;
    running.delete(message.id);
    entry.port.close();
    slot.rows -= entry.rows;
    if (slot.rows === 0) idle(slot);
    if (message.error) entry.reject(Object.assign(new Error(message.error), { code: message.code }));
    else entry.resolve(message);
  });
  // A worker gone while working (an error, or killed): the jobs given to it fail; the next job starts a new worker.
  const gone = (error: Error) => {
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    for (const [id, entry] of running) {
      if (entry.slot !== slot) continue;
      running.delete(id);
      entry.port.close();
      entry.reject(error);
    }
  };
  worker.on("error", gone);
  worker.on("exit", (code) => gone(new Error(`the Parquet writer stopped (exit code ${code})`)));
  slots.push(slot);
  return slot;
}

/** How long an idle writer waits for the next table (starting one costs 0.1 s) before it ends. */
const IDLE_MS = 1000;

/** Idle, a writer keeps no process alive, and it ends unless another table comes soon. */
function idle(slot: Slot): void {
  slot.worker.unref();
  slot.idle = setTimeout(() => {
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    void slot.worker.terminate();
  }, IDLE_MS).unref();
}
