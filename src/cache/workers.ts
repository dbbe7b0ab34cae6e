/**
 * A small pool of Parquet encoders in worker threads: tables are written while the main thread
 * goes on computing (on 2 cores, the writing of a large run's cache no longer adds to its time).
 * A worker ends when no work is left, which returns its wasm memory.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

export interface EncodeJob {
  /** The table, as one Arrow IPC stream per row group. */
  rowGroups: Uint8Array[];
  rows: number;
  metadata: Array<[string, string]>;
  rowGroup: number;
  /** Columns written without a dictionary. */
  plain: string[];
  /** Write to `temporary` (`path` is where it will go, for messages); without it, the bytes come back. */
  path?: string;
  temporary?: string;
}

type Result = { checksum?: string; size?: number; bytes?: Uint8Array };

interface Slot {
  worker: Worker;
  busy: boolean;
}

const SIZE = Math.max(1, Math.min(2, availableParallelism()));
const slots: Slot[] = [];
const queue: Array<{ job: EncodeJob & { id: number }; resolve: (r: Result) => void; reject: (e: Error) => void }> = [];
const running = new Map<number, { slot: Slot; resolve: (r: Result) => void; reject: (e: Error) => void }>();
let nextId = 0;

export function encodeInWorker(job: EncodeJob): Promise<Result> {
  return new Promise((resolve, reject) => {
    queue.push({ job: { ...job, id: nextId++ }, resolve, reject });
    dispatch();
  });
}

function dispatch(): void {
  while (queue.length > 0) {
    const slot = slots.find((s) => !s.busy) ?? (slots.length < SIZE ? spawn() : undefined);
    if (!slot) return;
    const { job, resolve, reject } = queue.shift()!;
    slot.busy = true;
    running.set(job.id, { slot, resolve, reject });
    // Moved, not copied, when the bytes are the whole of their buffer (a fresh IPC stream).
    const owned = job.rowGroups.filter((bytes) => bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength);
    slot.worker.postMessage(job, owned.map((bytes) => bytes.buffer as ArrayBuffer));
  }
}

function spawn(): Slot {
  // Beside this module in src/cache/, dist/cache/ and the bundle's dist/bundle/ (bin/build.js).
  const worker = new Worker(new URL("./parquet-worker.js", import.meta.url));
  const slot: Slot = { worker, busy: false };
  worker.on("message", (message: Result & { id: number; error?: string; code?: string }) => {
    const entry = running.get(message.id);
    if (!entry) return;
    running.delete(message.id);
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
      entry.reject(error);
    }
    dispatch();
  };
  worker.on("error", gone);
  worker.on("exit", (code) => gone(new Error(`the Parquet writer stopped (exit code ${code})`)));
  slots.push(slot);
  return slot;
}

function free(slot: Slot): void {
  slot.busy = false;
  dispatch();
  if (slot.busy) return;
  slots.splice(slots.indexOf(slot), 1);
  void slot.worker.terminate();
}
