// @ts-check
// The low-level part of the cache's writes, shared by the main thread (files.ts) and the Parquet
// worker (parquet-worker.js): every byte written or an error, and the test hook that pauses a run
// at a named moment. Plain JavaScript, so that it loads in any worker, whatever loader the main
// thread uses.
import { writeSync } from "node:fs";

/**
 * Write all of `bytes` to `fd`: a write may take fewer bytes than given (a full disk takes what
 * fits, then fails), so the rest is written until done or an error is thrown.
 * @param {number} fd
 * @param {Uint8Array} bytes
 * @returns {number} the bytes written
 */
export function writeAll(fd, bytes) {
  let at = 0;
  while (at < bytes.length) {
    const n = writeSync(fd, bytes, at, bytes.length - at);
    if (n <= 0) throw Object.assign(new Error(`short write: ${at} of ${bytes.length} bytes`), { code: "EIO" });
    at += n;
  }
  return at;
}

/** Environment variable naming the moment where a run stops for a test (see pauseAt). */
export const PAUSE_VARIABLE = "BLUEETL_PAUSE_AT";

/**
 * For tests of interrupted runs: when BLUEETL_PAUSE_AT names this moment (`write:<file name>`,
 * `rename:<file name>`, `renamed:<file name>`), say so on stderr and block this thread for good,
 * so that a test can kill the process at exactly that point.
 * @param {string} moment
 */
export function pauseAt(moment) {
  if (process.env[PAUSE_VARIABLE] !== moment) return;
  writeSync(2, `blueetl: paused at ${moment}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}
