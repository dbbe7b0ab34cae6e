// @ts-check
// The footer of a Parquet file (Thrift's compact protocol): read for the number of rows, row
// groups and the key-value metadata without decoding any data, and rewritten to make a column
// of nulls a Null column (DuckDB writes it as an INT32 column, pyarrow as INT32 of logical type
// UNKNOWN, which every reader takes for nulls). Plain JavaScript, so that it loads in any worker.

const MAGIC = "PAR1";

/** @typedef {{ type: number; value: unknown }} Field */
/** @typedef {Map<number, Field>} Struct */
/** @typedef {{ type: number; items: unknown[] }} List */

const T = { TRUE: 1, FALSE: 2, BYTE: 3, I16: 4, I32: 5, I64: 6, DOUBLE: 7, BINARY: 8, LIST: 9, SET: 10, MAP: 11, STRUCT: 12 };

class Reader {
  /** @param {Uint8Array} bytes */
  constructor(bytes) {
    this.bytes = bytes;
    this.at = 0;
  }

  /** Numbers, exact below 2^53 (sizes and offsets of files). */
  varint() {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = this.bytes[this.at++];
      if (byte === undefined) throw new Error("the Parquet footer is cut short");
      result += (byte & 0x7f) * scale;
      if ((byte & 0x80) === 0) return result;
      scale *= 128;
    }
  }

  zigzag() {
    const n = this.varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  /** @param {number} type */
  value(type) {
    switch (type) {
      case T.TRUE:
        return true;
      case T.FALSE:
        return false;
      case T.BYTE:
        return this.bytes[this.at++];
      case T.I16:
      case T.I32:
      case T.I64:
        return this.zigzag();
      case T.DOUBLE: {
        const value = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.at, 8).getFloat64(0, true);
        this.at += 8;
        return value;
      }
      case T.BINARY: {
        const length = this.varint();
        const value = this.bytes.subarray(this.at, this.at + length);
        this.at += length;
        return value;
      }
      case T.LIST:
      case T.SET: {
        const header = this.bytes[this.at++] ?? 0;
        const size = header >> 4 === 15 ? this.varint() : header >> 4;
        const items = [];
        // Booleans in a list are one byte each.
        for (let i = 0; i < size; i++) items.push((header & 15) === T.TRUE ? this.bytes[this.at++] === 1 : this.value(header & 15));
        return /** @type {List} */ ({ type: header & 15, items });
      }
      case T.STRUCT:
        return this.struct();
      default:
        throw new Error(`unsupported Thrift type ${type} in the Parquet footer`);
    }
  }

  /** @returns {Struct} */
  struct() {
    /** @type {Struct} */
    const fields = new Map();
    let id = 0;
    for (;;) {
      const header = this.bytes[this.at++] ?? 0;
      if (header === 0) return fields;
      const delta = header >> 4;
      id = delta === 0 ? this.zigzag() : id + delta;
      const type = header & 15;
      fields.set(id, { type, value: this.value(type) });
    }
  }
}

class Writer {
  constructor() {
    /** @type {number[]} */
    this.out = [];
  }

