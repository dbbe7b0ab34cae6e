// @ts-check
// A row group decoded by parquet-wasm straight into a table's columns on shared memory, at the
// row group's first row: what the main thread and the reader threads (parquet-read-worker.js)
// do for the row groups each takes (parquet-read.ts). It fills numbers (int64 as float64) and
// category codes mapped onto the categories the writer stored; anything else (a missing value,
// a category not stored, another type) is refused, and the table is then read the ordinary way.
// Plain JavaScript, so that it loads in any worker.
import { eachBatch } from "./parquet-ffi.js";
import { rowGroupFile } from "./parquet-footer.js";

/**
 * Where a column goes: `values` of the table's length (numbers, or codes into `categories`); for
 * lists, each row's length in `offsets` (at the row + 1), the items in `values` from
 * `starts[group]`, and each row group's number of items in `items`.
 * @typedef {{ format: string; values: Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array; categories?: string[]; offsets?: Int32Array; starts?: number[]; items?: Int32Array }} FillTarget
 */

/** Rows of a record batch (views into the wasm memory), as parquet-read.ts decodes them. */
const BATCH = 1 << 17;

export class Refused extends Error {}

/**
 * The row group `g` (its bytes read by `read(into, position)`) into `targets` from row `first`.
 * Returns the largest high word of each int64 column's values (-2^31 for the others).
 * @param {any} parquet parquet-wasm's module
 * @param {{ start: number; end: number; footer: Uint8Array }} group
 * @param {(into: Uint8Array, position: number) => void} read
 * @param {FillTarget[]} targets
 * @param {number} g
 * @param {number} first
 */
export function fillRowGroup(parquet, group, read, targets, g, first) {
  const { file, chunks } = rowGroupFile(group);
  read(chunks, group.start);
  const high = targets.map(() => -2147483648);
  const positions = targets.map((t) => (t.categories ? new Map(t.categories.map((c, i) => [c, i])) : undefined));
  const items = targets.map(() => 0);
  let at = first;
  const accept = (/** @type {string[]} */ given) => given.length === targets.length && given.every((f, i) => f === targets[i]?.format);
  const filled = eachBatch(parquet.readParquet(file, { batchSize: BATCH }), parquet.wasmMemory(), accept, (columns, rows) => {
    columns.forEach((column, i) => {
      if (column.nullCount !== 0) throw new Refused("a missing value");
      const target = /** @type {FillTarget} */ (targets[i]);
      if (target.offsets) {
        items[i] += listInto(column, target, /** @type {number} */ (target.starts?.[g]) + /** @type {number} */ (items[i]), at);
        return;
      }
      const data = /** @type {any} */ (column.data).subarray(column.offset, column.offset + column.length);
      if (positions[i]) codesInto(data, /** @type {import("./parquet-ffi.js").FFIColumn} */ (column.dictionary), /** @type {Map<string, number>} */ (positions[i]), target.values, at);
      else if (data instanceof BigInt64Array) high[i] = Math.max(/** @type {number} */ (high[i]), int64Into(data, /** @type {Float64Array} */ (target.values), at));
      else target.values.set(data, at);
    });
    at += rows;
  });
  if (!filled) throw new Refused("a column of another type");
  targets.forEach((t, i) => t.items && (t.items[g] = /** @type {number} */ (items[i])));
  return high;
}

/** A batch's lists: each row's length into `target.offsets` (at the row + 1), its items into `target.values` from `start`; the items. */
function listInto(/** @type {import("./parquet-ffi.js").FFIColumn} */ column, /** @type {FillTarget} */ target, /** @type {number} */ start, /** @type {number} */ at) {
  const child = /** @type {import("./parquet-ffi.js").FFIColumn} */ (column.child);
  if (child.nullCount !== 0) throw new Refused("a missing item");
  const offsets = /** @type {Int32Array} */ (column.valueOffsets);
  const lengths = /** @type {Int32Array} */ (target.offsets);
  const from = /** @type {number} */ (offsets[column.offset]);
  for (let i = 0; i < column.length; i++) lengths[at + i + 1] = /** @type {number} */ (offsets[column.offset + i + 1]) - /** @type {number} */ (offsets[column.offset + i]);
  const n = /** @type {number} */ (offsets[column.offset + column.length]) - from;
  if (start + n > target.values.length) throw new Refused("more items than the footer counts");
  target.values.set(/** @type {any} */ (child.data).subarray(child.offset + from, child.offset + from + n), start);
  return n;
}

/** A batch's codes into `out` from `at`, from its dictionary onto the stored categories. */
function codesInto(
  /** @type {Int8Array | Int16Array | Int32Array} */ codes,
  /** @type {import("./parquet-ffi.js").FFIColumn} */ dictionary,
  /** @type {Map<string, number>} */ positions,
  /** @type {ArrayLike<number> & { [i: number]: number; set(a: ArrayLike<number>, at: number): void }} */ out,
  /** @type {number} */ at,
) {
  const offsets = /** @type {Int32Array} */ (dictionary.valueOffsets);
  const bytes = /** @type {Uint8Array} */ (dictionary.data);
  const decoder = new TextDecoder();
  const remap = new Int32Array(dictionary.length);
  let same = true;
  for (let k = 0; k < dictionary.length; k++) {
    const position = positions.get(decoder.decode(bytes.subarray(offsets[dictionary.offset + k], offsets[dictionary.offset + k + 1])));
    if (position === undefined) throw new Refused("a category not stored");
    remap[k] = position;
    same &&= position === k;
  }
  if (same) return out.set(codes, at);
  for (let i = 0; i < codes.length; i++) out[at + i] = /** @type {number} */ (remap[/** @type {number} */ (codes[i])]);
}

/** int64 values into `out` from `at` as numbers (exact below 2^53), word by word; the largest high (signed) word. */
function int64Into(/** @type {BigInt64Array} */ values, /** @type {Float64Array} */ out, /** @type {number} */ at) {
  const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  let max = -2147483648;
  for (let i = 0, j = 0; i < values.length; i++, j += 2) {
    const high = /** @type {number} */ (words[j + 1]);
    if (high > max) max = high;
    out[at + i] = high * 4294967296 + (/** @type {number} */ (words[j]) >>> 0);
  }
  return max;
}
