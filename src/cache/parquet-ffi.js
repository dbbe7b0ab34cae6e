// @ts-check
// A row group decoded by parquet-wasm, read where it lies in the wasm memory (the Arrow C data
// interface of its record batches, as arrow-js-ffi reads it) rather than exported as Arrow IPC:
// the export wrote every value a second time, then apache-arrow parsed the stream (0.5-0.7 s of
// SOMA's 42M-row report). Fixed-width values and dictionary codes are views into the wasm
// memory, valid until parquet-wasm runs again (ArrowReader copies them as they come); the rest
// (validity of other columns, booleans, strings, lists, dictionaries), which a reader may keep, is
// copied. Plain JavaScript, so that it loads in any worker.

/**
 * A column of a batch, as arrow's `makeData` takes it (without its type).
 * @typedef {{ length: number; offset: number; nullCount: number; nullBitmap?: Uint8Array; data?: ArrayBufferView; valueOffsets?: Int32Array; child?: FFIColumn; dictionary?: FFIColumn }} FFIColumn
 */

/** Byte widths and typed arrays of the fixed-width formats of the C data interface. */
/** @type {Record<string, { Array: new (buffer: ArrayBuffer, offset: number, length: number) => ArrayBufferView & { length: number }; bytes: number }>} */
const FIXED = {
  c: { Array: Int8Array, bytes: 1 },
  C: { Array: Uint8Array, bytes: 1 },
  s: { Array: Int16Array, bytes: 2 },
  S: { Array: Uint16Array, bytes: 2 },
  i: { Array: Int32Array, bytes: 4 },
  I: { Array: Uint32Array, bytes: 4 },
  l: { Array: BigInt64Array, bytes: 8 },
  L: { Array: BigUint64Array, bytes: 8 },
  f: { Array: Float32Array, bytes: 4 },
  g: { Array: Float64Array, bytes: 8 },
};

/** The formats this reader knows: fixed width, booleans, nulls, UTF-8, lists (of those), dictionaries of UTF-8. */
export function supportedFormat(/** @type {string} */ format, /** @type {string[]} */ children, /** @type {string | undefined} */ dictionary) {
  if (dictionary !== undefined) return "cCsSiI".includes(format) && format.length === 1 && dictionary === "u";
  if (format === "+l") return children.length === 1 && (children[0] in FIXED || children[0] === "n");
  return format in FIXED || format === "b" || format === "n" || format === "u";
}

/**
 * A column's format, its children's in brackets and its dictionary's after a colon: "+l[g]", "c:u".
 * @returns {string}
 */
function formatOf(/** @type {{ format: string; children: any[]; dictionary?: any }} */ schema) {
  /** @type {string} */
  const children = schema.children.length > 0 ? `[${schema.children.map(formatOf).join(",")}]` : "";
  return schema.format + children + (schema.dictionary ? `:${formatOf(schema.dictionary)}` : "");
}

/**
 * The C data interface's structs in a wasm32 memory (pointers of 4 bytes, int64 aligned to 8).
 */
class Memory {
  /** @param {ArrayBuffer} buffer */
  constructor(buffer) {
    this.buffer = buffer;
    this.view = new DataView(buffer);
  }

  i64(/** @type {number} */ at) {
    return Number(this.view.getBigInt64(at, true));
  }

  u32(/** @type {number} */ at) {
    return this.view.getUint32(at, true);
  }

  /** A NUL-terminated string. */
  text(/** @type {number} */ at) {
    const bytes = new Uint8Array(this.buffer, at);
    return new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0)));
  }

  /** The format of an ArrowSchema, of its children and of its dictionary. */
  schema(/** @type {number} */ at) {
    const children = [];
    const n = this.i64(at + 24);
    const pointers = this.u32(at + 32);
    for (let i = 0; i < n; i++) children.push(this.schema(this.u32(pointers + 4 * i)));
    const dictionary = this.u32(at + 36);
    /** @type {{ format: string; children: ReturnType<Memory["schema"]>[]; dictionary?: ReturnType<Memory["schema"]> }} */
    const out = { format: this.text(this.u32(at)), children };
    if (dictionary !== 0) out.dictionary = this.schema(dictionary);
    return out;
  }

  /** An ArrowArray's fields. */
  array(/** @type {number} */ at) {
    const buffers = this.u32(at + 40);
    const children = this.u32(at + 44);
    const n = this.i64(at + 32);
    return {
      length: this.i64(at),
      nullCount: this.i64(at + 8),
      offset: this.i64(at + 16),
      buffers: Array.from({ length: this.i64(at + 24) }, (_, i) => this.u32(buffers + 4 * i)),
      children: Array.from({ length: n }, (_, i) => this.u32(children + 4 * i)),
      dictionary: this.u32(at + 48),
    };
  }
}