  /** @param {number} n a non-negative integer below 2^53 */
  varint(n) {
    while (n >= 0x80) {
      this.out.push((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.out.push(n);
  }

  /** @param {number} n */
  zigzag(n) {
    this.varint(n >= 0 ? 2 * n : -2 * n - 1);
  }

  /** @param {number} type @param {unknown} value */
  value(type, value) {
    switch (type) {
      case T.TRUE:
      case T.FALSE:
        return;
      case T.BYTE:
        return void this.out.push(/** @type {number} */ (value));
      case T.I16:
      case T.I32:
      case T.I64:
        return this.zigzag(/** @type {number} */ (value));
      case T.DOUBLE: {
        const bytes = new Uint8Array(8);
        new DataView(bytes.buffer).setFloat64(0, /** @type {number} */ (value), true);
        return void this.out.push(...bytes);
      }
      case T.BINARY: {
        const bytes = /** @type {Uint8Array} */ (value);
        this.varint(bytes.length);
        for (const byte of bytes) this.out.push(byte);
        return;
      }
      case T.LIST:
      case T.SET: {
        const list = /** @type {List} */ (value);
        const size = list.items.length;
        if (size < 15) this.out.push((size << 4) | list.type);
        else {
          this.out.push(0xf0 | list.type);
          this.varint(size);
        }
        for (const item of list.items) {
          if (list.type === T.TRUE || list.type === T.FALSE) this.out.push(item ? 1 : 2);
          else this.value(list.type, item);
        }
        return;
      }
      case T.STRUCT:
        return this.struct(/** @type {Struct} */ (value));
      default:
        throw new Error(`unsupported Thrift type ${type}`);
    }
  }

  /** @param {Struct} fields */
  struct(fields) {
    let last = 0;
    for (const id of [...fields.keys()].sort((a, b) => a - b)) {
      const { type, value } = /** @type {Field} */ (fields.get(id));
      const wire = type === T.TRUE || type === T.FALSE ? (value ? T.TRUE : T.FALSE) : type;
      const delta = id - last;
      if (delta > 0 && delta < 16) this.out.push((delta << 4) | wire);
      else {
        this.out.push(wire);
        this.zigzag(id);
      }
      this.value(wire, value);
      last = id;
    }
    this.out.push(0);
  }
}

/**
 * Where the footer lies in a Parquet file's bytes (its last bytes are enough: the footer, its
 * length and the magic), checked: a file cut short has no magic at its end.
 * @param {Uint8Array} tail the last bytes of the file
 * @param {number} fileSize
 */
export function footerRange(tail, fileSize) {
  const text = new TextDecoder().decode(tail.subarray(tail.length - 4));
  if (tail.length < 8 || text !== MAGIC) throw new Error("not a complete Parquet file (no PAR1 at its end)");
  const length = new DataView(tail.buffer, tail.byteOffset + tail.length - 8, 4).getUint32(0, true);
  if (length + 12 > fileSize) throw new Error(`a Parquet footer of ${length} bytes in a file of ${fileSize}`);
  return { start: fileSize - 8 - length, length };
}

/**
 * The facts of a footer: rows, row groups (their rows), key-value metadata.
 * @param {Uint8Array} footer
 */
export function readFooter(footer) {
  const meta = new Reader(footer).struct();
  const list = (/** @type {number} */ id) => /** @type {List | undefined} */ (meta.get(id)?.value)?.items ?? [];
  const text = (/** @type {unknown} */ bytes) => new TextDecoder().decode(/** @type {Uint8Array} */ (bytes));
  /** @type {Map<string, string>} */
  const metadata = new Map();
  for (const item of list(5)) {
    const kv = /** @type {Struct} */ (item);
    metadata.set(text(kv.get(1)?.value), kv.has(2) ? text(kv.get(2)?.value) : "");
  }
  const rowGroups = list(4).map((group) => Number(/** @type {Struct} */ (group).get(3)?.value ?? 0));
  // The values of each column chunk (a list's items, and a level for each empty or missing list), by top-level column.
  const values = list(4).map((group) => {
    /** @type {Map<string, number>} */
    const byColumn = new Map();
    for (const chunk of /** @type {List} */ (/** @type {Struct} */ (group).get(1)?.value).items) {
      const column = /** @type {Struct} */ (/** @type {Struct} */ (chunk).get(3)?.value);
      const name = text(/** @type {List} */ (column.get(3)?.value).items[0]);
      byColumn.set(name, (byColumn.get(name) ?? 0) + Number(column.get(5)?.value ?? 0));
    }
    return byColumn;
  });
  return { rows: Number(meta.get(3)?.value ?? 0), rowGroups, values, metadata };
}

/**
 * The footer with the top-level columns `names` made Null columns (logical type UNKNOWN, no
 * converted type), as pyarrow writes a column of None.
 * @param {Uint8Array} footer
 * @param {ReadonlySet<string>} names
 */
export function withNullColumns(footer, names) {
  const meta = new Reader(footer).struct();
  const schema = /** @type {Struct[]} */ (/** @type {List} */ (meta.get(2)?.value).items);
  const children = (/** @type {Struct} */ element) => Number(element.get(5)?.value ?? 0);
  // The schema is a tree laid out depth first: the root, then each top-level column and its subtree.
  for (let at = 1; at < schema.length; ) {
    const element = /** @type {Struct} */ (schema[at]);
    const name = new TextDecoder().decode(/** @type {Uint8Array} */ (element.get(4)?.value));
    if (children(element) === 0 && names.has(name)) {
      element.delete(6);
      element.set(10, { type: T.STRUCT, value: new Map([[11, { type: T.STRUCT, value: new Map() }]]) });
    }
    let pending = 1;
    while (pending > 0) pending += children(/** @type {Struct} */ (schema[at++])) - 1;
  }
  const writer = new Writer();
  writer.struct(meta);
  return Uint8Array.from(writer.out);
}

/**
 * The footer with these key-value metadata entries set (replaced, or added at the end).
 * @param {Uint8Array} footer
 * @param {Record<string, string>} entries
 */
export function withMetadata(footer, entries) {
  const meta = new Reader(footer).struct();
  const encode = (/** @type {string} */ text) => new TextEncoder().encode(text);
  const list = /** @type {List} */ (meta.get(5)?.value ?? { type: T.STRUCT, items: [] });
  const pending = new Map(Object.entries(entries));
  for (const item of list.items) {
    const kv = /** @type {Struct} */ (item);
    const key = new TextDecoder().decode(/** @type {Uint8Array} */ (kv.get(1)?.value));
    const value = pending.get(key);
    if (value === undefined) continue;
    kv.set(2, { type: T.BINARY, value: encode(value) });
    pending.delete(key);
  }
  for (const [key, value] of pending) {
    list.items.push(new Map([[1, { type: T.BINARY, value: encode(key) }], [2, { type: T.BINARY, value: encode(value) }]]));
  }
  meta.set(5, { type: T.LIST, value: list });
  const writer = new Writer();
  writer.struct(meta);
  return Uint8Array.from(writer.out);
}

/**
 * For each row group, where its column chunks lie in the file and the footer of a file holding
 * that row group alone, its chunks placed right after the leading magic: a reader given that
 * small file decodes the row group without the rest of the file (page indexes and bloom filters,
 * which point elsewhere, are left out).
 * @param {Uint8Array} footer
 * @returns {Array<{ start: number; end: number; footer: Uint8Array }>}
 */
export function rowGroupFooters(footer) {
  const meta = new Reader(footer).struct();
  const groups = /** @type {List} */ (meta.get(4)?.value ?? { type: T.STRUCT, items: [] });
  const get = (/** @type {Struct} */ s, /** @type {number} */ id) => /** @type {number | undefined} */ (s.get(id)?.value);
  return groups.items.map((item) => {
    const group = /** @type {Struct} */ (item);
    const chunks = /** @type {Struct[]} */ (/** @type {List} */ (group.get(1)?.value).items);
    const columns = chunks.map((chunk) => /** @type {Struct} */ (chunk.get(3)?.value));
    const first = (/** @type {Struct} */ column) => Math.min(get(column, 9) ?? Infinity, get(column, 11) || Infinity);
    const start = Math.min(...columns.map(first));
    const end = Math.max(...columns.map((column) => first(column) + (get(column, 7) ?? 0)));
    const shift = start - MAGIC.length;
    const moved = (/** @type {Struct} */ s, /** @type {number} */ id) => {
      const field = s.get(id);
      if (field && typeof field.value === "number" && field.value > 0) field.value -= shift;
    };
    chunks.forEach((chunk, c) => {
      for (const id of [4, 5, 6, 7]) chunk.delete(id);
      moved(chunk, 2);
      const column = /** @type {Struct} */ (columns[c]);
      for (const id of [14, 15]) column.delete(id);
      for (const id of [9, 10, 11]) moved(column, id);
    });
    moved(group, 5);
    const own = new Map(meta);
    own.set(3, { type: T.I64, value: get(group, 3) ?? 0 });
    own.set(4, { type: T.LIST, value: { type: T.STRUCT, items: [group] } });
    const writer = new Writer();
    writer.struct(own);
    return { start, end, footer: Uint8Array.from(writer.out) };
  });
}

/**
 * A Parquet file of one row group: its chunks (`chunks`, the bytes [start, end) of the file)
 * between the magic and the footer of `rowGroupFooters`. Its buffer has room for both, so that
 * the chunks can be read straight into it: pass `chunks` undefined to get the buffer and the
 * place of the chunks in it.
 * @param {{ start: number; end: number; footer: Uint8Array }} group
 */
export function rowGroupFile(group) {
  const size = group.end - group.start;
  const file = new Uint8Array(MAGIC.length + size + group.footer.length + 8);
  const magic = new TextEncoder().encode(MAGIC);
  file.set(magic, 0);
  file.set(group.footer, MAGIC.length + size);
  new DataView(file.buffer).setUint32(MAGIC.length + size + group.footer.length, group.footer.length, true);
  file.set(magic, file.length - 4);
  return { file, chunks: file.subarray(MAGIC.length, MAGIC.length + size) };
}

/**
 * The footer of one file made of the row groups of several Parquet files of the same schema
 * (the parts of one table, each written alone): laid out as a writer of the whole table lays it
 * out, the data of every part (its row groups) first, then what follows the data in each part
 * (bloom filters, page indexes), in part order. `parts` gives each part's footer, where its
 * footer starts and where its data ends (`partLayout`). The file's other fields (schema,
 * metadata, writer) are the first part's.
 * @param {Array<{ footer: Uint8Array; dataEnd: number; footerStart: number }>} parts
 */
export function mergedFooter(parts) {
  const metas = parts.map((p) => new Reader(p.footer).struct());
  const data = parts.map((p) => p.dataEnd - MAGIC.length);
  const allData = data.reduce((a, b) => a + b, 0);
  /** @type {Struct[]} */
  const groups = [];
  let rows = 0;
  let dataBefore = 0;
  let extrasBefore = 0;
  metas.forEach((meta, i) => {
    const part = /** @type {(typeof parts)[number]} */ (parts[i]);
    const shift = (/** @type {number} */ at) => (at < part.dataEnd ? at + dataBefore : at + allData - /** @type {number} */ (data[i]) + extrasBefore);
    const moved = (/** @type {Struct} */ s, /** @type {number} */ id) => {
      const field = s.get(id);
      if (field && typeof field.value === "number" && field.value > 0) field.value = shift(field.value);
    };
    for (const item of /** @type {List} */ (meta.get(4)?.value ?? { type: T.STRUCT, items: [] }).items) {
      const group = /** @type {Struct} */ (item);
      for (const chunk of /** @type {Struct[]} */ (/** @type {List} */ (group.get(1)?.value).items)) {
        for (const id of [2, 4, 6]) moved(chunk, id);
        const column = /** @type {Struct | undefined} */ (chunk.get(3)?.value);
        if (column) for (const id of [9, 10, 11, 14]) moved(column, id);
      }
      moved(group, 5);
      const ordinal = group.get(7);
      if (ordinal) ordinal.value = groups.length;
      groups.push(group);
    }
    rows += Number(meta.get(3)?.value ?? 0);
    dataBefore += /** @type {number} */ (data[i]);
    extrasBefore += part.footerStart - part.dataEnd;
  });
  const merged = new Map(metas[0]);
  merged.set(3, { type: T.I64, value: rows });
  merged.set(4, { type: T.LIST, value: { type: T.STRUCT, items: groups } });
  const writer = new Writer();
  writer.struct(merged);
  return Uint8Array.from(writer.out);
}

/**
 * Where the data (the row groups' column chunks) of a Parquet file ends: at the first bloom
 * filter or page index, which writers put after all the row groups, else at the footer.
 * @param {Uint8Array} footer
 * @param {number} footerStart
 */
export function dataEnd(footer, footerStart) {
  const meta = new Reader(footer).struct();
  let end = footerStart;
  const at = (/** @type {Struct} */ s, /** @type {number} */ id) => {
    const value = s.get(id)?.value;
    if (typeof value === "number" && value > 0) end = Math.min(end, value);
  };
  for (const item of /** @type {List} */ (meta.get(4)?.value ?? { type: T.STRUCT, items: [] }).items) {
    for (const chunk of /** @type {Struct[]} */ (/** @type {List} */ (/** @type {Struct} */ (item).get(1)?.value).items)) {
      for (const id of [4, 6]) at(chunk, id);
      const column = /** @type {Struct | undefined} */ (chunk.get(3)?.value);
      if (column) at(column, 14);
    }
  }
  // Every column chunk before that end, or the parts could not be laid end to end.
  for (const item of /** @type {List} */ (meta.get(4)?.value ?? { type: T.STRUCT, items: [] }).items) {
    for (const chunk of /** @type {Struct[]} */ (/** @type {List} */ (/** @type {Struct} */ (item).get(1)?.value).items)) {
      const column = /** @type {Struct | undefined} */ (chunk.get(3)?.value);
      const first = Math.min(Number(column?.get(9)?.value ?? 0), Number(column?.get(11)?.value || Infinity));
      if (first + Number(column?.get(7)?.value ?? 0) > end) throw new Error("a Parquet file whose data is not before its bloom filters and page indexes: its parts cannot be made one file");
    }
  }
  return end;
}
