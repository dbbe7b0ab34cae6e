/** Byte ranges of open files read, hashed and copied, 4 MB at a time. */
import type { Hash } from "node:crypto";
import { readSync } from "node:fs";
import { writeAll } from "./durable.js";

const PIECE = 1 << 22;

/** Bytes [start, end) of `fd`: all of them, or an error. */
export function readRange(fd: number, start: number, end: number): Uint8Array {
  const bytes = new Uint8Array(end - start);
  for (let at = 0; at < bytes.length; ) {
    const n = readSync(fd, bytes, at, bytes.length - at, start + at);
    if (n <= 0) throw Object.assign(new Error(`read ${at} of ${bytes.length} bytes back`), { code: "EIO" });
    at += n;
  }
  return bytes;
}

export function hashRange(fd: number, start: number, end: number, hash: Hash): void {
  for (let at = start; at < end; at += PIECE) hash.update(readRange(fd, at, Math.min(end, at + PIECE)));
}

/** Bytes [start, end) of `from` written to `to` at `at` (and hashed, given a hash); where the written bytes end. */
export function copyRange(from: number, start: number, end: number, to: number, at: number, hash?: Hash): number {
  for (let p = start; p < end; p += PIECE) {
    const piece = readRange(from, p, Math.min(end, p + PIECE));
    hash?.update(piece);
    at += writeAll(to, piece, at);
  }
  return at;
}
