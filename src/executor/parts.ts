/**
 * The file a task leaves for the process that merges: `<index>.part`, the task's tables as
 * Arrow IPC (every dtype, index level and category kept, as the Feather cache keeps them) behind
 * a JSON header naming the job's key, the task and its information. Written through a checked,
 * fsynced temporary file renamed into place, so a part is whole or absent.
 */
import { readFileSync, writeSync } from "node:fs";
import * as arrow from "apache-arrow";
import { CacheFolder } from "../cache/index.ts";
import { type DataFrame, fromArrow, toArrow } from "../frame/index.ts";
import type { Json, TaskOutput } from "./job.ts";

const MAGIC = Buffer.from("BLUEETL-PART-1\n");

interface Header {
  key: string;
  index: number;
  info: Json;
  tables: Array<{ name: string; bytes: number }>;
}

/** Write the part of task `index` atomically at `path`, a file under `root` (the cache folder: nothing is written outside it). */
export function writePart(root: string, path: string, key: string, index: number, output: TaskOutput): void {
  const tables = Object.entries(output.tables).map(([name, table]) => [name, arrow.tableToIPC(toArrow(table), "file")] as const);
  const header: Header = { key, index, info: output.info, tables: tables.map(([name, bytes]) => ({ name, bytes: bytes.length })) };
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  new CacheFolder(root).writeWith(path, (fd) => [MAGIC, length, json, ...tables.map(([, bytes]) => bytes)].reduce((n, chunk) => n + writeChunk(fd, chunk), 0));
}

function writeChunk(fd: number, bytes: Uint8Array): number {
  let at = 0;
  while (at < bytes.length) {
    const n = writeSync(fd, bytes, at, bytes.length - at);
    if (n <= 0) throw Object.assign(new Error(`short write: ${at} of ${bytes.length} bytes`), { code: "EIO" });
    at += n;
  }
  return at;
}

/** The part at `path` if it is whole and belongs to the job `key` and task `index`; undefined otherwise. */
export function readPart(path: string, key: string, index: number): TaskOutput | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  const header = partHeader(bytes);
  if (!header || header.key !== key || header.index !== index) return undefined;
  let at = MAGIC.length + 4 + bytes.readUInt32LE(MAGIC.length);
  const tables: Record<string, DataFrame> = {};
  for (const { name, bytes: size } of header.tables) {
    if (at + size > bytes.length) return undefined;
    tables[name] = fromArrow(arrow.tableFromIPC(bytes.subarray(at, at + size)));
    at += size;
  }
  return at === bytes.length ? { tables, info: header.info } : undefined;
}

function partHeader(bytes: Buffer): Header | undefined {
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const size = bytes.readUInt32LE(MAGIC.length);
  try {
    return JSON.parse(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + size).toString("utf8")) as Header;
  } catch {
    return undefined;
  }
}
