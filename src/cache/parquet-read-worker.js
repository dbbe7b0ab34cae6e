// @ts-check
// A Parquet reader thread (parquet-read.ts): it takes row groups of the table being read, one
// at a time from a shared counter, and decodes each into the table's columns on shared memory
// (parquet-fill.js), while the main thread does the same. Plain JavaScript, so that it loads in
// any worker, whatever loader the main thread uses.
import { closeSync, openSync } from "node:fs";
import { createRequire } from "node:module";
import { parentPort } from "node:worker_threads";
import { fillRowGroup } from "./parquet-fill.js";
import { CONTROL, takeRowGroups } from "./parquet-share.js";
import { readInto } from "./ranges.js";

const parquet = createRequire(import.meta.url)("parquet-wasm/node");

/** @typedef {import("./parquet-share.js").SharedReading} SharedReading */

parentPort?.on("message", (/** @type {SharedReading} */ job) => {
  let fd;
  try {
    fd = openSync(job.path, "r");
    const file = /** @type {number} */ (fd);
    const read = (/** @type {Uint8Array} */ into, /** @type {number} */ position) => readInto(file, into, position);
    takeRowGroups(job, (g) => fillRowGroup(parquet, /** @type {any} */ (job.groups[g]), read, job.targets, g, /** @type {number} */ (job.firstRows[g])));
  } catch {
    // The file could not be read here: the main thread takes the row groups left.
    Atomics.store(job.control, CONTROL.REFUSED, 1);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
});
