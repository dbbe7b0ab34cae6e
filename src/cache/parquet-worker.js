// @ts-check
// Parquet encoding off the main thread. A table arrives as Arrow IPC streams, one per row group;
// each is encoded with parquet-wasm and then dropped (so the worker holds what is left to write,
// and the wasm memory one row group): zstd, page statistics off, dictionaries only where they pay
// (bench/parquet.ts). It is written to a temporary file, answering with its size and BLAKE2b
// checksum (the main thread checks it and renames it into place), or sent back as bytes. Plain
// JavaScript, so that it loads in any worker, whatever loader the main thread uses.
import { createHash } from "node:crypto";
import { closeSync, fsyncSync, openSync, rmSync } from "node:fs";
import { basename } from "node:path";
import { parentPort } from "node:worker_threads";
import * as parquet from "parquet-wasm/node";
import { pauseAt, writeAll } from "./durable.js";

/** @typedef {{ id: number; rowGroups: (Uint8Array | undefined)[]; rows: number; metadata: [string, string][]; rowGroup: number; plain: string[]; path?: string; temporary?: string }} Job */

/**
 * The Parquet bytes of the job's table, chunk by chunk.
 * @param {Job} job
 * @returns {Promise<AsyncIterable<Uint8Array>>}
 */
async function encode(job) {
  const properties = job.plain
    .reduce(
      (builder, name) => builder.setColumnDictionaryEnabled(name, false),
      new parquet.WriterPropertiesBuilder()
        .setCompression(parquet.Compression.ZSTD)
        .setMaxRowGroupSize(job.rowGroup)
        .setStatisticsEnabled(parquet.EnabledStatistics.None)
        .setKeyValueMetadata(new Map(job.metadata)),
    )
    .build();
  if (job.rows === 0) return [parquet.writeParquet(parquet.Table.fromIPCStream(/** @type {Uint8Array} */ (job.rowGroups[0])), properties)];
  let next = 0;
  const batches = new ReadableStream({
    pull(controller) {
      if (next >= job.rowGroups.length) return controller.close();
      const part = parquet.Table.fromIPCStream(/** @type {Uint8Array} */ (job.rowGroups[next]));
      job.rowGroups[next++] = undefined;
      for (const batch of part.recordBatches()) controller.enqueue(batch);
      // Freed now: left to the garbage collector, the wasm memory grew by 1.3 GB on L's by_gid_and_trial.
      part.free();
    },
  });
  return /** @type {AsyncIterable<Uint8Array>} */ (/** @type {unknown} */ (await parquet.transformParquetStream(batches, properties)));
}

/**
 * The Parquet bytes, sent back or written to the job's temporary file (every byte, then fsync),
 * which the main thread then checks and renames into place (files.ts).
 * @param {Job} job
 */
async function run(job) {
  const chunks = await encode(job);
  if (!job.temporary) {
    const parts = [];
    for await (const chunk of chunks) parts.push(chunk);
    return { id: job.id, bytes: Buffer.concat(parts) };
  }
  const hash = createHash("blake2b512");
  const moment = `write:${basename(job.path ?? "")}`;
  let size = 0;
  const fd = openSync(job.temporary, "wx");
  try {
    for await (const chunk of chunks) {
      size += writeAll(fd, chunk);
      hash.update(chunk);
      pauseAt(moment);
    }
    fsyncSync(fd);
  } catch (error) {
    rmSync(job.temporary, { force: true });
    throw error;
  } finally {
    closeSync(fd);
  }
  return { id: job.id, checksum: hash.digest("hex"), size };
}

parentPort?.on("message", async (/** @type {Job} */ job) => {
  try {
    const result = await run(job);
    parentPort?.postMessage(result);
  } catch (error) {
    const code = /** @type {NodeJS.ErrnoException} */ (error).code;
    parentPort?.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error), code });
  }
});