/**
 * How a column's buffers leave the wasm memory: as views (`undefined`), or each copied into its own ("own").
 * @typedef {undefined | "own"} Copy
 */

/**
 * A column of the ArrowArray at `at`, of the schema `schema`. Views are made only of the values
 * and validity of fixed-width columns and the codes of dictionaries (what ArrowReader copies as
 * it comes); the rest, which a reader may keep, is copied into buffers of its own.
 * @param {Memory} memory @param {number} at @param {ReturnType<Memory["schema"]>} schema @param {Copy} copy
 * @returns {FFIColumn}
 */
function column(memory, at, schema, copy) {
  const array = memory.array(at);
  const { length, offset } = array;
  const end = offset + length;
  /** @type {FFIColumn} */
  const out = { length, offset, nullCount: array.nullCount };
  if (schema.format === "n") return { length, offset: 0, nullCount: length };
  if (!(schema.format in FIXED)) copy = "own";
  const bytes = (/** @type {number} */ pointer, /** @type {number} */ n) => place(new Uint8Array(memory.buffer, pointer, n), copy);
  const validity = array.buffers[0] ?? 0;
  if (validity !== 0 && array.nullCount !== 0) out.nullBitmap = bytes(validity, Math.ceil(end / 8));
  const values = array.buffers[1] ?? 0;
  if (schema.dictionary) {
    out.data = fixed(memory, values, schema.format, end, copy);
    out.dictionary = column(memory, array.dictionary, schema.dictionary, "own");
  } else if (schema.format === "b") out.data = bytes(values, Math.ceil(end / 8));
  else if (schema.format === "u" || schema.format === "+l") {
    const offsets = new Int32Array(memory.buffer, values, end + 1).slice();
    out.valueOffsets = offsets;
    if (schema.format === "u") out.data = bytes(array.buffers[2] ?? 0, offsets[end] ?? 0);
    else out.child = column(memory, /** @type {number} */ (array.children[0]), /** @type {ReturnType<Memory["schema"]>} */ (schema.children[0]), "own");
  } else out.data = fixed(memory, values, schema.format, end, copy);
  return out;
}

/** A view into the wasm memory, or its copy. */
function place(/** @type {any} */ view, /** @type {Copy} */ copy) {
  return copy === undefined ? view : view.slice();
}

/** The first `n` values of a fixed-width buffer. */
function fixed(/** @type {Memory} */ memory, /** @type {number} */ pointer, /** @type {string} */ format, /** @type {number} */ n, /** @type {Copy} */ copy) {
  const { Array: Values, bytes } = /** @type {(typeof FIXED)[string]} */ (FIXED[format]);
  if (pointer % bytes !== 0) throw new Error(`misaligned ${format} buffer at ${pointer}`);
  return place(new Values(memory.buffer, pointer, n), copy);
}

/**
 * The record batches of a parquet-wasm Table, each as its columns, given to `each` one by one
 * (views into the wasm memory, valid until parquet-wasm runs again); the table is consumed. False
 * (and nothing given) unless `accept` takes the format of every column (as `formatOf` gives it)
 * and this reader knows them all.
 * @param {{ intoFFI(): { schemaAddr(): number; arrayAddrs(): Uint32Array; free(): void } }} table
 * @param {WebAssembly.Memory} wasmMemory
 * @param {(formats: string[]) => boolean} accept
 * @param {(columns: FFIColumn[], rows: number) => void} each
 * @returns {boolean}
 */
export function eachBatch(table, wasmMemory, accept, each) {
  const stream = table.intoFFI();
  try {
    // The addresses first: asking for them allocates in the wasm memory, which may grow it (and
    // detach the buffer of the views). Nothing calls parquet-wasm after this.
    const schemaAddress = stream.schemaAddr();
    const addresses = stream.arrayAddrs();
    const memory = new Memory(wasmMemory.buffer);
    const schema = memory.schema(schemaAddress);
    if (!schema.children.every((c) => supportedFormat(c.format, c.children.map((g) => g.format), c.dictionary?.format))) return false;
    if (!accept(schema.children.map(formatOf))) return false;
    for (const address of addresses) {
      const batch = memory.array(address);
      const columns = schema.children.map((child, i) => column(memory, /** @type {number} */ (batch.children[i]), child, undefined));
      each(columns, batch.length);
    }
    return true;
  } finally {
    stream.free();
  }
}
