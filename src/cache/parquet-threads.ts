/**
 * A large Parquet table read by the main thread and reader threads at once (parquet-read-worker.js):
 * its columns are made on shared memory, then each thread takes row groups from a shared counter
 * and decodes them into the columns at their rows (parquet-fill.js). The main thread blocks (the
 * table is asked for synchronously) while the others finish the row groups they took. A table
 * with columns of another kind, a missing value or a category the writer did not store is read
 * the ordinary way instead.
 */
import type * as arrow from "apache-arrow";
import { Worker } from "node:worker_threads";
import { parallelJobs } from "../config/index.ts";
import { type DataFrame, filledColumns, fromFilledColumns } from "../frame/index.ts";
import { type FillTarget, fillRowGroup } from "./parquet-fill.js";
import { CONTROL, type SharedReading, takeRowGroups } from "./parquet-share.js";

/** The file of a table being read, and what its footer says. */
export interface TableFile {
  path: string;
  read(into: Uint8Array, position: number): void;
  groups: Array<{ start: number; end: number; footer: Uint8Array }>;
  /** Rows of each row group. */
  groupRows: number[];
  /** The values of each row group's column chunks, by column (for lists: an upper bound of their items). */
  groupValues: Array<Map<string, number>>;
  schema: arrow.Schema;
  /** The C data interface's format of each field. */
  formats: string[];
}

/** How long the main thread waits for a reader thread's row group before reading the table alone. */
const STALLED_MS = 60_000;

/** The table, or undefined when it cannot be read so (then read it the ordinary way). */
export function readWithThreads(table: TableFile, parquet: unknown, options: { threadsOnly?: boolean } = {}): DataFrame | undefined {
  const rows = table.groupRows.reduce((a, b) => a + b, 0);
  // A list's items of each row group go after room for the values its footer counts (an empty list counts one), then are moved up.
  const starts = (name: string) => prefixSums(table.groupValues.map((values) => values.get(name) ?? 0));
  const filled = filledColumns(table.schema, rows, (name) => starts(name)[table.groups.length]!);
  if (!filled) return undefined;
  const targets: FillTarget[] = filled.map((c, i) => {
    const format = table.formats[i]!;
    if ("codes" in c) return { format, values: c.codes, categories: c.categories };
    if ("offsets" in c) return { format, values: c.values, offsets: c.offsets, starts: starts(table.schema.fields[i]!.name), items: new Int32Array(new SharedArrayBuffer(4 * table.groups.length)) };
    return { format, values: c.values };
  });
  const firstRows = prefixSums(table.groupRows);
  const job: SharedReading = {
    path: table.path,
    groups: table.groups,
    firstRows,
    targets,
    high: new Int32Array(new SharedArrayBuffer(4 * targets.length)).fill(-2147483648),
    control: new Int32Array(new SharedArrayBuffer(4 * CONTROL.SIZE)),
  };
  const readers = readerThreads();
  for (const reader of readers) reader.postMessage(job);
  try {
    // The reader threads alone (tests) when there are some.
    if (!options.threadsOnly || readers.length === 0) takeRowGroups(job, (g) => fillRowGroup(parquet, table.groups[g]!, table.read, targets, g, firstRows[g]!));
    if (!allDone(job.control, table.groups.length) || Atomics.load(job.control, CONTROL.REFUSED) !== 0) return undefined;
  } finally {
    endWhenIdle();
  }
  for (const target of targets) if (target.offsets) joinLists(target);
  return fromFilledColumns(table.schema, rows, filled, job.high);
}

/** A list column's row lengths made offsets, and each row group's items moved up after the last. */
function joinLists(target: FillTarget): void {
  const offsets = target.offsets!;
  for (let i = 1; i < offsets.length; i++) offsets[i]! += offsets[i - 1]!;
  let end = 0;
  target.items!.forEach((n, g) => {
    const start = target.starts![g]!;
    if (start !== end) target.values.copyWithin(end, start, start + n);
    end += n;
  });
}

/** 0, then the running sums of `values`: one more than them. */
function prefixSums(values: readonly number[]): number[] {
  const sums = [0];
  for (const v of values) sums.push(sums[sums.length - 1]! + v);
  return sums;
}

/** Whether the row groups the reader threads took are all done (false if one stalls). */
function allDone(control: Int32Array, groups: number): boolean {
  for (let done = Atomics.load(control, CONTROL.DONE); done < groups; done = Atomics.load(control, CONTROL.DONE)) {
    if (Atomics.wait(control, CONTROL.DONE, done, STALLED_MS) === "timed-out" && Atomics.load(control, CONTROL.DONE) === done) {
      Atomics.store(control, CONTROL.REFUSED, 1);
      return false;
    }
  }
  return true;
}

/** Reader threads: BLUEETL_JOBLIB_JOBS or the cores, less the main thread, three at most. */
const readerCount = (): number => Math.max(0, Math.min(3, parallelJobs() - 1));
let pool: Worker[] = [];
let idle: NodeJS.Timeout | undefined;
/** How long idle readers wait for the next table (starting one costs 0.1-0.2 s) before they end. */
const IDLE_MS = 2000;

function readerThreads(): Worker[] {
  clearTimeout(idle);
  while (pool.length < readerCount()) {
    // Beside this module in src/cache/, dist/cache/ and the bundle's dist/bundle/ (bin/build.js).
    const worker = new Worker(new URL("./parquet-read-worker.js", import.meta.url), { execArgv: [] });
    worker.unref();
    const gone = () => (pool = pool.filter((w) => w !== worker));
    worker.on("error", gone);
    worker.on("exit", gone);
    pool.push(worker);
  }
  return pool;
}

function endWhenIdle(): void {
  idle = setTimeout(() => {
    for (const worker of pool) void worker.terminate();
    pool = [];
  }, IDLE_MS).unref();
}
