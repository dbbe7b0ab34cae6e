// @ts-check
// Byte ranges of open files read, hashed and copied, 4 MB at a time: by the main thread (store.ts,
// files.ts, parquet-parts.ts) and the Parquet worker (parquet-worker.js). Plain JavaScript, so
// that it loads in any worker, whatever loader the main thread uses.
import { readSync } from "node:fs";
import { writeAll } from "./durable.js";

const PIECE = 1 << 22;

/**
 * `into` filled with the bytes of `fd` from `position`: all of them, or an error saying where the
 * file ends.
 * @param {number} fd
 * @param {Uint8Array} into
 * @param {number} position
 */
export function readInto(fd, into, position) {
  for (let at = 0; at < into.length; ) {
    const n = readSync(fd, into, at, into.length - at, position + at);
    if (n <= 0) throw Object.assign(new Error(`the file ends at ${position + at} bytes (${at} of ${into.length} read)`), { code: "EIO" });
    at += n;
  }
}

/**
 * Bytes [start, end) of `fd`.
 * @param {number} fd
 * @param {number} start
 * @param {number} end
 * @returns {Uint8Array}
 */
export function readRange(fd, start, end) {
  const bytes = new Uint8Array(end - start);
  readInto(fd, bytes, start);
  return bytes;
}

/**
 * Bytes [start, end) of `fd` given to `hash`.
 * @param {number} fd
 * @param {number} start
 * @param {number} end
 * @param {import("node:crypto").Hash} hash
 */
export function hashRange(fd, start, end, hash) {
  eachPiece(fd, start, end, (piece) => hash.update(piece));
}

/**
 * Bytes [start, end) of `from` written to `to` at `at` (and hashed, given a hash).
 * @param {number} from
 * @param {number} start
 * @param {number} end
 * @param {number} to
 * @param {number} at
 * @param {import("node:crypto").Hash} [hash]
 * @returns {number} where the written bytes end
 */
export function copyRange(from, start, end, to, at, hash) {
  eachPiece(from, start, end, (piece) => {
    hash?.update(piece);
    at += writeAll(to, piece, at);
  });
  return at;
}

/**
 * The bytes [start, end) of `fd`, a piece at a time in one buffer (a new 4 MB buffer per piece
 * would be new pages to touch for each).
 * @param {number} fd
 * @param {number} start
 * @param {number} end
 * @param {(piece: Uint8Array) => void} use
 */
function eachPiece(fd, start, end, use) {
  const buffer = new Uint8Array(Math.min(PIECE, Math.max(end - start, 0)));
  for (let at = start; at < end; at += PIECE) {
    const piece = buffer.subarray(0, Math.min(PIECE, end - at));
    readInto(fd, piece, at);
    use(piece);
  }
}
