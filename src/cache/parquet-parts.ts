/**
 * A large table is encoded in parts, one per writer thread (each a range of its row groups, in
 * a file of its own), and the parts made one file: the data of each part in order, then what
 * follows each part's data (bloom filters), then a footer of all the row groups
 * (`mergedFooter`). DuckDB encodes each row group by itself, so the file holds the bytes a
 * single writer would have written for the whole table.
 */
import { createHash } from "node:crypto";
import { closeSync, fstatSync, ftruncateSync, openSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { writeAll } from "./durable.js";
import { dataEnd, footerRange, mergedFooter, withNullColumns } from "./parquet-footer.js";
import { type ParquetJob, ROW_GROUP } from "./parquet-job.ts";
import { copyRange, hashRange, readRange } from "./ranges.js";

/** Row groups from which a table is split between the writers (below, the merge is not worth it). */
const SPLIT_FROM = 4;

/**
 * The table's row groups as jobs of contiguous row groups (the job itself when small): two per
 * writer, so that the first half is merged while the second is encoded.
 */
export function splitJob(job: ParquetJob, writers: number): ParquetJob[] {
  if (writers < 2 || job.rowGroups < SPLIT_FROM || job.spec.rowGroup !== ROW_GROUP) return [job];
  const per = Math.ceil(job.rowGroups / Math.min(job.rowGroups, 2 * writers));
  const parts: ParquetJob[] = [];
  for (let first = 0; first < job.rowGroups; first += per) {
    const count = Math.min(per, job.rowGroups - first);
    const rows = Math.min(job.spec.rows, (first + count) * job.spec.rowGroup) - first * job.spec.rowGroup;
    parts.push({ spec: { ...job.spec, rows }, rowGroups: count, shared: job.shared, rowGroup: (g) => job.rowGroup(first + g) });
  }
  return parts;
}

interface Part {
  fd: number;
  footer: Uint8Array;
  footerStart: number;
  dataEnd: number;
}

/**
 * The parts' files (complete Parquet files, in row order) made one, in the first part's file, as
 * the parts are done (`done[i]` settles when part i is written): the data of those done goes in
 * while the others are still being encoded (L's by_gid_and_trial: 1 s of copying and hashing
 * after its last part, with a single core busy). Its columns of nulls made Null columns,
 * fsynced; the other files deleted. Its size and BLAKE2b. On failure the caller removes the files,
 * once every part has settled.
 */
export async function mergeParts(files: readonly string[], done: ReadonlyArray<Promise<unknown>>, nullColumns: ReadonlySet<string>): Promise<{ size: number; checksum: string }> {
  const parts: Part[] = [];
  try {
    const hash = createHash("blake2b512");
    // What follows each part's data (bloom filters), read before the next part's data covers it.
    const extras: Uint8Array[] = [];
    let at = 0;
    for (let i = 0; i < files.length; i++) {
      await done[i];
      const part = openPart(files[i]!);
      parts.push(part);
      extras.push(readRange(part.fd, part.dataEnd, part.footerStart));
      if (i > 0) at = copyRange(part.fd, 4, part.dataEnd, parts[0]!.fd, at, hash);
      else {
        hashRange(part.fd, 0, part.dataEnd, hash);
        at = part.dataEnd;
      }
    }
    const first = parts[0]!;
    let footer = mergedFooter(parts);
    if (nullColumns.size > 0) footer = withNullColumns(footer, nullColumns);
    ftruncateSync(first.fd, at);
    const end = Buffer.alloc(8);
    end.writeUInt32LE(footer.length, 0);
    end.write("PAR1", 4);
    for (const bytes of [...extras, footer, end]) {
      at += writeAll(first.fd, bytes, at);
      hash.update(bytes);
    }
    // In libuv's threads: the main thread goes on meanwhile (the disk takes its time).
    const file = await open(files[0]!, "r");
    try {
      await file.sync();
    } finally {
      await file.close();
    }
    for (const other of files.slice(1)) rmSync(other, { force: true });
    return { size: at, checksum: hash.digest("hex") };
  } finally {
    for (const part of parts) closeSync(part.fd);
  }
}

function openPart(file: string): Part {
  const fd = openSync(file, "r+");
  try {
    const size = fstatSync(fd).size;
    const { start, length } = footerRange(readRange(fd, Math.max(0, size - 8), size), size);
    const footer = readRange(fd, start, start + length);
    return { fd, footer, footerStart: start, dataEnd: dataEnd(footer, start) };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}
