// @ts-check
// How the main thread and the reader threads share the reading of one Parquet table
// (parquet-read.ts): each takes the next row group from a shared counter until none is left, so
// the main thread never waits for a reader thread still starting, and counts it done.

/**
 * A table being read by several threads: its file, its row groups (their footers and first
 * rows), the columns they fill (shared memory), the largest high word of each int64 column so
 * far, and the control words.
 * @typedef {{ path: string; groups: Array<{ start: number; end: number; footer: Uint8Array }>; firstRows: number[]; targets: import("./parquet-fill.js").FillTarget[]; high: Int32Array; control: Int32Array }} SharedReading
 */

/** The control words: the next row group to take, the row groups done, whether one was refused. */
export const CONTROL = { NEXT: 0, DONE: 1, REFUSED: 2, SIZE: 3 };

/**
 * Row groups taken and filled by `fill` (which returns each column's largest high word) until none
 * is left or one was refused.
 * @param {SharedReading} job @param {(group: number) => number[]} fill
 */
export function takeRowGroups(job, fill) {
  const { control, high } = job;
  for (;;) {
    if (Atomics.load(control, CONTROL.REFUSED) !== 0) return;
    const g = Atomics.add(control, CONTROL.NEXT, 1);
    if (g >= job.groups.length) return;
    try {
      fill(g).forEach((h, i) => raise(high, i, h));
    } catch {
      Atomics.store(control, CONTROL.REFUSED, 1);
    } finally {
      Atomics.add(control, CONTROL.DONE, 1);
      Atomics.notify(control, CONTROL.DONE);
    }
  }
}

/** `words[i]` raised to `value` if below. */
function raise(/** @type {Int32Array} */ words, /** @type {number} */ i, /** @type {number} */ value) {
  for (let old = Atomics.load(words, i); old < value; old = Atomics.load(words, i)) {
    if (Atomics.compareExchange(words, i, old, value) === old) return;
  }
}
