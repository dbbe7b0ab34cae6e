import { createRequire as __blueetlCreateRequire } from 'node:module'; const require = __blueetlCreateRequire(import.meta.url);
import {
  CIRCUIT_ID,
  DTYPES,
  DURATION,
  GID,
  Growable,
  InOrder,
  InlineExecutor,
  NEURON_CLASS,
  NEURON_CLASS_INDEX,
  NumpyRandom,
  PythonCallError,
  PythonPool,
  PythonWorkerDied,
  SIMULATION_ID,
  SIMULATION_PATH,
  SimulationCampaign,
  TIME,
  TRIAL,
  TRIAL_STEPS_FUNCTIONS,
  T_START,
  T_STOP,
  VALUE,
  WINDOW,
  analysisDump,
  bottleneckStd,
  checkPlainName,
  checkPythonFunctions,
  checksumJson,
  checksumString,
  extractNeuronClasses,
  extractNeurons,
  extractReport,
  extractSimulations,
  extractWindows,
  featuresDump,
  floatParams,
  gaussianFilter,
  guardedCall,
  histogram,
  inferColumn,
  isPythonName,
  loadAnalysisConfig,
  loadFunction,
  mean,
  nanmean,
  parallelJobs,
  parseWindowReference,
  plainNameProblem,
  resolveAnalysisConfig
} from "./chunk-TLEKJHOM.mjs";
import {
  require_dist
} from "./chunk-UYHNWHV6.mjs";
import {
  CategoricalColumn,
  DataFrame,
  ListColumn,
  NumericColumn,
  Table,
  UNNAMED_INDEX,
  arrowFields,
  arrowSchema,
  categorical,
  constantCategory,
  fromArrow,
  groupRows,
  isPlainObject,
  leftMerge,
  numeric,
  objectKind,
  objects,
  tableFromIPC,
  tableToIPC,
  takeOrMissing,
  toArrow,
  withRangeIndex
} from "./chunk-V6Y2RHMF.mjs";
import {
  __toESM
} from "./chunk-75GTEED3.mjs";

// src/cache/errors.ts
var CacheError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "CacheError";
  }
};

// src/cache/store.ts
import { createHash } from "node:crypto";
import { closeSync as closeSync2, fstatSync as fstatSync2, openSync as openSync2, readFileSync, readSync } from "node:fs";
import { dirname as dirname2 } from "node:path";
import { createRequire } from "node:module";

// src/cache/durable.js
import { writeSync } from "node:fs";
function writeAll(fd, bytes, position) {
  let at = 0;
  while (at < bytes.length) {
    const n = writeSync(fd, bytes, at, bytes.length - at, position === void 0 ? null : position + at);
    if (n <= 0) throw Object.assign(new Error(`short write: ${at} of ${bytes.length} bytes`), { code: "EIO" });
    at += n;
  }
  return at;
}
var PAUSE_VARIABLE = "BLUEETL_PAUSE_AT";
function pauseAt(moment) {
  if (process.env[PAUSE_VARIABLE] !== moment) return;
  writeSync(2, `blueetl: paused at ${moment}
`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}

// src/cache/csv.ts
var ROWS_PER_WRITE = 1 << 14;
function writeCsv(fd, frame) {
  const names = [...frame.indexNames, ...frame.columnNames];
  const cells = names.map((name) => cellFormatter(frame.column(name)));
  let bytes = writeAll(fd, Buffer.from(`${names.map(quote).join(",")}
`));
  for (let start2 = 0; start2 < frame.length; start2 += ROWS_PER_WRITE) {
    const lines = [];
    const end = Math.min(start2 + ROWS_PER_WRITE, frame.length);
    for (let r = start2; r < end; r++) lines.push(cells.map((cell) => cell(r)).join(","));
    bytes += writeAll(fd, Buffer.from(`${lines.join("\n")}
`));
  }
  return bytes;
}
function cellFormatter(column) {
  if (column instanceof NumericColumn) {
    const { values, dtype } = column;
    if (dtype === "bool") return (r) => values[r] ? "True" : "False";
    if (dtype.startsWith("float")) return (r) => formatFloat(values[r]);
    return (r) => String(values[r]);
  }
  if (column instanceof CategoricalColumn) {
    const categories = column.categories.map(quote);
    return (r) => column.codes[r] < 0 ? "" : categories[column.codes[r]];
  }
  if (column instanceof ListColumn) return (r) => quote(formatList(column.get(r)));
  return (r) => quote(formatValue(column.get(r)));
}
function formatValue(value) {
  if (value === null || value === void 0) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return formatFloat(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (Array.isArray(value) && value.every((v) => typeof v === "number")) return formatList(value);
  return JSON.stringify(value);
}
function formatList(values) {
  return `[${values.map(formatFloat).join(", ")}]`;
}
function formatFloat(x) {
  if (Number.isNaN(x)) return "";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const [mantissa, exponentText] = x.toExponential(16).split("e");
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 17) {
    const sign = exponent < 0 ? "-" : "+";
    return `${stripZeros(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return stripZeros(x.toFixed(16 - exponent));
}
function stripZeros(text) {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}
function quote(text) {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// src/cache/files.ts
import { randomBytes } from "node:crypto";
import { closeSync, copyFileSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
var written = 0;
var CacheFolder = class {
  root;
  constructor(root) {
    this.root = resolve(root);
  }
  /** `<root>/<parts...>`, refused when it would lie outside the folder. */
  path(...parts) {
    const path = resolve(this.root, ...parts);
    this.check(path, "write");
    return path;
  }
  /** Create the folder and its subfolders, with a clear error when it cannot be. */
  makeFolders(...subfolders) {
    for (const folder of [this.root, ...subfolders.map((s) => this.path(s))]) {
      try {
        mkdirSync(folder, { recursive: true });
      } catch (error) {
        throw new CacheError(`cannot create the cache folder ${folder}: ${describeError(error)}`);
      }
    }
  }
  /** Write `content` to `path` through a checked, fsynced temporary file renamed into place. */
  write(path, content) {
    const bytes = typeof content === "string" ? Buffer.from(content) : content;
    this.writeWith(path, (fd) => writeAll(fd, bytes));
  }
  /** Write `path` with `produce`, which writes the open temporary file and returns its size. */
  writeWith(path, produce) {
    this.replace(path, (temporary) => {
      const fd = openSync(temporary, "wx");
      try {
        return produce(fd);
      } finally {
        closeSync(fd);
      }
    });
  }
  /** `path` replaced by a copy of `source` (a file of this or another checked folder). */
  copy(source, path) {
    this.replace(path, (temporary) => {
      copyFileSync(source, temporary);
      return statSync(source).size;
    });
  }
  /** A new temporary path beside `path`, for an encoder that writes the file itself. */
  temporary(path) {
    this.check(path, "write");
    return join(dirname(path), `.${basename(path)}.${process.pid}.${written++}.${randomBytes(3).toString("hex")}.tmp`);
  }
  /**
   * Put the temporary file in place of `path` once it is durable and `bytes` long: a write cut
   * short (a full disk) fails here and leaves `path` as it was.
   */
  commit(temporary, path, bytes) {
    this.check(temporary, "write");
    this.check(path, "write");
    try {
      const fd = openSync(temporary, "r");
      try {
        fsyncSync(fd);
        const size2 = fstatSync(fd).size;
        if (size2 !== bytes) throw Object.assign(new Error(`${size2} bytes on disk, ${bytes} written`), { code: "EIO" });
      } finally {
        closeSync(fd);
      }
      pauseAt(`rename:${basename(path)}`);
      renameSync(temporary, path);
      syncFolder(dirname(path));
    } catch (error) {
      rmSync(temporary, { force: true });
      throw new CacheError(`cannot write ${path}: ${describeError(error)}`);
    }
    pauseAt(`renamed:${basename(path)}`);
  }
  /** Delete a file (or a folder with what it holds) of this folder; nothing if it is gone. */
  remove(path) {
    this.check(path, "delete");
    try {
      rmSync(path, { recursive: true, force: true });
    } catch (error) {
      throw new CacheError(`cannot delete ${path}: ${describeError(error)}`);
    }
  }
  /** The names in a subfolder, or in the folder itself (none when it does not exist). */
  list(subfolder) {
    try {
      return readdirSync(subfolder ? this.path(subfolder) : this.root);
    } catch {
      return [];
    }
  }
  replace(path, produce) {
    const temporary = this.temporary(path);
    let bytes;
    try {
      bytes = produce(temporary);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw new CacheError(`cannot write ${path}: ${describeError(error)}`);
    }
    this.commit(temporary, path, bytes);
  }
  /** Refuse a path outside the folder, by its name or through a link on the way to it. */
  check(path, action) {
    const inside = (target, root2) => {
      const rel = relative(root2, target);
      return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
    };
    if (!inside(resolve(path), this.root)) {
      throw new CacheError(`refusing to ${action} ${path}: it is outside the cache folder ${this.root}`);
    }
    const real = realFolder(dirname(resolve(path)));
    const root = realFolder(this.root);
    if (real !== void 0 && root !== void 0 && real !== root && !inside(real, root)) {
      throw new CacheError(`refusing to ${action} ${path}: ${dirname(path)} leads to ${real}, outside the cache folder ${root}`);
    }
  }
};
function realFolder(path) {
  for (let folder = path, rest = ""; ; rest = join(basename(folder), rest), folder = dirname(folder)) {
    try {
      return join(realpathSync(folder), rest);
    } catch {
      if (dirname(folder) === folder) return void 0;
    }
  }
}
function syncFolder(path) {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
function describeError(error) {
  const code = error.code;
  const message = error instanceof Error ? error.message : String(error);
  const hints = {
    ENOSPC: "the disk is full",
    EDQUOT: "the disk quota is exceeded",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EROFS: "the file system is read-only",
    ENOTDIR: "a part of the path is a file, not a folder",
    EEXIST: "a file is in the way"
  };
  const hint = code ? hints[code] : void 0;
  return hint && !message.includes(hint) ? `${message} (${hint})` : message;
}

// src/cache/parquet-footer.js
var MAGIC = "PAR1";
var T = { TRUE: 1, FALSE: 2, BYTE: 3, I16: 4, I32: 5, I64: 6, DOUBLE: 7, BINARY: 8, LIST: 9, SET: 10, MAP: 11, STRUCT: 12 };
var Reader = class {
  /** @param {Uint8Array} bytes */
  constructor(bytes) {
    this.bytes = bytes;
    this.at = 0;
  }
  /** Numbers, exact below 2^53 (sizes and offsets of files). */
  varint() {
    let result = 0;
    let scale = 1;
    for (; ; ) {
      const byte = this.bytes[this.at++];
      if (byte === void 0) throw new Error("the Parquet footer is cut short");
      result += (byte & 127) * scale;
      if ((byte & 128) === 0) return result;
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
        const size2 = header >> 4 === 15 ? this.varint() : header >> 4;
        const items = [];
        for (let i = 0; i < size2; i++) items.push((header & 15) === T.TRUE ? this.bytes[this.at++] === 1 : this.value(header & 15));
        return (
          /** @type {List} */
          { type: header & 15, items }
        );
      }
      case T.STRUCT:
        return this.struct();
      default:
        throw new Error(`unsupported Thrift type ${type} in the Parquet footer`);
    }
  }
  /** @returns {Struct} */
  struct() {
    const fields = /* @__PURE__ */ new Map();
    let id = 0;
    for (; ; ) {
      const header = this.bytes[this.at++] ?? 0;
      if (header === 0) return fields;
      const delta = header >> 4;
      id = delta === 0 ? this.zigzag() : id + delta;
      const type = header & 15;
      fields.set(id, { type, value: this.value(type) });
    }
  }
};
var Writer = class {
  constructor() {
    this.out = [];
  }
  /** @param {number} n a non-negative integer below 2^53 */
  varint(n) {
    while (n >= 128) {
      this.out.push(n % 128 | 128);
      n = Math.floor(n / 128);
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
        return void this.out.push(
          /** @type {number} */
          value
        );
      case T.I16:
      case T.I32:
      case T.I64:
        return this.zigzag(
          /** @type {number} */
          value
        );
      case T.DOUBLE: {
        const bytes = new Uint8Array(8);
        new DataView(bytes.buffer).setFloat64(
          0,
          /** @type {number} */
          value,
          true
        );
        return void this.out.push(...bytes);
      }
      case T.BINARY: {
        const bytes = (
          /** @type {Uint8Array} */
          value
        );
        this.varint(bytes.length);
        for (const byte of bytes) this.out.push(byte);
        return;
      }
      case T.LIST:
      case T.SET: {
        const list = (
          /** @type {List} */
          value
        );
        const size2 = list.items.length;
        if (size2 < 15) this.out.push(size2 << 4 | list.type);
        else {
          this.out.push(240 | list.type);
          this.varint(size2);
        }
        for (const item of list.items) {
          if (list.type === T.TRUE || list.type === T.FALSE) this.out.push(item ? 1 : 2);
          else this.value(list.type, item);
        }
        return;
      }
      case T.STRUCT:
        return this.struct(
          /** @type {Struct} */
          value
        );
      default:
        throw new Error(`unsupported Thrift type ${type}`);
    }
  }
  /** @param {Struct} fields */
  struct(fields) {
    let last = 0;
    for (const id of [...fields.keys()].sort((a, b) => a - b)) {
      const { type, value } = (
        /** @type {Field} */
        fields.get(id)
      );
      const wire = type === T.TRUE || type === T.FALSE ? value ? T.TRUE : T.FALSE : type;
      const delta = id - last;
      if (delta > 0 && delta < 16) this.out.push(delta << 4 | wire);
      else {
        this.out.push(wire);
        this.zigzag(id);
      }
      this.value(wire, value);
      last = id;
    }
    this.out.push(0);
  }
};
function footerRange(tail, fileSize) {
  const text = new TextDecoder().decode(tail.subarray(tail.length - 4));
  if (tail.length < 8 || text !== MAGIC) throw new Error("not a complete Parquet file (no PAR1 at its end)");
  const length = new DataView(tail.buffer, tail.byteOffset + tail.length - 8, 4).getUint32(0, true);
  if (length + 12 > fileSize) throw new Error(`a Parquet footer of ${length} bytes in a file of ${fileSize}`);
  return { start: fileSize - 8 - length, length };
}
function withMetadata(footer, entries) {
  const meta = new Reader(footer).struct();
  const encode2 = (text) => new TextEncoder().encode(text);
  const list = (
    /** @type {List} */
    meta.get(5)?.value ?? { type: T.STRUCT, items: [] }
  );
  const pending = new Map(Object.entries(entries));
  for (const item of list.items) {
    const kv = (
      /** @type {Struct} */
      item
    );
    const key = new TextDecoder().decode(
      /** @type {Uint8Array} */
      kv.get(1)?.value
    );
    const value = pending.get(key);
    if (value === void 0) continue;
    kv.set(2, { type: T.BINARY, value: encode2(value) });
    pending.delete(key);
  }
  for (const [key, value] of pending) {
    list.items.push(/* @__PURE__ */ new Map([[1, { type: T.BINARY, value: encode2(key) }], [2, { type: T.BINARY, value: encode2(value) }]]));
  }
  meta.set(5, { type: T.LIST, value: list });
  const writer = new Writer();
  writer.struct(meta);
  return Uint8Array.from(writer.out);
}
function rowGroupFooters(footer) {
  const meta = new Reader(footer).struct();
  const groups = (
    /** @type {List} */
    meta.get(4)?.value ?? { type: T.STRUCT, items: [] }
  );
  const get = (s, id) => (
    /** @type {number | undefined} */
    s.get(id)?.value
  );
  return groups.items.map((item) => {
    const group = (
      /** @type {Struct} */
      item
    );
    const chunks = (
      /** @type {Struct[]} */
      /** @type {List} */
      (group.get(1)?.value).items
    );
    const columns = chunks.map((chunk) => (
      /** @type {Struct} */
      chunk.get(3)?.value
    ));
    const first = (column) => Math.min(get(column, 9) ?? Infinity, get(column, 11) || Infinity);
    const start2 = Math.min(...columns.map(first));
    const end = Math.max(...columns.map((column) => first(column) + (get(column, 7) ?? 0)));
    const shift = start2 - MAGIC.length;
    const moved = (s, id) => {
      const field = s.get(id);
      if (field && typeof field.value === "number" && field.value > 0) field.value -= shift;
    };
    chunks.forEach((chunk, c) => {
      for (const id of [4, 5, 6, 7]) chunk.delete(id);
      moved(chunk, 2);
      const column = (
        /** @type {Struct} */
        columns[c]
      );
      for (const id of [14, 15]) column.delete(id);
      for (const id of [9, 10, 11]) moved(column, id);
    });
    moved(group, 5);
    const own = new Map(meta);
    own.set(3, { type: T.I64, value: get(group, 3) ?? 0 });
    own.set(4, { type: T.LIST, value: { type: T.STRUCT, items: [group] } });
    const writer = new Writer();
    writer.struct(own);
    return { start: start2, end, footer: Uint8Array.from(writer.out) };
  });
}
function rowGroupFile(group) {
  const size2 = group.end - group.start;
  const file = new Uint8Array(MAGIC.length + size2 + group.footer.length + 8);
  const magic = new TextEncoder().encode(MAGIC);
  file.set(magic, 0);
  file.set(group.footer, MAGIC.length + size2);
  new DataView(file.buffer).setUint32(MAGIC.length + size2 + group.footer.length, group.footer.length, true);
  file.set(magic, file.length - 4);
  return { file, chunks: file.subarray(MAGIC.length, MAGIC.length + size2) };
}

// src/cache/parquet-job.ts
var PANDAS_KEY = "pandas";
var ARROW_SCHEMA_KEY = "ARROW:schema";
var ROW_GROUP = 1 << 20;
function parquetJob(frame, rowGroup = ROW_GROUP) {
  const { fields, pandas } = arrowFields(frame);
  const parts = fields.map(columnPart);
  const metadata = [
    [PANDAS_KEY, JSON.stringify(pandas)],
    [ARROW_SCHEMA_KEY, arrowSchemaKey(frame)]
  ];
  const spec = { columns: parts.map((p) => p.spec), rows: frame.length, rowGroup, metadata };
  return {
    spec,
    rowGroups: Math.ceil(frame.length / rowGroup),
    rowGroup(g) {
      const start2 = g * rowGroup;
      const end = Math.min(frame.length, start2 + rowGroup);
      const transfer = [];
      const columns = parts.map((p) => p.rows(start2, end, transfer));
      return { start: start2, rows: end - start2, columns, transfer };
    }
  };
}
function arrowSchemaKey(frame) {
  const ipc = tableToIPC(new Table(arrowSchema(frame)), "stream");
  return Buffer.from(ipc.subarray(0, ipc.length - 8)).toString("base64");
}
function columnPart({ field, column }) {
  const copy = (values2, transfer) => {
    transfer.push(values2.buffer);
    return values2;
  };
  if (column instanceof NumericColumn) return { spec: { name: field, kind: column.dtype }, rows: (s, e, t) => copy(column.values.slice(s, e), t) };
  if (column instanceof CategoricalColumn) {
    return { spec: { name: field, kind: "enum", categories: column.categories }, rows: (s, e, t) => copy(column.codes.slice(s, e), t) };
  }
  if (column instanceof ListColumn) return { spec: { name: field, kind: "list" }, rows: (s, e, t) => listRows(column.offsets, column.values, s, e, t) };
  const values = column.values;
  const kind = objectKind(values);
  if (kind === "empty") return { spec: { name: field, kind: "null" }, rows: () => null };
  if (kind === "int-lists" || kind === "float-lists") {
    const lists = values.map((v) => v ?? null);
    const offsets = new Int32Array(lists.length + 1);
    lists.forEach((l, i) => offsets[i + 1] = offsets[i] + (l?.length ?? 0));
    const flat = Float64Array.from(lists.flatMap((l) => l ?? []));
    const valid = Uint8Array.from(lists, (l) => l === null ? 0 : 1);
    return {
      spec: { name: field, kind: kind === "int-lists" ? "int-list" : "list" },
      rows: (s, e, t) => ({ ...listRows(offsets, flat, s, e, t), valid: copy(valid.slice(s, e), t) })
    };
  }
  const text = kind === "strings" ? (v) => v ?? null : (v) => v === null || v === void 0 ? null : JSON.stringify(v);
  return { spec: { name: field, kind: "string" }, rows: (s, e) => values.slice(s, e).map(text) };
}
function listRows(offsets, values, s, e, transfer) {
  const first = offsets[s];
  const own = offsets.slice(s, e + 1).map((o) => o - first);
  const items = values.slice(first, offsets[e]);
  transfer.push(own.buffer, items.buffer);
  return { offsets: own, values: items };
}

// src/cache/workers.ts
import { MessageChannel, Worker } from "node:worker_threads";
var AHEAD = 2;
var slots = [];
var queue = [];
var running = /* @__PURE__ */ new Map();
var nextId = 0;
var size = () => Math.max(1, Math.min(2, parallelJobs()));
function encodeInWorker(job) {
  return new Promise((resolve4, reject) => {
    queue.push({ job, id: nextId++, resolve: resolve4, reject });
    dispatch();
  });
}
function dispatch() {
  while (queue.length > 0) {
    const slot = slots.find((s) => !s.busy) ?? (slots.length < size() ? spawn() : void 0);
    if (!slot) return;
    const { job, id, resolve: resolve4, reject } = queue.shift();
    slot.busy = true;
    clearTimeout(slot.idle);
    slot.worker.ref();
    running.set(id, { slot, resolve: resolve4, reject, port: start(slot, job, id) });
  }
}
function start(slot, job, id) {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  let sent = 0;
  const send = () => {
    if (sent >= job.table.rowGroups) return;
    const { columns, rows, start: start2, transfer } = job.table.rowGroup(sent++);
    port1.postMessage({ columns, rows, start: start2 }, transfer);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  port1.on("message", send);
  port1.unref();
  slot.worker.postMessage({ id, spec: job.table.spec, port: port2, signal, path: job.path, temporary: job.temporary }, [port2]);
  for (let k = 0; k < AHEAD; k++) send();
  return port1;
}
function spawn() {
  const here = new URL(".", import.meta.url).pathname;
  const worker = new Worker(new URL(here.includes("/.bundle/") ? "../../cache/parquet-worker.js" : "./parquet-worker.js", import.meta.url), { execArgv: [] });
  const slot = { worker, busy: false };
  worker.on("message", (message) => {
    const entry = running.get(message.id);
    if (!entry) return;
    running.delete(message.id);
    entry.port?.close();
    free(slot);
    if (message.error) entry.reject(Object.assign(new Error(message.error), { code: message.code }));
    else entry.resolve(message);
  });
  const gone = (error) => {
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    for (const [id, entry] of running) {
      if (entry.slot !== slot) continue;
      running.delete(id);
      entry.port?.close();
      entry.reject(error);
    }
    dispatch();
  };
  worker.on("error", gone);
  worker.on("exit", (code) => gone(new Error(`the Parquet writer stopped (exit code ${code})`)));
  slots.push(slot);
  return slot;
}
var IDLE_MS = 1e3;
function free(slot) {
  slot.busy = false;
  dispatch();
  if (slot.busy) return;
  slot.worker.unref();
  slot.idle = setTimeout(() => {
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    void slot.worker.terminate();
  }, IDLE_MS).unref();
}

// src/cache/store.ts
var parquetWasm;
var parquet = () => parquetWasm ??= createRequire(import.meta.url)("parquet-wasm/node");
function decodeTable(bytes, type) {
  if (type === "feather") return fromArrow(tableFromIPC(bytes));
  return decodeParquet({ size: bytes.length, read: (into, position) => into.set(bytes.subarray(position, position + into.length)) });
}
function decodeParquet(source) {
  const tail = new Uint8Array(Math.min(source.size, 1 << 16));
  source.read(tail, source.size - tail.length);
  const range = footerRange(tail, source.size);
  const footer = new Uint8Array(range.length);
  source.read(footer, range.start);
  const groups = rowGroupFooters(footer);
  if (groups.length === 0) {
    const { file } = rowGroupFile({ start: 0, end: 0, footer });
    return fromArrow(tableFromIPC(parquet().readSchema(file).intoIPCStream()));
  }
  const batches = groups.flatMap((group) => {
    const { file, chunks } = rowGroupFile(group);
    source.read(chunks, group.start);
    return tableFromIPC(parquet().readParquet(file, { batchSize: ROW_GROUP }).intoIPCStream()).batches;
  });
  return fromArrow(new Table(batches));
}
function readTable(path, type) {
  let fd;
  try {
    fd = openSync2(path, "r");
  } catch (error) {
    throw new CacheError(`cannot read ${path}: ${describeError(error)}`);
  }
  try {
    if (type === "feather") return decodeTable(new Uint8Array(readFileSync(fd)), type);
    return decodeParquet({ size: fstatSync2(fd).size, read: (into, position) => readFully(fd, into, position) });
  } catch (error) {
    if (error instanceof CacheError) throw error;
    throw new CacheError(`${path} cannot be read as ${type} (${error.message}): delete it, or run with --clear-cache`);
  } finally {
    closeSync2(fd);
  }
}
function readFully(fd, into, position) {
  for (let at = 0; at < into.length; ) {
    const n = readSync(fd, into, at, into.length - at, position + at);
    if (n <= 0) throw new Error(`the file ends at ${position + at} bytes, before its data`);
    at += n;
  }
}
async function readTableHead(path, type, n) {
  const bytes = new Uint8Array(readFileSync(path));
  if (type === "feather") {
    const table = tableFromIPC(bytes);
    return { head: fromArrow(table.slice(0, n)), rows: table.numRows };
  }
  const file = await parquet().ParquetFile.fromFile(new Blob([bytes]));
  try {
    const rows = file.metadata().fileMetadata().numRows();
    const first = parquet().readParquet(bytes, { ...rows > 0 ? { rowGroups: [0] } : {}, limit: n, batchSize: Math.max(n, 1) });
    return { head: fromArrow(tableFromIPC(first.intoIPCStream())), rows };
  } finally {
    file.free();
  }
}
var written2 = /* @__PURE__ */ new WeakMap();
async function writeTable(path, frame, type, folder = new CacheFolder(dirname2(path))) {
  const columns = frame.names.map((n) => frame.column(n));
  const names = JSON.stringify([frame.names, frame.indexNames]);
  const pandas = type === "csv" ? "" : JSON.stringify(arrowFields(frame).pandas);
  const previous = columns.length > 0 ? written2.get(columns[0]) : void 0;
  if (previous && previous.type === type && previous.names === names && previous.columns.every((c, i) => c === columns[i])) {
    const first = await previous.file;
    if (previous.pandas === pandas) {
      folder.copy(first.path, path);
      return first.checksum;
    }
    if (type === "parquet") {
      folder.writeWith(path, (fd) => copyWithMetadata(first.path, fd, { [PANDAS_KEY]: pandas, [ARROW_SCHEMA_KEY]: arrowSchemaKey(frame) }));
      return fileChecksum(path);
    }
  }
  const file = writeNew(path, frame, type, folder).then((checksum) => ({ path, checksum }));
  if (columns.length > 0) written2.set(columns[0], { columns, names, type, pandas, file });
  return (await file).checksum;
}
function copyWithMetadata(source, fd, entries) {
  const bytes = readFileSync(source);
  const { start: start2 } = footerRange(bytes, bytes.length);
  const footer = withMetadata(bytes.subarray(start2, bytes.length - 8), entries);
  const end = Buffer.alloc(8);
  end.writeUInt32LE(footer.length, 0);
  end.write("PAR1", 4);
  return writeAll(fd, bytes.subarray(0, start2)) + writeAll(fd, footer) + writeAll(fd, end);
}
async function writeNew(path, frame, type, folder) {
  if (type === "parquet") {
    const temporary = folder.temporary(path);
    let result;
    try {
      result = await encodeInWorker({ table: parquetJob(frame), path, temporary });
    } catch (error) {
      throw new CacheError(`cannot write ${path}: ${describeError(error)}`);
    }
    folder.commit(temporary, path, result.size);
    return result.checksum;
  }
  if (type === "feather") folder.write(path, tableToIPC(toArrow(frame), "file"));
  else folder.writeWith(path, (fd) => writeCsv(fd, frame));
  return fileChecksum(path);
}
function fileChecksum(path) {
  return createHash("blake2b512").update(readFileSync(path)).digest("hex");
}

// src/cache/manager.ts
var import_yaml = __toESM(require_dist(), 1);
import { existsSync, readFileSync as readFileSync3, statSync as statSync2 } from "node:fs";
import { join as join3, relative as relative2 } from "node:path";

// src/cache/lock.ts
import { createHash as createHash2, randomBytes as randomBytes2 } from "node:crypto";
import { closeSync as closeSync3, linkSync, mkdirSync as mkdirSync2, openSync as openSync3, readFileSync as readFileSync2, readdirSync as readdirSync2, realpathSync as realpathSync2, renameSync as renameSync2, rmSync as rmSync2, chmodSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join as join2 } from "node:path";
var WRITER = ".lock";
var READERS = ".readers";
var CacheLock = class {
  /** Use `acquire`. */
  constructor(file, note) {
    this.file = file;
    this.note = note;
    process.once("exit", this.onExit);
  }
  file;
  note;
  released = false;
  onExit = () => this.release();
  /** An exclusive lock (a writer) or a shared one (readers); an error if another process prevents it. */
  static acquire(dir, shared) {
    return shared ? acquireShared(dir) : acquireExclusive(dir);
  }
  release() {
    if (this.released) return;
    this.released = true;
    process.removeListener("exit", this.onExit);
    if (this.file) rmSync2(this.file, { force: true });
  }
};
function acquireExclusive(dir) {
  const lock = join2(dir, WRITER);
  const owner = me();
  const draft = join2(dir, `${WRITER}.${owner.token}`);
  writeOwner(draft, owner, dir);
  try {
    if (!link(draft, lock)) {
      const holder = readOwner(lock);
      if (holder && isAlive(holder)) throw busy(dir, lock, holder);
      takeOver(lock, holder);
      if (!link(draft, lock)) throw busy(dir, lock, readOwner(lock));
    }
  } finally {
    rmSync2(draft, { force: true });
  }
  const readers = liveReaders(dir);
  if (readers.length > 0) {
    rmSync2(lock, { force: true });
    const [file, reader] = readers[0];
    throw busy(dir, file, reader, readers.length);
  }
  return new CacheLock(lock);
}
function acquireShared(dir) {
  const owner = me();
  const places = [join2(dir, READERS), registry(dir)];
  const refused = [];
  for (const place of places) {
    const mine = join2(place, owner.token);
    try {
      if (place === places[0]) makeFolder(place);
      else makeShared(place);
      writeOwner(mine, owner, dir);
    } catch (error) {
      const code = error.code;
      if (place === places[0] && code === "EROFS") return checkedReader(dir, void 0, `${dir} is on a read-only file system: no writer can change it, the shared lock is not recorded`);
      refused.push(`${place}: ${describeError(error)}`);
      continue;
    }
    return checkedReader(dir, mine, place === places[0] ? void 0 : `${dir} is not writable: the shared lock is recorded in ${place}`);
  }
  throw new CacheError(`cannot take a shared lock on the cache ${dir}: ${refused.join("; ")}`);
}
function checkedReader(dir, file, note) {
  const lock = join2(dir, WRITER);
  const holder = readOwner(lock);
  if (holder && isAlive(holder)) {
    if (file) rmSync2(file, { force: true });
    throw busy(dir, lock, holder);
  }
  return new CacheLock(file, note);
}
function registry(dir) {
  let real = dir;
  try {
    real = realpathSync2(dir);
  } catch {
  }
  return join2(tmpdir(), "blueetl-readers", createHash2("sha256").update(real).digest("hex").slice(0, 32));
}
function makeFolder(path) {
  try {
    mkdirSync2(path);
  } catch (error) {
    if (error.code !== "EEXIST") throw error;
  }
}
function makeShared(folder) {
  for (const path of [join2(folder, ".."), folder]) {
    mkdirSync2(path, { recursive: true });
    try {
      chmodSync(path, 1023);
    } catch {
    }
  }
}
function liveReaders(dir) {
  const live = [];
  for (const place of [join2(dir, READERS), registry(dir)]) {
    let names;
    try {
      names = readdirSync2(place);
    } catch {
      continue;
    }
    for (const name of names) {
      const file = join2(place, name);
      const owner = readOwner(file) ?? legacyReader(name);
      if (owner && isAlive(owner)) live.push([file, owner]);
      else removeQuietly(file);
    }
  }
  return live;
}
function removeQuietly(path) {
  try {
    rmSync2(path, { force: true });
  } catch {
  }
}
function me() {
  return {
    pid: process.pid,
    start: startTime(process.pid),
    host: hostname(),
    since: (/* @__PURE__ */ new Date()).toISOString(),
    command: process.argv.slice(1).join(" ").slice(0, 200),
    token: `${process.pid}-${randomBytes2(6).toString("hex")}`
  };
}
function writeOwner(path, owner, dir) {
  let fd;
  try {
    fd = openSync3(path, "wx");
  } catch (error) {
    const code = error.code;
    const hint = code === "EACCES" || code === "EPERM" || code === "EROFS" ? ": the cache folder is not writable (use --readonly-cache to read it)" : "";
    throw Object.assign(new CacheError(`cannot lock the cache ${dir}: ${describeError(error)}${hint}`), { code });
  }
  try {
    writeAll(fd, Buffer.from(JSON.stringify(owner)));
  } finally {
    closeSync3(fd);
  }
}
function link(draft, lock) {
  try {
    linkSync(draft, lock);
    return true;
  } catch (error) {
    if (error.code === "EEXIST") return false;
    throw new CacheError(`cannot lock the cache: ${describeError(error)}`);
  }
}
function takeOver(lock, stale) {
  const aside = `${lock}.stale.${randomBytes2(6).toString("hex")}`;
  try {
    renameSync2(lock, aside);
  } catch {
    return;
  }
  const moved = readOwner(aside);
  if (stale && moved && moved.token !== stale.token) {
    try {
      linkSync(aside, lock);
    } catch {
    }
  }
  rmSync2(aside, { force: true });
}
function readOwner(path) {
  let text;
  try {
    text = readFileSync2(path, "utf8");
  } catch {
    return void 0;
  }
  try {
    const owner = JSON.parse(text);
    if (Number.isInteger(owner.pid) && typeof owner.token === "string") return owner;
  } catch {
  }
  const pid = Number(text);
  return Number.isInteger(pid) && pid > 0 ? { pid, token: `legacy-${pid}` } : void 0;
}
function legacyReader(name) {
  const pid = Number(name);
  return Number.isInteger(pid) && pid > 0 ? { pid, token: `legacy-${pid}` } : void 0;
}
function isAlive(owner) {
  if (owner.host && owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if (error.code !== "EPERM") return false;
  }
  if (owner.start === void 0) return true;
  const start2 = startTime(owner.pid);
  return start2 === void 0 || start2 === owner.start;
}
function startTime(pid) {
  try {
    const stat = readFileSync2(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[0] === "Z" ? "dead" : fields[19];
  } catch {
    return void 0;
  }
}
function busy(dir, file, owner, readers = 0) {
  const who = owner ? describeOwner(owner) : "an unknown process";
  const what = readers > 0 ? `${readers > 1 ? `${readers} readers hold` : "1 reader holds"} it, the first ${who}` : `held by ${who}`;
  const remote = owner?.host && owner.host !== hostname() ? `; it runs on another host, so it cannot be checked from here: if it is gone, delete ${file}` : "";
  return new CacheError(`Another process is locking ${dir}: ${what} (lock file ${file})${remote}`);
}
function describeOwner(owner) {
  const parts = [`pid ${owner.pid}`];
  if (owner.host) parts.push(`on ${owner.host}`);
  if (owner.since) parts.push(`since ${owner.since}`);
  const command = owner.command ? `: ${owner.command}` : "";
  return `${parts.join(" ")}${command}`;
}

// src/cache/subfilter.ts
var OPERATORS = ["isin", "eq", "ne", "le", "lt", "ge", "gt"];
function normalize(value) {
  if (Array.isArray(value)) return { isin: value };
  if (!isPlainObject(value)) return { isin: [value] };
  const out = { ...value };
  if ("regex" in out) throw new CacheError("a simulations_filter with 'regex' cannot be compared with the cached one: clear the cache");
  if ("eq" in out) {
    const eq = out["eq"];
    delete out["eq"];
    out["isin"] = "isin" in out ? out["isin"].some((v) => same(v, eq)) ? [eq] : [] : [eq];
  }
  for (const op of Object.keys(out)) if (!OPERATORS.includes(op)) throw new CacheError(`unknown operator '${op}' in simulations_filter`);
  return out;
}
function isSubfilter(left, right, strict = false) {
  let narrower = Object.keys(left).some((k) => !(k in right));
  for (const key of Object.keys(right)) {
    if (!(key in left)) return false;
    const l = normalize(left[key]);
    const r = normalize(right[key]);
    if (strict && same(l, r)) continue;
    for (const op of Object.keys(r)) {
      if (!(op in l)) return false;
      const a = l[op];
      const b = r[op];
      const ok = op === "ne" ? same(a, b) : op === "le" || op === "lt" ? a <= b : op === "ge" || op === "gt" ? a >= b : a.every((v) => b.some((w) => same(v, w)));
      if (!ok) return false;
    }
    narrower = true;
  }
  return strict ? narrower : true;
}
function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// src/cache/manager.ts
var CACHE_VERSION = 2;
var ANALYSIS_CONFIG = "analysis_config.cached.yaml";
var CAMPAIGN_CONFIG = "simulations_config.cached.yaml";
var CHECKSUMS = "checksums.cached.yaml";
var SUBFOLDERS = ["repo", "features", "config"];
var SECTIONS = [
  ["neurons", ["neuron_classes"]],
  ["windows", ["windows", "trial_steps"]],
  ["report", ["report"]]
];
var CacheManager = class _CacheManager {
  constructor(options, inputs) {
    this.options = options;
    this.inputs = inputs;
    const dir = options.path;
    this.folder = new CacheFolder(dir);
    if (existsSync(dir) && !statSync2(dir).isDirectory()) throw new CacheError(`the cache folder ${dir} is a file, not a folder: choose another cache.path`);
    if (options.readonly && !existsSync(join3(dir, "config", CHECKSUMS))) {
      throw new CacheError(`the cache ${dir} is read-only, but it is empty or incomplete: run once without readonly to fill it`);
    }
    if (!options.readonly) this.folder.makeFolders();
    this.lock = CacheLock.acquire(dir, options.readonly);
    if (this.lock.note) this.notes.push(this.lock.note);
    try {
      if (!options.readonly) this.removeLeftovers(options.clear);
      if (!options.readonly) this.folder.makeFolders(...SUBFOLDERS);
      const { checksums, narrower, changed } = this.check();
      this.narrowerFilter = narrower;
      this.checksums = checksums;
      this.removeInvalidFiles(changed);
    } catch (error) {
      this.lock.release();
      throw error;
    }
  }
  options;
  inputs;
  /** Whether the simulations filter is strictly narrower than the cached one (tables must be filtered). */
  narrowerFilter;
  /** What the cache found when it opened (changed input files, a lock not recorded), for `-v`. */
  notes = [];
  checksums;
  folder;
  lock;
  closed = false;
  readByChecksum = /* @__PURE__ */ new Map();
  pending = /* @__PURE__ */ new Set();
  failure;
  /** Whether the config files stored in the cache hold the current config and campaign. */
  storedEqual = false;
  /** Whether a file was hashed again (its stamp is then recorded anew). */
  restamped = false;
  static open(options, inputs) {
    return new _CacheManager(options, inputs);
  }
  get path() {
    return this.options.path;
  }
  isRepoCached(name) {
    return Boolean(this.checksums.repo[name]) && existsSync(this.repoFile(name));
  }
  loadRepo(name) {
    return readTable(this.repoFile(name), this.options.store_type);
  }
  /**
   * Write a repo table in the background, with the input files it was built from; its checksum
   * is recorded once the file is in place.
   */
  dumpRepo(name, table, inputs = {}) {
    this.writable(`write the table '${name}'`);
    const recorded = (path, stamp) => this.inputs.repoNames.slice(0, this.inputs.repoNames.indexOf(name)).some((n) => JSON.stringify(this.checksums.inputs[n]?.[path]) === JSON.stringify(stamp));
    const own = Object.fromEntries(Object.entries(inputs).filter(([path, stamp]) => !recorded(path, stamp)));
    this.track(
      writeTable(this.repoFile(name), table, this.options.store_type, this.folder).then((checksum) => {
        this.checksums.repo[name] = checksum;
        this.stamp(this.repoFile(name));
        this.checksums.inputs[name] = own;
        this.writeChecksums();
      })
    );
  }
  isFeaturesCached(checksum) {
    const entry = this.checksums.features[checksum];
    return entry !== void 0 && Object.keys(entry).every((name) => existsSync(this.featuresFile(name)));
  }
  /**
   * The tables of a features config, each read when first asked for; files with the same
   * checksum (the same table for several parameter sets) are read once.
   */
  featuresReaders(checksum) {
    const entry = this.checksums.features[checksum] ?? {};
    return Object.fromEntries(
      Object.entries(entry).map(([name, fileChecksum2]) => [
        name,
        () => {
          let table = this.readByChecksum.get(fileChecksum2);
          if (!table) this.readByChecksum.set(fileChecksum2, table = readTable(this.featuresFile(name), this.options.store_type));
          return table;
        }
      ])
    );
  }
  /** The first rows of a features table and its number of rows, without reading the rest. */
  featuresHead(name, rows) {
    return readTableHead(this.featuresFile(name), this.options.store_type, rows);
  }
  /** Write the tables of a features config in the background (nothing with skip_features); recorded once all are in place. */
  dumpFeatures(checksum, tables) {
    if (this.options.skip_features) return;
    this.writable("write features");
    const files = Object.entries(tables).map(async ([name, table]) => [name, await writeTable(this.featuresFile(name), table, this.options.store_type, this.folder)]);
    this.track(
      Promise.all(files).then((entries) => {
        this.checksums.features[checksum] = Object.fromEntries(entries);
        for (const [name] of entries) this.stamp(this.featuresFile(name));
        this.writeChecksums();
      })
    );
  }
  /** Wait for the tables being written; the first error of a write, if any. */
  async flush() {
    while (this.pending.size > 0) await Promise.all(this.pending);
    const error = this.failure;
    this.failure = void 0;
    if (error) throw error;
  }
  /** Wait for the writes, then release the lock. */
  async close() {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      this.lock.release();
    }
  }
  /** The size and modification time of a table file just written. */
  stamp(file) {
    (this.checksums.files ??= {})[relative2(this.path, file)] = stampOf(file);
  }
  /** Whether the file still holds `checksum`: hashed unless its size and modification time are those recorded when it was written. */
  holds(file, checksum) {
    if (!existsSync(file)) return false;
    const recorded = this.checksums.files?.[relative2(this.path, file)];
    const now = stampOf(file);
    if (recorded && JSON.stringify(recorded) === JSON.stringify(now)) return true;
    if (fileChecksum(file) !== checksum) return false;
    (this.checksums.files ??= {})[relative2(this.path, file)] = now;
    this.restamped = true;
    return true;
  }
  track(write) {
    const tracked = write.catch((error) => void (this.failure ??= error instanceof CacheError ? error : new CacheError(`writing the cache ${this.path} failed: ${error.message}`)));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }
  repoFile(name) {
    return this.folder.path("repo", `${name}.${this.extension}`);
  }
  featuresFile(name) {
    return this.folder.path("features", `${name}.${this.extension}`);
  }
  get extension() {
    return this.options.store_type;
  }
  writable(what) {
    if (this.closed) throw new CacheError(`cannot ${what}: the cache ${this.path} has been closed`);
    if (this.options.readonly) throw new CacheError(`cannot ${what}: the cache ${this.path} is read-only`);
  }
  /** BlueETL's rules: which cached tables the current config can still use. */
  check() {
    const { inputs } = this;
    const empty = () => ({ version: CACHE_VERSION, repo: Object.fromEntries(inputs.repoNames.map((n) => [n, null])), features: {}, inputs: {} });
    const stored = validChecksums(readYaml(join3(this.path, "config", CHECKSUMS)));
    const same2 = stored?.stored?.config === checksumJson(inputs.analysisConfig) && stored?.stored?.campaign === checksumJson(inputs.campaign);
    const cachedConfig = same2 ? inputs.analysisConfig : readYaml(join3(this.path, "config", ANALYSIS_CONFIG));
    const cachedCampaign = same2 ? inputs.campaign : readYaml(join3(this.path, "config", CAMPAIGN_CONFIG));
    this.storedEqual = checksumJson(cachedConfig ?? null) === checksumJson(inputs.analysisConfig) && checksumJson(cachedCampaign ?? null) === checksumJson(inputs.campaign);
    const checksums = stored ? { ...empty(), ...stored, repo: { ...empty().repo, ...stored.repo } } : empty();
    let invalidFrom;
    const invalidate = (name) => {
      const index = inputs.repoNames.indexOf(name);
      invalidFrom = invalidFrom === void 0 ? index : Math.min(invalidFrom, index);
    };
    for (const name of inputs.repoNames) {
      if (!checksums.repo[name]) continue;
      const changed2 = changedInputs(checksums.inputs[name] ?? {});
      if (changed2.length === 0) continue;
      invalidate(name);
      this.notes.push(`${changed2.slice(0, 3).join("; ")}${changed2.length > 3 ? `; and ${changed2.length - 3} more` : ""}: '${name}' and the tables after it are rebuilt`);
    }
    let narrower = false;
    if (!cachedConfig || !cachedCampaign) invalidate(inputs.repoNames[0]);
    else if (!isSubfilter(inputs.simulationsFilter, cachedConfig["simulations_filter"] ?? {})) invalidate(inputs.repoNames[0]);
    else {
      narrower = isSubfilter(inputs.simulationsFilter, cachedConfig["simulations_filter"] ?? {}, true);
      if (checksumJson(cachedCampaign) !== checksumJson(inputs.campaign)) invalidate("simulations");
      const cached = cachedConfig["extraction"] ?? {};
      const actual = inputs.analysisConfig["extraction"];
      for (const [table, keys] of SECTIONS) {
        if (keys.some((k) => checksumJson(cached[k] ?? null) !== checksumJson(actual[k] ?? null))) invalidate(table);
      }
    }
    if (narrower && invalidFrom !== void 0) invalidFrom = 0;
    if (invalidFrom !== void 0) {
      for (const name of inputs.repoNames.slice(invalidFrom)) {
        checksums.repo[name] = null;
        delete checksums.inputs[name];
      }
      checksums.features = {};
    }
    for (const key of Object.keys(checksums.features)) {
      if (!inputs.featuresChecksums.includes(key)) delete checksums.features[key];
    }
    const changed = invalidFrom !== void 0 || !stored;
    return { checksums, narrower: narrower && invalidFrom === void 0, changed };
  }
  /** Delete the files whose checksum is gone or differs; write the config when it changed. */
  removeInvalidFiles(configChanged) {
    const deletions = [];
    for (const [name, checksum] of Object.entries(this.checksums.repo)) {
      const file = this.repoFile(name);
      if (checksum && !this.holds(file, checksum)) {
        this.checksums.repo[name] = null;
        deletions.push(file);
      }
    }
    for (const [key, entry] of Object.entries(this.checksums.features)) {
      if (Object.keys(entry).some((name) => plainNameProblem(name) !== void 0)) {
        delete this.checksums.features[key];
        continue;
      }
      const files = Object.entries(entry).map(([name, checksum]) => [this.featuresFile(name), checksum]);
      if (files.some(([file, checksum]) => !this.holds(file, checksum))) {
        delete this.checksums.features[key];
        deletions.push(...files.map(([file]) => file));
      }
    }
    const kept = /* @__PURE__ */ new Set([
      ...Object.keys(this.checksums.repo).filter((n) => this.checksums.repo[n]).map((n) => this.repoFile(n)),
      ...Object.values(this.checksums.features).flatMap((entry) => Object.keys(entry).map((n) => this.featuresFile(n)))
    ]);
    for (const sub of ["repo", "features"]) {
      for (const file of this.folder.list(sub)) {
        const path = this.folder.path(sub, file);
        if (!kept.has(path)) deletions.push(path);
      }
    }
    const unique = [...new Set(deletions)].filter((f) => existsSync(f));
    if (this.options.readonly) {
      if (unique.length > 0 || configChanged) {
        const files = unique.map((f) => f.slice(this.path.length + 1));
        const listed = files.length > 0 ? `${files.length} invalid file${files.length > 1 ? "s" : ""}: ${files.slice(0, 5).join(", ")}${files.length > 5 ? ", ..." : ""}` : "the cached config differs";
        const why = this.notes.length > 0 ? `; ${this.notes.join("; ")}` : "";
        throw new CacheError(`the cache ${this.path} is read-only, but it does not match the config (${listed})${why}: run without readonly to update it`);
      }
      return;
    }
    for (const file of unique) this.folder.remove(file);
    if (configChanged) {
      this.folder.write(this.folder.path("config", ANALYSIS_CONFIG), import_yaml.default.stringify(this.inputs.analysisConfig));
      this.folder.write(this.folder.path("config", CAMPAIGN_CONFIG), import_yaml.default.stringify(this.inputs.campaign));
    }
    const storedNow = { config: checksumJson(this.inputs.analysisConfig), campaign: checksumJson(this.inputs.campaign) };
    const unrecorded = this.storedEqual && JSON.stringify(this.checksums.stored) !== JSON.stringify(storedNow);
    if (configChanged || unrecorded) this.checksums.stored = storedNow;
    if (configChanged || unrecorded || this.restamped || unique.length > 0) this.writeChecksums();
  }
  /**
   * What killed runs leave (lock drafts, temporary files of the config; those of the tables go
   * with the files no checksum names), and with `clear` the cache itself; nothing else of the folder.
   */
  removeLeftovers(clear) {
    for (const name of this.folder.list()) {
      if (/^\.lock\..+/.test(name) || clear && SUBFOLDERS.includes(name)) this.folder.remove(this.folder.path(name));
    }
    for (const name of this.folder.list("config")) {
      if (/^\..+\.tmp$/.test(name)) this.folder.remove(this.folder.path("config", name));
    }
  }
  /** As JSON (which is YAML), read 10x faster than YAML. */
  writeChecksums() {
    this.folder.write(this.folder.path("config", CHECKSUMS), `${JSON.stringify(this.checksums, null, 1)}
`);
  }
};
function validChecksums(value) {
  if (!isPlainObject(value) || value["version"] !== CACHE_VERSION) return void 0;
  const { repo, features, inputs } = value;
  const isMap = (v, item) => isPlainObject(v) && Object.values(v).every(item);
  const isString = (x) => typeof x === "string";
  if (!isMap(repo, (x) => x === null || isString(x)) || !isMap(features, (x) => isMap(x, isString)) || !isMap(inputs, (x) => isMap(x, () => true))) return void 0;
  return value;
}
function changedInputs(files) {
  const changed = [];
  for (const [path, then] of Object.entries(files)) {
    const now = then && "exists" in then ? existsSync(path) ? then : null : stampOf(path);
    if (JSON.stringify(now) === JSON.stringify(then)) continue;
    if (!now) changed.push(`${path} is gone`);
    else if (!then) changed.push(`${path} appeared`);
    else if ("size" in now && "size" in then) {
      const sizes = now.size === then.size ? `size ${now.size} bytes` : `size ${then.size} -> ${now.size} bytes`;
      changed.push(`${path} changed since the cache was written (${sizes}, modified ${isoTime(then.mtime)} -> ${isoTime(now.mtime)})`);
    }
  }
  return changed;
}
function stampOf(path) {
  try {
    const stat = statSync2(path, { bigint: true });
    return { size: Number(stat.size), mtime: String(stat.mtimeNs) };
  } catch {
    return null;
  }
}
function isoTime(mtimeNs) {
  return new Date(Number(BigInt(mtimeNs) / 1000000n)).toISOString();
}
function readYaml(path) {
  if (!existsSync(path)) return void 0;
  const text = readFileSync3(path, "utf8");
  try {
    return JSON.parse(text);
  } catch {
    try {
      return import_yaml.default.parse(text);
    } catch {
      return void 0;
    }
  }
}

// src/features/errors.ts
var FeaturesError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "FeaturesError";
  }
};
function describeKey(key) {
  return `{${Object.entries(key).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(", ")}}`;
}

// src/features/concatenated.ts
var ConcatenatedFeatures = class {
  constructor(name, sets) {
    this.name = name;
    this.sets = sets;
  }
  name;
  sets;
  cache = {};
  /** One row per parameter set (index `params_id`), nested parameters flattened to dotted names. */
  get params() {
    if (!this.cache.params) {
      const flat = this.sets.map((set) => flatten(set.params));
      const names = [...new Set(flat.flatMap((f) => [...f.keys()]))];
      this.cache.params = withRangeIndex(
        new DataFrame(
          [
            ["params_id", numeric("int64", this.sets.map((_, i) => i))],
            ...names.map((n) => [n, inferColumn(flat.map((f) => f.has(n) ? f.get(n) : null))])
          ],
          { index: ["params_id"] }
        )
      );
    }
    return this.cache.params;
  }
  /** The parameters that vary, each with its last dotted component as alias when unambiguous. */
  get aliases() {
    if (!this.cache.aliases) {
      const params = this.params;
      const varying = params.columnNames.filter((c) => !allEqual(params.column(c)));
      const short = varying.map((c) => c.split(".").pop());
      this.cache.aliases = new DataFrame({
        column: objects(varying),
        alias: objects(varying.map((c, i) => short.filter((s) => s === short[i]).length === 1 ? short[i] : c))
      });
    }
    return this.cache.aliases;
  }
  /** Every parameter set's table, with `params_id` and the varying parameters as last columns. */
  get df() {
    if (!this.cache.df) {
      const aliases = this.aliases.records();
      const params = this.params;
      const labels = this.sets.length > 1;
      const parts = this.sets.map((set, id) => {
        const rows = set.df.length;
        const base = set.df.indexNames.length > 0 || !labels ? set.df : withRowLabels(set.df);
        const extra = [["params_id", numeric("int64", new Float64Array(rows).fill(id))]];
        for (const { column, alias } of aliases) {
          const value = params.value(column, id);
          extra.push([alias, constant(value, rows)]);
        }
        return new DataFrame([...base.entries(), ...extra], { index: base.indexNames });
      });
      this.cache.df = DataFrame.concat(parts);
    }
    return this.cache.df;
  }
};
function flatten(params, prefix = "", out = /* @__PURE__ */ new Map()) {
  for (const [key, value] of Object.entries(params)) {
    if (key.includes(".")) throw new FeaturesError(`parameter names cannot contain '.': '${key}'`);
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value)) flatten(value, path, out);
    else out.set(path, value);
  }
  return out;
}
function allEqual(column) {
  const first = JSON.stringify(column.get(0));
  for (let i = 1; i < column.length; i++) if (JSON.stringify(column.get(i)) !== first) return false;
  return true;
}
function withRowLabels(df) {
  const labels = numeric("int64", Float64Array.from({ length: df.length }, (_, i) => i));
  return new DataFrame([[UNNAMED_INDEX, labels], ...df.entries()], { index: [UNNAMED_INDEX], attrs: df.attrs });
}
function constant(value, n) {
  return inferColumn(new Array(n).fill(value));
}

// src/features/collection.ts
var Feature = class {
  constructor(name, table, config) {
    this.name = name;
    this.config = config;
    if (typeof table === "function") this.read = table;
    else this.table = table;
  }
  name;
  config;
  table;
  read;
  get df() {
    if (!this.table) {
      this.table = this.read();
      this.read = void 0;
    }
    return this.table;
  }
  /** Its first rows (copied) and its number of rows; a table in the cache is not read whole when it can be helped. */
  async head(rows) {
    if (!this.table && this.read?.head) return this.read.head(rows);
    const df = this.df;
    return { head: df.take(Uint32Array.from({ length: Math.min(rows, df.length) }, (_, i) => i)), rows: df.length };
  }
};
var FeaturesCollection = class {
  features = /* @__PURE__ */ new Map();
  concatenated = /* @__PURE__ */ new Map();
  /** Add the tables of a config; names must not collide with each other or with concatenated ones. */
  add(config, tables) {
    const names = Object.keys(tables);
    const overlapping = names.filter((n) => this.features.has(n));
    if (overlapping.length > 0) throw new FeaturesError(`Overlapping features dataframes aren't allowed: ${JSON.stringify(overlapping.sort())}`);
    const onConcatenated = names.filter((n) => this.concatenated.has(n));
    if (onConcatenated.length > 0) {
      throw new FeaturesError(`Features cannot overlap with concatenated features: ${JSON.stringify(onConcatenated.sort())}`);
    }
    for (const name of names) {
      this.features.set(name, new Feature(name, tables[name], config));
      this.expose(name);
    }
    if (!config.suffix) return;
    for (const name of names) {
      const base = name.endsWith(config.suffix) ? name.slice(0, -config.suffix.length) : name;
      if (this.features.has(base)) throw new FeaturesError(`Concatenated features ${base} cannot overlap with features dataframes`);
      const entry = this.concatenated.get(base) ?? { suffixed: [] };
      entry.suffixed.push({ name, config });
      delete entry.view;
      this.concatenated.set(base, entry);
      this.expose(base);
    }
  }
  /** `collection.<name>` from JavaScript, as in BlueETL (names that are methods excepted). */
  expose(name) {
    if (!(name in this)) Object.defineProperty(this, name, { get: () => this.get(name), enumerable: false, configurable: true });
  }
  /** Every features table name and concatenated name, sorted. */
  get names() {
    return [...this.features.keys(), ...this.concatenated.keys()].sort();
  }
  has(name) {
    return this.features.has(name) || this.concatenated.has(name);
  }
  /** A features table, or the concatenated view of a name without suffix. */
  get(name) {
    const feature = this.features.get(name);
    if (feature) return feature;
    const entry = this.concatenated.get(name);
    if (!entry) throw new FeaturesError(`no features named '${name}' (known: ${this.names.join(", ") || "none"})`);
    if (!entry.view) {
      const sets = entry.suffixed.map(({ name: n, config }) => ({ df: this.features.get(n).df, params: config.params }));
      entry.view = new ConcatenatedFeatures(name, sets);
    }
    return entry.view;
  }
  /** The tables computed for one features config, by name. */
  tablesOf(config) {
    return Object.fromEntries([...this.features.values()].filter((f) => f.config === config).map((f) => [f.name, f.df]));
  }
  /** The features tables (not the concatenated views), by name. */
  tables() {
    return new Map(this.features);
  }
};

// src/features/arrays.ts
function float64Values(table, name) {
  const data = table.column(name).values;
  return data instanceof Float64Array ? data : Float64Array.from(data);
}
function maxId(values) {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max;
}

// src/features/stats.ts
var KahanMean = class {
  sum = 0;
  compensation = 0;
  n = 0;
  round;
  constructor(float32 = false) {
    this.round = float32 ? Math.fround : (x) => x;
  }
  add(v) {
    if (Number.isNaN(v)) return;
    const round = this.round;
    this.n++;
    const y = round(v - this.compensation);
    const t = round(this.sum + y);
    this.compensation = round(round(t - this.sum) - y);
    this.sum = t;
  }
  get value() {
    return this.n === 0 ? NaN : this.round(this.sum / this.n);
  }
};
var WelfordStd = class {
  constructor(ddof = 1) {
    this.ddof = ddof;
  }
  ddof;
  n = 0;
  mean = 0;
  squares = 0;
  add(v) {
    if (Number.isNaN(v)) return;
    this.n++;
    const previous = this.mean;
    this.mean += (v - previous) / this.n;
    this.squares += (v - this.mean) * (v - previous);
  }
  get value() {
    return this.n - this.ddof > 0 ? Math.sqrt(this.squares / (this.n - this.ddof)) : NaN;
  }
};
function kahanMean(values, rows, float32 = false) {
  const mean2 = new KahanMean(float32);
  for (let i = 0; i < rows.length; i++) mean2.add(values[rows[i]]);
  return mean2.value;
}
function kahanMeanStrided(values, start2, count, stride) {
  const mean2 = new KahanMean();
  for (let i = 0, at = start2; i < count; i++, at += stride) mean2.add(values[at]);
  return mean2.value;
}
function welfordStd(values, rows, ddof = 1) {
  const std = new WelfordStd(ddof);
  for (let i = 0; i < rows.length; i++) std.add(values[rows[i]]);
  return std.value;
}

// src/features/bnac.ts
function bnacFeatures({ repo, key, df }) {
  for (const field of ["window", "circuit_id", "neuron_class"]) {
    if (!(field in key)) throw new FeaturesError(`calculate_features_multi needs '${field}' in the groupby`);
  }
  const window = key["window"];
  const trial = float64Values(df, TRIAL);
  const gid = float64Values(df, GID);
  const nci = float64Values(df, NEURON_CLASS_INDEX);
  const time = float64Values(df, TIME);
  const byTrial = groupRows([df.column(TRIAL), df.column(GID), df.column(NEURON_CLASS_INDEX)]);
  const n = byTrial.count;
  const count = new Float64Array(n);
  const first = new Float64Array(n).fill(NaN);
  const offsets = new Int32Array(n + 1);
  const kept = [];
  for (let g = 0; g < n; g++) {
    for (let k = byTrial.starts[g]; k < byTrial.starts[g + 1]; k++) {
      const t = time[byTrial.rows[k]];
      if (Number.isNaN(t)) continue;
      count[g]++;
      if (!(t >= first[g])) first[g] = t;
      kept.push(t);
    }
    offsets[g + 1] = kept.length;
  }
  const at = (array) => Float64Array.from(byTrial.firstRows, (r) => array[r]);
  const trials = at(trial);
  const gids = at(gid);
  const ncis = at(nci);
  const spikesByTrial = new DataFrame(
    {
      [TRIAL]: numeric("int64", trials),
      [GID]: numeric("int64", gids),
      [NEURON_CLASS_INDEX]: numeric("int64", ncis),
      count: numeric("int64", count),
      first: numeric("float64", first),
      times: new ListColumn(offsets, Float64Array.from(kept))
    },
    { index: [TRIAL, GID, NEURON_CLASS_INDEX] }
  );
  const byGid = groupRows([numeric("int64", gids), numeric("int64", ncis)]);
  const firstMeans = meansOf(byGid, first);
  const meanCounts = meansOf(byGid, count);
  const duration = repo.windows.getDuration(window);
  const rates = meanCounts.map((c) => c * 1e3 / duration);
  const perTrial = groupRows([numeric("int64", trials)]);
  const countsPerTrial = meansOf(perTrial, count);
  const cells = repo.neurons.df.q({ circuit_id: key["circuit_id"], neuron_class: key["neuron_class"] }).length;
  const histograms = histogramFeatures(repo, window, time, cells);
  const gidIndex = (column) => numeric("int64", Float64Array.from(byGid.firstRows, (r) => column[r]));
  return {
    by_gid: new DataFrame(
      {
        [GID]: gidIndex(gids),
        [NEURON_CLASS_INDEX]: gidIndex(ncis),
        first_spike_time_means_cort_zeroed: numeric("float64", firstMeans),
        mean_spike_counts: numeric("float64", meanCounts),
        mean_firing_rates_per_second: numeric("float64", rates)
      },
      { index: [GID, NEURON_CLASS_INDEX] }
    ),
    by_gid_and_trial: spikesByTrial,
    by_neuron_class: new DataFrame({
      mean_of_mean_spike_counts: numeric("float64", [nanmean(meanCounts)]),
      mean_of_mean_firing_rates_per_second: numeric("float64", [mean(rates)]),
      // np.std of a pandas Series is Series.std, which goes through bottleneck when installed.
      std_of_mean_firing_rates_per_second: numeric("float64", [bottleneckStd(rates)]),
      mean_of_spike_times_normalised_hist_1ms_bin: numeric("float64", [mean(histograms.hist)]),
      min_of_spike_times_normalised_hist_1ms_bin: numeric("float64", [histograms.min]),
      max_of_spike_times_normalised_hist_1ms_bin: numeric("float64", [histograms.max]),
      argmax_spike_times_hist_1ms_bin: numeric("int64", [histograms.argmax])
    }),
    by_neuron_class_and_trial: new DataFrame(
      {
        [TRIAL]: numeric("int64", Float64Array.from(perTrial.firstRows, (r) => trials[r])),
        mean_of_spike_counts_for_each_trial: numeric("float64", countsPerTrial)
      },
      { index: [TRIAL] }
    ),
    histograms: new DataFrame(
      {
        bin: numeric("int64", Float64Array.from(histograms.hist, (_, i) => i)),
        spike_times_normalised_hist_1ms_bin: numeric("float64", histograms.hist),
        spike_times_max_normalised_hist_1ms_bin: numeric("float64", histograms.normalised),
        smoothed_3ms_spike_times_max_normalised_hist_1ms_bin: numeric("float64", histograms.smoothed)
      },
      { index: ["bin"] }
    )
  };
}
function histogramFeatures(repo, window, times, cells) {
  const trials = repo.windows.getNumberOfTrials(window);
  const duration = repo.windows.getDuration(window);
  const [tStart, tStop] = repo.windows.getBounds(window);
  let counts;
  try {
    counts = histogram(times, tStart, tStop, Math.trunc(duration));
  } catch (error) {
    throw new FeaturesError(`window '${window}' lasts ${duration} ms: ${error.message} (its histogram has 1 ms bins)`);
  }
  const hist = counts.map((c) => c / (cells * trials));
  let argmax = 0;
  let min = Infinity;
  for (let i = 0; i < hist.length; i++) {
    if (hist[i] > hist[argmax]) argmax = i;
    if (hist[i] < min) min = hist[i];
  }
  const max = hist[argmax];
  const smoothed = gaussianFilter(hist, 4);
  const maxSmoothed = smoothed.reduce((a, b) => b > a ? b : a, -Infinity);
  return {
    hist,
    min,
    max,
    argmax,
    normalised: hist.map((v) => v / (max || 1)),
    smoothed: smoothed.map((v) => v / (maxSmoothed || 1))
  };
}
function meansOf(grouping, values) {
  return Float64Array.from(
    { length: grouping.count },
    (_, g) => kahanMean(values, grouping.rows.subarray(grouping.starts[g], grouping.starts[g + 1]))
  );
}

// src/features/groups.ts
var RowLookup = class {
  constructor(table, groupby) {
    this.table = table;
    this.columns = groupby.filter((c) => table.has(c));
    if (this.columns.length === 0) return;
    const groups = table.groupBy(this.columns);
    for (let g = 0; g < groups.count; g++) this.rows.set(encode(groups.key(g), this.columns), groups.rows(g));
  }
  table;
  rows = /* @__PURE__ */ new Map();
  columns;
  /** The rows matching the key on the columns this table has (every row when it has none). */
  rowsOf(key) {
    if (this.columns.length === 0) return Uint32Array.from({ length: this.table.length }, (_, i) => i);
    return this.rows.get(encode(key, this.columns)) ?? new Uint32Array(0);
  }
};
function encode(key, columns) {
  return JSON.stringify(columns.map((c) => key[c]));
}
function groupKeys(groupby, tables) {
  let keys;
  const covered = /* @__PURE__ */ new Set();
  for (const table of tables) {
    const columns = groupby.filter((c) => table.has(c) && !covered.has(c));
    const shared = groupby.filter((c) => table.has(c) && covered.has(c));
    if (columns.length === 0) continue;
    const distinct = distinctRows(table.select([...shared, ...columns]).resetIndex(true), [...shared, ...columns]);
    if (!keys) keys = distinct;
    else {
      if (shared.length === 0) {
        throw new FeaturesError(`the groupby columns ${JSON.stringify(groupby)} cannot be combined: the tables share none of them`);
      }
      keys = innerCombine(keys, distinct, shared, columns);
    }
    for (const c of columns) covered.add(c);
    if (groupby.every((c) => covered.has(c))) break;
  }
  const unknown = groupby.filter((c) => !covered.has(c));
  if (unknown.length > 0) throw new FeaturesError(`Unknown columns in groupby: ${JSON.stringify(unknown)}`);
  return keys.select(groupby).sortBy(groupby);
}
function distinctRows(table, columns) {
  const { firstRows } = groupRows(columns.map((c) => table.column(c)));
  return table.select(columns).take(Uint32Array.from(firstRows).sort());
}
function innerCombine(keys, other, shared, added) {
  const lookup = new RowLookup(other, shared);
  const left = [];
  const right = [];
  for (let i = 0; i < keys.length; i++) {
    for (const r of lookup.rowsOf(keys.row(i))) {
      left.push(i);
      right.push(r);
    }
  }
  const base = keys.take(left);
  const extra = other.take(right);
  return new DataFrame([...base.entries(), ...added.map((c) => [c, extra.column(c)])]);
}

// src/features/bnac-batch.ts
var BNAC_GROUPBY = [CIRCUIT_ID, NEURON_CLASS, WINDOW, "simulation_id"];
function isBnacBatchable(groupby) {
  return groupby.length === BNAC_GROUPBY.length && BNAC_GROUPBY.every((c) => groupby.includes(c));
}
function bnacAllGroups(keys, neurons, windows, report, repo) {
  const groups = groupsOf(keys, neurons, windows, report, repo);
  const neuronGid = float64Values(neurons, GID);
  const neuronIndex = float64Values(neurons, NEURON_CLASS_INDEX);
  const windowTrial = float64Values(windows, TRIAL);
  const reportGid = float64Values(report, GID);
  const reportTrial = float64Values(report, TRIAL);
  const reportTime = float64Values(report, TIME);
  let cellTotal = 0;
  let spikeTotal = 0;
  let neuronTotal = 0;
  let trialTotal = 0;
  let binTotal = 0;
  const durations = groups.map((group) => repo.windows.getDuration(group.window));
  groups.forEach((group, g) => {
    cellTotal += group.neurons.length * group.trials.length;
    spikeTotal += group.report.length;
    neuronTotal += group.neurons.length;
    trialTotal += group.trials.length;
    binTotal += Math.max(Math.trunc(durations[g]), 0);
  });
  const cells = new CellTable(cellTotal, spikeTotal);
  const byGid = new Rows(neuronTotal, 5);
  const byTrial = new Rows(trialTotal, 2);
  const byClass = new Rows(groups.length, 7);
  const hist = new Rows(binTotal, 4);
  const position = new Int32Array(maxId(neuronGid) + 1).fill(-1);
  groups.forEach((group, g) => {
    const nN = group.neurons.length;
    const nT = group.trials.length;
    const base = cells.length;
    const trialPosition = /* @__PURE__ */ new Map();
    group.trials.forEach((row, t) => trialPosition.set(windowTrial[row], t));
    group.neurons.forEach((row, j) => position[neuronGid[row]] = j);
    const cellOf = new Int32Array(group.report.length);
    group.report.forEach((row, k) => {
      const t = trialPosition.get(reportTrial[row]);
      const j = position[reportGid[row]];
      cellOf[k] = t === void 0 || j < 0 ? -1 : base + t * nN + j;
    });
    cells.add(nT * nN, g, cellOf, group.report, reportTime);
    for (let t = 0; t < nT; t++) {
      for (let j = 0; j < nN; j++) cells.setKeys(base + t * nN + j, windowTrial[group.trials[t]], neuronGid[group.neurons[j]], neuronIndex[group.neurons[j]]);
    }
    group.neurons.forEach((row) => position[neuronGid[row]] = -1);
    const gidStart = byGid.add(g, nN);
    const [gidOut, nciOut, firstOut, countOut, rateOut] = byGid.columns;
    for (let j = 0; j < nN; j++) {
      const i = gidStart + j;
      gidOut[i] = neuronGid[group.neurons[j]];
      nciOut[i] = neuronIndex[group.neurons[j]];
      firstOut[i] = kahanMeanStrided(cells.first, base + j, nT, nN);
      countOut[i] = kahanMeanStrided(cells.count, base + j, nT, nN);
      rateOut[i] = countOut[i] * 1e3 / durations[g];
    }
    const trialStart = byTrial.add(g, nT);
    for (let t = 0; t < nT; t++) {
      byTrial.columns[0][trialStart + t] = windowTrial[group.trials[t]];
      byTrial.columns[1][trialStart + t] = kahanMeanStrided(cells.count, base + t * nN, nN, 1);
    }
    const meanCounts = countOut.subarray(gidStart, gidStart + nN);
    const rates = rateOut.subarray(gidStart, gidStart + nN);
    const histograms = histogramFeatures(repo, group.window, cells.timesOfGroup(base, base + nT * nN), group.targetCells);
    const summary = [nanmean(meanCounts), mean(rates), bottleneckStd(rates), mean(histograms.hist), histograms.min, histograms.max, histograms.argmax];
    const classRow = byClass.add(g, 1);
    summary.forEach((value, c) => byClass.columns[c][classRow] = value);
    const binStart = hist.add(g, histograms.hist.length);
    hist.columns[0].set(histograms.hist.map((_, b) => b), binStart);
    hist.columns[1].set(histograms.hist, binStart);
    hist.columns[2].set(histograms.normalised, binStart);
    hist.columns[3].set(histograms.smoothed, binStart);
  });
  return {
    by_gid: byGid.table(
      [
        [GID, "int64"],
        [NEURON_CLASS_INDEX, "int64"],
        ["first_spike_time_means_cort_zeroed", "float64"],
        ["mean_spike_counts", "float64"],
        ["mean_firing_rates_per_second", "float64"]
      ],
      [GID, NEURON_CLASS_INDEX]
    ),
    by_gid_and_trial: cells.table(),
    by_neuron_class: byClass.table(
      [
        ["mean_of_mean_spike_counts", "float64"],
        ["mean_of_mean_firing_rates_per_second", "float64"],
        ["std_of_mean_firing_rates_per_second", "float64"],
        ["mean_of_spike_times_normalised_hist_1ms_bin", "float64"],
        ["min_of_spike_times_normalised_hist_1ms_bin", "float64"],
        ["max_of_spike_times_normalised_hist_1ms_bin", "float64"],
        ["argmax_spike_times_hist_1ms_bin", "int64"]
      ],
      []
    ),
    by_neuron_class_and_trial: byTrial.table(
      [
        [TRIAL, "int64"],
        ["mean_of_spike_counts_for_each_trial", "float64"]
      ],
      [TRIAL]
    ),
    histograms: hist.table(
      [
        ["bin", "int64"],
        ["spike_times_normalised_hist_1ms_bin", "float64"],
        ["spike_times_max_normalised_hist_1ms_bin", "float64"],
        ["smoothed_3ms_spike_times_max_normalised_hist_1ms_bin", "float64"]
      ],
      ["bin"]
    )
  };
}
function groupsOf(keys, neurons, windows, report, repo) {
  const groupby = keys.names;
  const [neuronRows, trialRows, reportRows] = [neurons, windows, report].map((table) => new RowLookup(table, groupby));
  const gid = float64Values(neurons, GID);
  const trial = float64Values(windows, TRIAL);
  const targetCells = /* @__PURE__ */ new Map();
  const all = repo.neurons.df;
  for (const { key, rows } of all.groupBy([CIRCUIT_ID, NEURON_CLASS])) targetCells.set(`${key[CIRCUIT_ID]}\0${key[NEURON_CLASS]}`, rows.length);
  return Array.from({ length: keys.length }, (_, g) => {
    const key = keys.row(g);
    return {
      neurons: Uint32Array.from(neuronRows.rowsOf(key)).sort((a, b) => gid[a] - gid[b]),
      trials: Uint32Array.from(trialRows.rowsOf(key)).sort((a, b) => trial[a] - trial[b]),
      report: reportRows.rowsOf(key),
      window: key[WINDOW],
      targetCells: targetCells.get(`${key[CIRCUIT_ID]}\0${key[NEURON_CLASS]}`) ?? 0
    };
  });
}
var CellTable = class {
  length = 0;
  trial;
  gid;
  index;
  count;
  first;
  groupOf;
  offsets;
  times;
  constructor(cells, spikes) {
    this.trial = new Float64Array(cells);
    this.gid = new Float64Array(cells);
    this.index = new Float64Array(cells);
    this.count = new Float64Array(cells);
    this.first = new Float64Array(cells).fill(NaN);
    this.groupOf = new Int32Array(cells);
    this.offsets = new Int32Array(cells + 1);
    this.times = new Float64Array(spikes);
  }
  /** `n` cells of group `g`, and the spikes landing in them (`cellOf` -1: in none). */
  add(n, g, cellOf, rows, time) {
    const base = this.length;
    this.groupOf.fill(g, base, base + n);
    for (const cell of cellOf) if (cell >= 0) this.count[cell]++;
    for (let c = base; c < base + n; c++) this.offsets[c + 1] = this.offsets[c] + this.count[c];
    const next = this.offsets.slice(base, base + n);
    for (let k = 0; k < cellOf.length; k++) {
      const cell = cellOf[k];
      if (cell < 0) continue;
      const t = time[rows[k]];
      this.times[next[cell - base]++] = t;
      if (!(t >= this.first[cell])) this.first[cell] = t;
    }
    this.length += n;
  }
  setKeys(cell, trial, gid, index) {
    this.trial[cell] = trial;
    this.gid[cell] = gid;
    this.index[cell] = index;
  }
  /** Every spike time of the cells [from, to), in cell order. */
  timesOfGroup(from, to) {
    return this.times.subarray(this.offsets[from], this.offsets[to]);
  }
  table() {
    const n = this.length;
    const frame = new DataFrame(
      {
        [TRIAL]: numeric("int64", this.trial.subarray(0, n)),
        [GID]: numeric("int64", this.gid.subarray(0, n)),
        [NEURON_CLASS_INDEX]: numeric("int64", this.index.subarray(0, n)),
        count: numeric("int64", this.count.subarray(0, n)),
        first: numeric("float64", this.first.subarray(0, n)),
        times: new ListColumn(this.offsets.subarray(0, n + 1), this.times.subarray(0, this.offsets[n]))
      },
      { index: [TRIAL, GID, NEURON_CLASS_INDEX] }
    );
    return { frame, groupOf: this.groupOf.subarray(0, n) };
  }
};
var Rows = class {
  length = 0;
  columns;
  groupOf;
  constructor(capacity, width) {
    this.columns = Array.from({ length: width }, () => new Float64Array(capacity));
    this.groupOf = new Int32Array(capacity);
  }
  /** Reserve `n` rows of group `g`; the index of the first. */
  add(g, n) {
    const start2 = this.length;
    this.groupOf.fill(g, start2, start2 + n);
    this.length += n;
    return start2;
  }
  table(columns, index) {
    const entries = columns.map(([name, dtype], c) => [name, numeric(dtype, this.columns[c].subarray(0, this.length))]);
    return { frame: new DataFrame(entries, { index }), groupOf: this.groupOf.subarray(0, this.length) };
  }
};

// src/features/soma-batch.ts
var SOMA_GROUPBY = [SIMULATION_ID, "circuit_id"];
function isSomaBatchable(groupby) {
  return groupby.join() === SOMA_GROUPBY.join();
}
function somaAllGroups(keys, neurons, windows, report) {
  const lookups = [neurons, windows, report].map((table) => new RowLookup(table, keys.names));
  const neuronClass = neurons.column(NEURON_CLASS);
  const windowName = windows.column(WINDOW);
  const [reportClass, reportWindow] = [report.column(NEURON_CLASS), report.column(WINDOW)];
  const classCode = recode(reportClass, neuronClass.categories);
  const windowCode = recode(reportWindow, windowName.categories);
  const gid = float64Values(neurons, GID);
  const trial = float64Values(windows, TRIAL);
  const [reportGid, reportTrial, value] = [GID, TRIAL, VALUE].map((name) => report.column(name).values);
  const out = { group: [], neuronClass: [], window: [], mean: [], std: [] };
  for (let g = 0; g < keys.length; g++) {
    const key = keys.row(g);
    const [nRows, wRows, rRows] = lookups.map((lookup) => lookup.rowsOf(key));
    const neuronOf = new DenseKeys(nRows, (row) => neuronClass.codes[row], (row) => gid[row]);
    const windowOf = new DenseKeys(wRows, (row) => windowName.codes[row], (row) => trial[row]);
    const nT = wRows.length;
    const cellStarts = new Int32Array(nRows.length * nT + 1);
    const cellOf = new Int32Array(rRows.length);
    for (let k = 0; k < rRows.length; k++) {
      const r = rRows[k];
      const j = neuronOf.get(classCode[r], reportGid[r]);
      const t = windowOf.get(windowCode[r], reportTrial[r]);
      const cell = j < 0 || t < 0 ? -1 : j * nT + t;
      cellOf[k] = cell;
      if (cell >= 0) cellStarts[cell + 1]++;
    }
    for (let c = 0; c < nRows.length * nT; c++) cellStarts[c + 1] += cellStarts[c];
    const cellRows = new Int32Array(cellStarts[nRows.length * nT]);
    const next = cellStarts.slice(0, -1);
    for (let k = 0; k < rRows.length; k++) if (cellOf[k] >= 0) cellRows[next[cellOf[k]]++] = rRows[k];
    const classes = [...new Set(Array.from(nRows, (row) => neuronClass.codes[row]))].sort((a, b) => a - b);
    const windowCodes = [...new Set(Array.from(wRows, (row) => windowName.codes[row]))].sort((a, b) => a - b);
    for (const c of classes) {
      for (const w of windowCodes) {
        const mean2 = new KahanMean(true);
        const std = new WelfordStd();
        for (let j = 0; j < nRows.length; j++) {
          if (neuronClass.codes[nRows[j]] !== c) continue;
          for (let t = 0; t < nT; t++) {
            if (windowName.codes[wRows[t]] !== w) continue;
            const cell = j * nT + t;
            for (let k = cellStarts[cell]; k < cellStarts[cell + 1]; k++) {
              mean2.add(value[cellRows[k]]);
              std.add(value[cellRows[k]]);
            }
          }
        }
        out.group.push(g);
        out.neuronClass.push(c);
        out.window.push(w);
        out.mean.push(mean2.value);
        out.std.push(std.value);
      }
    }
  }
  const frame = new DataFrame({
    [NEURON_CLASS]: new CategoricalColumn(Int32Array.from(out.neuronClass), neuronClass.categories),
    [WINDOW]: new CategoricalColumn(Int32Array.from(out.window), windowName.categories),
    mean: numeric("float32", out.mean),
    std: numeric("float64", out.std)
  });
  return { by_neuron_class: { frame, groupOf: Int32Array.from(out.group) } };
}
var DenseKeys = class {
  table;
  width;
  constructor(rows, code, id) {
    let codes = 0;
    let ids = 0;
    for (const row of rows) {
      codes = Math.max(codes, code(row) + 1);
      ids = Math.max(ids, id(row) + 1);
    }
    this.width = ids;
    this.table = new Int32Array(codes * ids).fill(-1);
    rows.forEach((row, position) => this.table[code(row) * ids + id(row)] = position);
  }
  /** The position of the row of (code, id), -1 when there is none. */
  get(code, id) {
    if (!(code >= 0 && id >= 0 && id < this.width)) return -1;
    return this.table[code * this.width + id] ?? -1;
  }
};
function recode(column, categories) {
  const position = new Map(categories.map((c, i) => [c, i]));
  const remap = column.categories.map((c) => position.get(c) ?? -1);
  if (remap.every((r, i) => r === i)) return column.codes;
  const source = column.codes;
  const out = new Int32Array(source.length);
  for (let i = 0; i < source.length; i++) out[i] = source[i] < 0 ? -1 : remap[source[i]];
  return out;
}

// src/features/dtypes.ts
function ensureDtypes(frame) {
  const columns = frame.entries().map(([name, column]) => [name, ensureColumn(name, column, frame.indexNames.includes(name))]);
  return new DataFrame(columns, { index: frame.indexNames, attrs: frame.attrs });
}
function ensureColumn(name, column, isIndex) {
  const dtype = DTYPES[name];
  if (dtype === "category") {
    if (column instanceof CategoricalColumn) return column.compact();
    return categorical(Array.from({ length: column.length }, (_, i) => {
      const v = column.get(i);
      return v === null || v === void 0 ? null : String(v);
    }));
  }
  if (column instanceof NumericColumn) {
    const wanted = dtype ?? column.dtype;
    const integer = wanted !== "float32" && wanted !== "float64" && wanted !== "bool";
    const target = isIndex && integer ? "int64" : wanted;
    return target === column.dtype ? column : numeric(target, column.values);
  }
  return column;
}
function keyColumn(name, value, n) {
  const dtype = DTYPES[name];
  if (dtype === "category" || dtype === void 0 && typeof value === "string") {
    return dtype === "category" ? constantCategory(String(value), n) : objects(new Array(n).fill(value));
  }
  if (typeof value === "number") {
    return numeric(dtype ?? (Number.isInteger(value) ? "int64" : "float64"), new Float64Array(n).fill(value));
  }
  if (typeof value === "boolean") return numeric("bool", new Uint8Array(n).fill(value ? 1 : 0));
  return objects(new Array(n).fill(value));
}

// src/features/merged.ts
var MergedGroups = class _MergedGroups {
  constructor(table, starts, missing, integers) {
    this.table = table;
    this.starts = starts;
    this.missing = missing;
    this.integers = integers;
  }
  table;
  starts;
  missing;
  integers;
  /**
   * For a groupby that fixes everything the report joins on but the neuron and the trial (the
   * usual simulation, circuit, neuron class and window, with or without the gid); undefined
   * otherwise (merge per group).
   */
  static build(keys, neurons, windows, report) {
    const groupby = keys.names;
    const left = [...neurons.names, ...windows.names.filter((n) => !neurons.has(n))];
    const joined = left.filter((n) => report.has(n) && !groupby.includes(n));
    if (!joined.every((n) => n === GID || n === TRIAL) || !report.has(GID) || !report.has(TRIAL)) return void 0;
    if (windows.names.some((n) => neurons.has(n) && !groupby.includes(n))) return void 0;
    const rows = joinRows(keys, neurons, windows, report);
    const reportOnly = report.names.filter((n) => !left.includes(n));
    const columns = [
      ...neurons.names.map((n) => [n, neurons.column(n).take(rows.neuron)]),
      ...windows.names.filter((n) => !neurons.has(n)).map((n) => [n, windows.column(n).take(rows.window)]),
      ...reportOnly.map((n) => [n, takeOrMissing(report.column(n), rows.report)])
    ];
    const integers = new Map(
      reportOnly.flatMap((n) => {
        const column = report.column(n);
        return column instanceof NumericColumn && column.isInteger ? [[n, column.take(rows.report.map((r) => Math.max(r, 0)))]] : [];
      })
    );
    return new _MergedGroups(new DataFrame(columns), rows.starts, rows.missing, integers);
  }
  /** The tables of groups merged one by one (for other groupbys), as one. */
  static fromGroups(groups, report) {
    const integers = report.names.filter((n) => {
      const column = report.column(n);
      return column instanceof NumericColumn && column.isInteger && groups.some((g) => g.column(n).dtype !== column.dtype);
    });
    const starts = new Uint32Array(groups.length + 1);
    groups.forEach((g, i) => starts[i + 1] = starts[i] + g.length);
    const missing = Uint8Array.from(groups, (g) => integers.some((n) => g.column(n).dtype === "float64") ? 1 : 0);
    const asFloat = (g) => g.assign(Object.fromEntries(integers.map((n) => [n, numeric("float64", Float64Array.from(g.column(n).values))])));
    const table = DataFrame.concat(groups.map(asFloat));
    const whole = new Map(integers.map((n) => [n, numeric(report.column(n).dtype, table.column(n).values.map((v) => Number.isNaN(v) ? 0 : v))]));
    return new _MergedGroups(table, starts, missing, whole);
  }
  /** The merged table, each group's first row, and what turns a slice into its group's table (for the Python worker). */
  parts() {
    const integers = this.integers.size > 0 ? new DataFrame([...this.integers]) : void 0;
    return { table: this.table, starts: this.starts, missing: this.missing, integers };
  }
  /** The table of group `g`. */
  group(g) {
    const start2 = this.starts[g];
    const end = this.starts[g + 1];
    const slice = this.table.slice(start2, end);
    if (this.missing[g] || this.integers.size === 0) return slice;
    return slice.assign(Object.fromEntries([...this.integers].map(([n, column]) => [n, column.slice(start2, end)])));
  }
};
function joinRows(keys, neurons, windows, report) {
  const lookups = [neurons, windows, report].map((table) => new RowLookup(table, keys.names));
  const neuronGid = neurons.column(GID).values;
  const windowTrial = windows.column(TRIAL).values;
  const reportGid = report.column(GID).values;
  const reportTrial = report.column(TRIAL).values;
  const position = new Int32Array(maxId(neuronGid) + 1).fill(-1);
  const out = { neuron: new Growable(Int32Array), window: new Growable(Int32Array), report: new Growable(Int32Array) };
  const starts = new Uint32Array(keys.length + 1);
  const missing = new Uint8Array(keys.length);
  for (let g = 0; g < keys.length; g++) {
    const key = keys.row(g);
    const [nRows, wRows, rRows] = lookups.map((lookup) => lookup.rowsOf(key));
    const nN = nRows.length;
    const nT = wRows.length;
    const trialPosition = /* @__PURE__ */ new Map();
    for (let t = 0; t < nT; t++) trialPosition.set(windowTrial[wRows[t]], t);
    for (let j = 0; j < nN; j++) position[neuronGid[nRows[j]]] = j;
    const cellStarts = new Int32Array(nN * nT + 1);
    const cellOf = new Int32Array(rRows.length);
    for (let k = 0; k < rRows.length; k++) {
      const j = position[reportGid[rRows[k]]] ?? -1;
      const t = trialPosition.get(reportTrial[rRows[k]]);
      const cell = j < 0 || t === void 0 ? -1 : j * nT + t;
      cellOf[k] = cell;
      if (cell >= 0) cellStarts[cell + 1]++;
    }
    for (let c = 0; c < nN * nT; c++) cellStarts[c + 1] += cellStarts[c];
    const cellRows = new Int32Array(cellStarts[nN * nT]);
    const next = cellStarts.slice(0, -1);
    for (let k = 0; k < rRows.length; k++) if (cellOf[k] >= 0) cellRows[next[cellOf[k]]++] = rRows[k];
    for (let j = 0; j < nN; j++) {
      for (let t = 0; t < nT; t++) {
        const cell = j * nT + t;
        const count = cellStarts[cell + 1] - cellStarts[cell];
        out.neuron.fill(nRows[j], Math.max(count, 1));
        out.window.fill(wRows[t], Math.max(count, 1));
        if (count === 0) {
          out.report.push(-1);
          missing[g] = 1;
        } else out.report.append(cellRows.subarray(cellStarts[cell], cellStarts[cell + 1]));
      }
    }
    for (let j = 0; j < nN; j++) position[neuronGid[nRows[j]]] = -1;
    starts[g + 1] = out.report.length;
  }
  return { neuron: out.neuron.values(), window: out.window.values(), report: out.report.values(), starts, missing };
}

// src/features/results.ts
function withKey(result, key, multiIndex) {
  const n = result.length;
  return withKeyColumns(result, Object.keys(key).map((f) => [f, keyColumn(f, key[f], n)]), multiIndex);
}
function withGroupKeys({ frame, groupOf }, keys, multiIndex) {
  return withKeyColumns(frame, keys.names.map((f) => [f, keys.column(f).take(groupOf)]), multiIndex);
}
function withKeyColumns(result, keys, multiIndex) {
  const fields = keys.map(([f]) => f);
  const own = result.entries();
  const clash = fields.filter((f) => result.has(f));
  if (clash.length > 0) throw new FeaturesError(`the table returned has columns named like the groupby: ${clash.join(", ")}`);
  if (multiIndex) return new DataFrame([...keys, ...own], { index: [...fields, ...result.indexNames] });
  return new DataFrame([...keys, ...own]);
}
function concatGroups(parts, attrs) {
  return ensureDtypes(DataFrame.concat(parts)).withAttrs(attrs);
}
function resultTables(result, type, name) {
  if (type === "single") {
    if (!(result instanceof DataFrame)) throw new FeaturesError(`Expected a DataFrame, not ${typeName(result)}`);
    return { [name ?? "None"]: result };
  }
  if (typeof result !== "object" || result === null || Array.isArray(result) || result instanceof DataFrame) {
    throw new FeaturesError(`The user function must return a dict of dataframes (an object of DataFrames), not ${typeName(result)}`);
  }
  for (const [key, value] of Object.entries(result)) {
    if (!(value instanceof DataFrame)) throw new FeaturesError(`Expected a DataFrame, not ${typeName(value)} (for '${key}')`);
    const badName = checkPlainName(key, "the table name");
    if (badName) throw new FeaturesError(badName);
  }
  return result;
}
function typeName(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof DataFrame) return "a DataFrame";
  return typeof value === "object" ? value.constructor?.name ?? "an object" : typeof value;
}

// src/features/python.ts
async function computePython(configs, batch, options) {
  const { keys, tables } = batch;
  if (keys.length === 0) return configs.map(() => ({}));
  let results;
  try {
    results = await options.python.features({
      repo: options.repo,
      tables: { ...tables },
      configs: configs.map((c) => ({ function: c.function, type: c.type, name: c.name, params: c.params, floats: floatParams(c), suffix: c.suffix })),
      keys,
      merged: mergedTable(batch).parts(),
      progress: options.progress && ((done) => options.progress(done, keys.length))
    });
  } catch (error) {
    throw featuresError(error, configs, keys);
  }
  return configs.map((config, c) => {
    const attrs = { config: structuredClone(featuresDump(config)) };
    const entries = Object.entries(results[c]).map(([name, grouped]) => {
      try {
        return [name, ensureDtypes(withGroupKeys(grouped, keys, config.multi_index)).withAttrs(attrs)];
      } catch (error) {
        throw new FeaturesError(`feature function '${config.function}': ${error.message}`);
      }
    });
    return Object.fromEntries(entries);
  });
}
function mergedTable({ keys, neurons, windows, tables }) {
  const merged = MergedGroups.build(keys, neurons, windows, tables.report);
  if (merged) return merged;
  const lookups = [neurons, windows, tables.report].map((t) => new RowLookup(t, keys.names));
  const groups = Array.from({ length: keys.length }, (_, g) => {
    const [n, w, r] = lookups.map((lookup) => lookup.table.take(lookup.rowsOf(keys.row(g))));
    return leftMerge(leftMerge(n, w), r);
  });
  return MergedGroups.fromGroups(groups, tables.report);
}
function featuresError(error, configs, keys) {
  if (!(error instanceof PythonCallError || error instanceof PythonWorkerDied)) return error;
  const config = error.config !== void 0 ? configs[error.config] : configs.length === 1 ? configs[0] : void 0;
  const name = config ? `feature function '${config.function}'` : `one of the feature functions ${configs.map((c) => `'${c.function}'`).join(", ")}`;
  const group = error.group !== void 0 ? describeKey(keys.row(error.group)) : void 0;
  if (error instanceof PythonWorkerDied || error.kind === "result") return new FeaturesError(`${name}${group ? `, group ${group}` : ""}: ${error.detail}`);
  return new FeaturesError(`${name} failed for the group ${group}:
${error.detail}`);
}

// src/features/repo-view.ts
var WindowsView = class {
  constructor(df) {
    this.df = df;
  }
  df;
  /** (t_start, t_stop) of the window: the same for every trial, relative to its offset. */
  getBounds(window) {
    const row = this.df.first({ [WINDOW]: window });
    return [row[T_START], row[T_STOP]];
  }
  getDuration(window) {
    return this.df.first({ [WINDOW]: window })[DURATION];
  }
  /** The largest trial index of the window, plus one. */
  getNumberOfTrials(window) {
    const trials = this.df.q({ [WINDOW]: window }).column(TRIAL).values;
    let max = -1;
    for (const t of trials) if (t > max) max = t;
    return max + 1;
  }
};
var NeuronsView = class {
  constructor(df) {
    this.df = df;
  }
  df;
  /** Neurons per circuit and neuron class (observed combinations only). */
  countByNeuronClass() {
    const groups = this.df.groupBy([CIRCUIT_ID, NEURON_CLASS]);
    const first = groups.grouping.firstRows;
    return new DataFrame(
      {
        [CIRCUIT_ID]: this.df.column(CIRCUIT_ID).take(first),
        [NEURON_CLASS]: this.df.column(NEURON_CLASS).take(first),
        [GID]: numeric("int64", Array.from({ length: groups.count }, (_, g) => groups.rows(g).length))
      },
      { index: [CIRCUIT_ID, NEURON_CLASS] }
    );
  }
};
function repoView(tables) {
  return {
    simulations: { df: tables.simulations },
    neurons: new NeuronsView(tables.neurons),
    neuron_classes: { df: tables.neuron_classes },
    windows: new WindowsView(tables.windows),
    report: { df: tables.report }
  };
}

// src/features/soma.ts
function somaFeatures({ key, df }) {
  const fields = Object.keys(key);
  if (fields.join() !== "simulation_id,circuit_id") {
    throw new FeaturesError(`calculate_features_by_simulation_circuit needs groupby [simulation_id, circuit_id], got [${fields.join(", ")}]`);
  }
  const groups = groupRows([df.column(NEURON_CLASS), df.column(WINDOW)]);
  const value = df.column(VALUE).values;
  const rows = (g) => groups.rows.subarray(groups.starts[g], groups.starts[g + 1]);
  const firsts = groups.firstRows;
  return {
    by_neuron_class: new DataFrame({
      [NEURON_CLASS]: df.column(NEURON_CLASS).take(firsts),
      [WINDOW]: df.column(WINDOW).take(firsts),
      mean: numeric("float32", Float32Array.from({ length: groups.count }, (_, g) => kahanMean(value, rows(g), true))),
      std: numeric("float64", Float64Array.from({ length: groups.count }, (_, g) => welfordStd(value, rows(g))))
    })
  };
}

// src/features/compute.ts
var BNAC = "blueetl.external.bnac.calculate_features.calculate_features_multi";
var SOMA = "blueetl.external.soma.calculate_features.calculate_features_by_simulation_circuit";
var FEATURE_FUNCTIONS = {
  [BNAC]: bnacFeatures,
  [SOMA]: somaFeatures
};
var BATCHED_FUNCTIONS = {
  [BNAC]: {
    batchable: isBnacBatchable,
    compute: (input) => bnacAllGroups(input.keys, input.neurons, input.windows, input.tables.report, repoView(input.tables))
  },
  [SOMA]: {
    batchable: isSomaBatchable,
    compute: (input) => somaAllGroups(input.keys, input.neurons, input.windows, input.tables.report)
  }
};
async function computeFeatures(configs, tables, options) {
  const results = configs.map(() => ({}));
  let groups = 0;
  const batches = /* @__PURE__ */ new Map();
  configs.forEach((config, i) => {
    const key = JSON.stringify([config.groupby, config.neuron_classes, config.windows]);
    batches.set(key, [...batches.get(key) ?? [], i]);
  });
  let b = 0;
  for (const indexes of batches.values()) {
    const batch = indexes.map((i) => configs[i]);
    const label = `features ${++b}/${batches.size} (${batch.length} configs by ${batch[0].groupby.join(", ")})`;
    const progress = options.progress && ((done, total) => options.progress(done, total, label));
    const computed = await computeBatch(batch, tables, { ...options, progress });
    indexes.forEach((i, k) => results[i] = computed.tables[k]);
    groups += computed.groups * batch.length;
  }
  return { tables: results, groups };
}
async function computeBatch(configs, tables, options) {
  const { groupby, neuron_classes: classes, windows } = configs[0];
  const neurons = classes.length > 0 ? tables.neurons.q({ [NEURON_CLASS]: classes }) : tables.neurons;
  const windowsTable = windows.length > 0 ? tables.windows.q({ [WINDOW]: windows }) : tables.windows;
  if (neurons.length === 0) {
    throw new FeaturesError(`features ${configs.map((c) => `'${c.function}'`).join(", ")} have no group to compute: no neuron is in the neuron classes ${JSON.stringify(classes)} (empty classes are dropped by the extraction)`);
  }
  const input = { keys: groupKeys(groupby, [neurons, windowsTable, tables.report]), neurons, windows: windowsTable, tables };
  const batched = configs.map((c) => !options.perGroup && BATCHED_FUNCTIONS[c.function]?.batchable(c.groupby) === true);
  const python = configs.map((c) => !(c.function in FEATURE_FUNCTIONS) && isPythonName(c.function));
  const results = configs.map(() => ({}));
  const perGroup = configs.filter((_, c) => !batched[c] && !python[c]);
  const computed = await computeGroupByGroup(perGroup, input, options);
  const inPython = configs.filter((_, c) => python[c]);
  const fromPython = inPython.length > 0 ? await withPython(options, (pool) => computePython(inPython, input, { ...options, python: pool, repo: options.repo ?? "repo" })) : [];
  configs.forEach((config, c) => {
    if (python[c]) results[c] = fromPython[inPython.indexOf(config)];
    else if (!batched[c]) results[c] = computed[perGroup.indexOf(config)];
  });
  const shared = /* @__PURE__ */ new Map();
  configs.forEach((config, c) => {
    if (!batched[c]) return;
    let entry = shared.get(config.function);
    if (!entry) shared.set(config.function, entry = { grouped: BATCHED_FUNCTIONS[config.function].compute(input), keyed: /* @__PURE__ */ new Map() });
    results[c] = keyedTables(entry, input.keys, config);
  });
  if (perGroup.length < configs.length) options.progress?.(input.keys.length, input.keys.length);
  return { tables: results, groups: input.keys.length };
}
async function withPython(options, compute) {
  if (options.python) return compute(options.python);
  const pool = new PythonPool({ configFolder: options.basePath });
  try {
    return await compute(pool);
  } finally {
    await pool.close();
  }
}
function keyedTables(shared, keys, config) {
  const attrs = { config: structuredClone(featuresDump(config)) };
  const out = {};
  for (const [name, grouped] of Object.entries(shared.grouped)) {
    const id = `${name}\0${config.multi_index}`;
    let table = shared.keyed.get(id);
    if (!table) shared.keyed.set(id, table = ensureDtypes(withGroupKeys(grouped, keys, config.multi_index)));
    out[name + config.suffix] = table.withAttrs(attrs);
  }
  return out;
}
async function computeGroupByGroup(configs, input, options) {
  if (configs.length === 0) return [];
  const { keys, tables } = input;
  const functions = await Promise.all(configs.map((c) => loadFunction(c.function, FEATURE_FUNCTIONS, options.basePath, "feature function")));
  const tableOf = groupTables(input);
  const repo = repoView(tables);
  const parts = configs.map(() => /* @__PURE__ */ new Map());
  for (let k = 0; k < keys.length; k++) {
    const key = keys.row(k);
    const df = tableOf(k, key);
    for (let c = 0; c < configs.length; c++) {
      const config = configs[c];
      const own = c < configs.length - 1 ? df.take(Uint32Array.from({ length: df.length }, (_, i) => i)) : df;
      const output = await callFunction(functions[c], config, { repo, key, df: own, params: structuredClone(config.params) });
      for (const [name, table] of Object.entries(output)) {
        const list = parts[c].get(name + config.suffix) ?? [];
        list.push(withKey(table, key, config.multi_index));
        parts[c].set(name + config.suffix, list);
      }
    }
    options.progress?.(k + 1, keys.length);
  }
  return configs.map((config, c) => {
    const attrs = { config: structuredClone(featuresDump(config)) };
    return Object.fromEntries([...parts[c]].map(([name, list]) => [name, concatGroups(list, attrs)]));
  });
}
function groupTables(input) {
  const { keys, neurons, windows, tables } = input;
  const merged = MergedGroups.build(keys, neurons, windows, tables.report);
  if (merged) return (g) => merged.group(g);
  const lookups = [neurons, windows, tables.report].map((t) => new RowLookup(t, keys.names));
  return (_, key) => {
    const [n, w, r] = lookups.map((lookup) => lookup.table.take(lookup.rowsOf(key)));
    return leftMerge(leftMerge(n, w), r);
  };
}
async function callFunction(func, config, args) {
  let result;
  try {
    result = await guardedCall(() => func(args));
  } catch (error) {
    throw new FeaturesError(`feature function '${config.function}' failed for the group ${describeKey(args.key)}: ${error.message}`);
  }
  try {
    return resultTables(result, config.type, config.name);
  } catch (error) {
    throw new FeaturesError(`feature function '${config.function}', group ${describeKey(args.key)}: ${error.message}`);
  }
}

// src/analysis/log.ts
var QUIET_LOGGER = {
  info: () => {
  },
  warn: (message) => process.emitWarning(message, { code: "BLUEETL" })
};
function stderrLogger(level) {
  const write = (message) => void process.stderr.write(`${message}
`);
  return {
    info: level === "info" || level === "debug" ? write : () => {
    },
    warn: level === "error" ? () => {
    } : (message) => write(`warning: ${message}`)
  };
}

// src/analysis/filtered.ts
var REPO_NAMES = ["simulations", "neurons", "neuron_classes", "windows", "report"];
var RepoAccess = class {
  constructor(name, campaign) {
    this.name = name;
    this.campaign = campaign;
  }
  name;
  campaign;
  names = REPO_NAMES;
  /** Extract every table, in order. */
  async extract() {
    for (const name of REPO_NAMES) await this.table(name);
  }
  /** The five extracted tables. */
  tables() {
    return {
      simulations: this.df("simulations"),
      neurons: this.df("neurons"),
      neuron_classes: this.df("neuron_classes"),
      windows: this.df("windows"),
      report: this.df("report")
    };
  }
  get simulations() {
    return { df: this.df("simulations") };
  }
  get neurons() {
    return new NeuronsView(this.df("neurons"));
  }
  get neuron_classes() {
    return { df: this.df("neuron_classes") };
  }
  get windows() {
    return new WindowsView(this.df("windows"));
  }
  get report() {
    return { df: this.df("report") };
  }
  /** Campaign rows that were not extracted (missing, incomplete or filtered out), indexed by campaign position. */
  async missingSimulations() {
    const simulations = await this.table("simulations");
    const extractedPaths = simulations.column(SIMULATION_PATH);
    const extracted = new Set(Array.from({ length: simulations.length }, (_, i) => extractedPaths.get(i)));
    const paths = this.campaign.column(SIMULATION_PATH);
    const rows = Array.from({ length: this.campaign.length }, (_, i) => i).filter((i) => !extracted.has(paths.get(i)));
    const missing = this.campaign.take(rows);
    return new DataFrame([[UNNAMED_INDEX, numeric("int64", rows)], ...missing.entries()], { index: [UNNAMED_INDEX] });
  }
  get campaignTable() {
    return this.campaign;
  }
  /** The ids of the extracted simulations. */
  get simulationIds() {
    return Array.from(this.df("simulations").column(SIMULATION_ID).values);
  }
};
function restrictToSimulations(name, table, simulations) {
  if (name === "simulations") return table;
  const column = name === "neurons" || name === "neuron_classes" ? CIRCUIT_ID : SIMULATION_ID;
  const ids = new Set(simulations.column(column).values);
  return table.q({ [column]: [...ids] });
}
var FilteredRepository = class extends RepoAccess {
  filtered;
  /** The tables of `parent` with only the simulations matching `query`; `parent` must be extracted. */
  constructor(parent, query) {
    super(parent.name, parent.campaignTable);
    const simulations = parent.df("simulations").q(query);
    const entries = REPO_NAMES.map((n) => [n, restrictToSimulations(n, n === "simulations" ? simulations : parent.df(n), simulations)]);
    this.filtered = Object.fromEntries(entries);
  }
  async table(name) {
    return this.df(name);
  }
  df(name) {
    return this.filtered[name];
  }
  /** The parent owns the readers and the cache. */
  async close() {
  }
};

// src/analysis/repository.ts
import { existsSync as existsSync2, statSync as statSync3 } from "node:fs";

// src/analysis/onset-figures.ts
import { mkdirSync as mkdirSync3, writeFileSync } from "node:fs";
import { join as join4 } from "node:path";
async function writeOnsetFigures(figures, logger) {
  if (figures.length === 0) return;
  const { onsetFigure, svgToPng, toSvg } = await import("./plots.mjs");
  for (const { simulationId, window, folder, diagnostic } of figures) {
    const svg = await toSvg(onsetFigure(diagnostic, `onset_from_spikes: simulation ${simulationId}, window ${window}`));
    const path = join4(folder, `onset_${window.replace(/[^\w.-]/g, "_")}_${simulationId}`);
    mkdirSync3(folder, { recursive: true });
    writeFileSync(`${path}.svg`, svg);
    writeFileSync(`${path}.png`, await svgToPng(svg));
    logger.info(`Figures path: ${path}.svg, .png`);
  }
}

// src/analysis/repository.ts
var Repository = class extends RepoAccess {
  constructor(name, config, context) {
    super(name, context.campaign.table);
    this.config = config;
    this.context = context;
  }
  config;
  context;
  loading = /* @__PURE__ */ new Map();
  extracted = /* @__PURE__ */ new Map();
  /** Tables found in the cache, read on first use. */
  cached = /* @__PURE__ */ new Map();
  readers;
  /** The files the tasks of the report read (in this thread or in others). */
  reportFiles = {};
  /** The table `name`, extracted (with the tables before it) or read from the cache on first use. */
  async table(name) {
    await this.ensure(name);
    return this.df(name);
  }
  /** An extracted table (a cached one is read on first use); an error if it has not been extracted yet. */
  df(name) {
    let table = this.extracted.get(name);
    const read = this.cached.get(name);
    if (!table && read) {
      this.extracted.set(name, table = read());
      this.cached.delete(name);
    }
    if (!table) throw new Error(`the table '${name}' of analysis '${this.name}' has not been extracted: call extractRepo() first`);
    return table;
  }
  /** Extract every table, in order; those in the cache are read when first used. */
  async extract() {
    for (const name of REPO_NAMES) await this.ensure(name);
  }
  isExtracted() {
    return REPO_NAMES.every((n) => this.extracted.has(n) || this.cached.has(n));
  }
  /** Whether every table is in the cache. */
  isCached() {
    return REPO_NAMES.every((n) => this.context.cache.isRepoCached(n));
  }
  /** The simulations with their SONATA readers (opened once per analysis, when first needed). */
  openSimulations() {
    if (!this.readers) {
      const { cache, campaign, logger } = this.context;
      const filter = this.config.simulations_filter;
      const warn = (message) => logger.warn(message);
      this.readers = cache.isRepoCached("simulations") ? extractSimulations(campaign, cache.narrowerFilter ? filter : {}, { cached: cache.loadRepo("simulations"), warn }) : extractSimulations(campaign, filter, { warn });
    }
    return this.readers;
  }
  /** The input files read so far (simulation and circuit configs, nodes, node sets, spikes, reports), as they were when read. */
  async filesRead() {
    const files = {};
    for (const { simulation, circuit } of this.openSimulations().entries.values()) Object.assign(files, simulation.filesRead(), circuit.filesRead());
    return files;
  }
  async close() {
    for (const entry of this.readers?.entries.values() ?? []) await entry.simulation.close();
  }
  /** The table extracted, or found in the cache (then read on first use). */
  ensure(name) {
    let loading = this.loading.get(name);
    if (!loading) this.loading.set(name, loading = this.load(name));
    return loading;
  }
  async load(name) {
    const { cache } = this.context;
    const cached = cache.isRepoCached(name);
    if (cached) {
      this.cached.set(name, () => {
        const started2 = performance.now();
        const table2 = name === "simulations" ? this.openSimulations().table : this.narrowed(name, cache.loadRepo(name));
        return this.logged(name, "read from the cache", table2, started2);
      });
      return;
    }
    const started = performance.now();
    const table = name === "simulations" ? this.openSimulations().table : await this.build(name);
    cache.dumpRepo(name, table, await this.inputsOf(name));
    this.extracted.set(name, this.logged(name, "extracted", table, started));
  }
  /** What a table was built from: the files read so far, and those of the analyses its windows refer to. */
  async inputsOf(name) {
    const files = { ...await this.filesRead(), ...name === "report" ? this.reportFiles : {} };
    if (name !== "windows") return files;
    for (const window of Object.values(this.config.extraction.windows)) {
      const target = typeof window === "string" ? parseWindowReference(window) : void 0;
      if (target) Object.assign(files, await this.context.filesReadOf(target.analysis));
    }
    return files;
  }
  logged(name, how, table, started) {
    const seconds = ((performance.now() - started) / 1e3).toFixed(2);
    this.context.logger.info(`${this.name}: ${name} ${how}: ${table.length} rows in ${seconds} s`);
    return table;
  }
  /** A cached table cut to the simulations (or their circuits) of a narrower filter. */
  narrowed(name, table) {
    if (!this.context.cache.narrowerFilter) return table;
    return restrictToSimulations(name, table, this.df("simulations"));
  }
  /** The report's task of each simulation, on worker threads when the files to read are large enough to pay for them. */
  async runSimulationTasks(simulations, tasks, onPart) {
    const report = this.config.extraction.report;
    const bytes = (entry) => {
      const file = !entry ? void 0 : report.type === "spikes" ? entry.simulation.config.output.spikesFile : entry.simulation.config.report(report.name).fileName;
      return file && existsSync2(file) ? statSync3(file).size : 0;
    };
    const entries = [...simulations.entries.values()];
    const average = entries.reduce((total, entry) => total + bytes(entry), 0) / Math.max(entries.length, 1);
    const executor = this.context.executorFor(tasks.length, average);
    try {
      await executor.map("report-of-simulation", tasks, onPart);
    } finally {
      await executor.close();
    }
  }
  async build(name) {
    const { extraction } = this.config;
    switch (name) {
      case "neurons":
        await this.table("simulations");
        return extractNeurons(this.openSimulations(), extraction.neuron_classes, this.context.random);
      case "neuron_classes":
        return extractNeuronClasses(await this.table("neurons"), extraction.neuron_classes);
      case "windows": {
        await this.table("simulations");
        const { table, onsetFigures } = await extractWindows(this.openSimulations(), {
          windows: extraction.windows,
          trialSteps: extraction.trial_steps,
          random: this.context.random,
          windowsOf: (analysis) => this.context.windowsOf(analysis),
          basePath: this.context.basePath,
          python: this.context.python
        });
        await writeOnsetFigures(onsetFigures, this.context.logger);
        return table;
      }
      case "report": {
        const simulations = this.openSimulations();
        return extractReport(simulations, await this.table("neurons"), await this.table("neuron_classes"), await this.table("windows"), extraction.report, {
          progress: this.context.logger.progress,
          run: (tasks, onPart) => this.runSimulationTasks(simulations, tasks, onPart),
          filesRead: (files) => Object.assign(this.reportFiles, files),
          warn: (message) => this.context.logger.warn(message)
        });
      }
    }
  }
};

// src/analysis/python.ts
import { dirname as dirname3, resolve as resolve2 } from "node:path";
function pythonUses(config) {
  const uses = [];
  for (const single of Object.values(config.analysis)) {
    for (const steps of Object.values(single.extraction.trial_steps)) {
      if (!(steps.function in TRIAL_STEPS_FUNCTIONS) && isPythonName(steps.function)) uses.push({ name: steps.function, what: "trial steps function" });
    }
    for (const features of single.features) {
      if (!(features.function in FEATURE_FUNCTIONS) && isPythonName(features.function)) uses.push({ name: features.function, what: "feature function" });
    }
  }
  return uses;
}
function checkPython(config, basePath) {
  const uses = pythonUses(config);
  return uses.length > 0 ? checkPythonFunctions(uses, basePath) : void 0;
}
function validateConfig(path) {
  const { config } = loadAnalysisConfig(path);
  checkPython(config, dirname3(resolve2(path)));
}

// src/analysis/analyzer.ts
import { existsSync as existsSync3, readFileSync as readFileSync4, statSync as statSync4 } from "node:fs";
import { dirname as dirname4, resolve as resolve3 } from "node:path";

// src/executor/threads.ts
import { Worker as Worker2 } from "node:worker_threads";
var ThreadExecutor = class {
  constructor(workers) {
    this.workers = workers;
  }
  workers;
  threads = [];
  idle = [];
  queue = [];
  running = /* @__PURE__ */ new Map();
  async map(kind, inputs, onResult) {
    const ordered = new InOrder(onResult);
    await Promise.all(
      inputs.map(
        (input, index) => new Promise((resolve4, reject) => {
          this.queue.push({ kind, input, index, done: (output) => resolve4(ordered.add(index, output)), fail: reject });
          this.dispatch();
        })
      )
    );
  }
  async close() {
    await Promise.all(this.threads.map((thread) => thread.terminate()));
    this.threads.length = 0;
    this.idle.length = 0;
  }
  dispatch() {
    while (this.queue.length > 0) {
      const thread = this.idle.pop() ?? (this.threads.length < this.workers ? this.spawn() : void 0);
      if (!thread) return;
      const task = this.queue.shift();
      this.running.set(thread, task);
      thread.postMessage({ kind: task.kind, input: task.input });
    }
  }
  spawn() {
    const here = new URL(".", import.meta.url).pathname;
    const thread = new Worker2(new URL(here.includes("/.bundle/") ? "./executor-worker.mjs" : "./worker.ts", import.meta.url));
    thread.on("message", (message) => {
      const task = this.running.get(thread);
      this.running.delete(thread);
      this.idle.push(thread);
      if (message.error) task.fail(Object.assign(new Error(message.error.message), { name: message.error.name }));
      else task.done(message.output);
      this.dispatch();
    });
    const gone = (error) => {
      const task = this.running.get(thread);
      this.running.delete(thread);
      this.threads.splice(this.threads.indexOf(thread), 1);
      task?.fail(error);
    };
    thread.on("error", gone);
    thread.on("exit", (code) => gone(new Error(`a worker thread stopped (exit code ${code})`)));
    this.threads.push(thread);
    return thread;
  }
};

// src/executor/index.ts
function executorFor(tasks, bytes, jobs = parallelJobs()) {
  const workers = Math.min(jobs, tasks);
  return workers > 1 && bytes >= MIN_TASK_BYTES ? new ThreadExecutor(workers) : new InlineExecutor();
}
var MIN_TASK_BYTES = 16 * 2 ** 20;

// src/analysis/analyzer.ts
var Analyzer = class _Analyzer {
  constructor(name, config, repo, context, features) {
    this.name = name;
    this.config = config;
    this.repo = repo;
    this.context = context;
    this.featuresCollection = features;
  }
  name;
  config;
  repo;
  context;
  featuresCollection;
  /** The input files this analysis has read so far. */
  async repoFilesRead() {
    return this.repo instanceof Repository ? this.repo.filesRead() : {};
  }
  /** Alias of `repo`, as in BlueETL. */
  get extraction() {
    return this.repo;
  }
  async extractRepo() {
    await this.repo.extract();
  }
  /** Compute every features table, or read it from the cache; the repository is extracted first. */
  async calculateFeatures() {
    if (this.featuresCollection) return;
    await this.repo.extract();
    const configs = this.config.features;
    const { cache, basePath, logger } = this.context;
    const checksums = configs.map((c) => featuresChecksum(c, basePath, this.context.python?.files));
    const results = configs.map(
      (config, i) => cache?.isFeaturesCached(checksums[i]) ? this.fromCache(cache, checksums[i], config) : void 0
    );
    const fresh = configs.map((_, i) => i).filter((i) => results[i] === void 0);
    const started = performance.now();
    const tables = fresh.length > 0 ? this.repo.tables() : void 0;
    const options = { basePath, progress: logger.progress, python: this.context.python?.pool, repo: this.name };
    const computed = tables ? await computeFeatures(fresh.map((i) => configs[i]), tables, options) : { tables: [], groups: 0 };
    fresh.forEach((i, k) => results[i] = computed.tables[k]);
    const collection = new FeaturesCollection();
    configs.forEach((config, i) => collection.add(config, results[i]));
    fresh.forEach((i, k) => cache?.dumpFeatures(checksums[i], computed.tables[k]));
    const seconds = ((performance.now() - started) / 1e3).toFixed(2);
    logger.info(`${this.name}: ${configs.length - fresh.length} features configs read from the cache, ${fresh.length} calculated (${computed.groups} groups) in ${seconds} s`);
    await cache?.flush();
    this.featuresCollection = collection;
  }
  /** The Python functions this analysis will call: those of features not in the cache, and of trial steps while windows are not. */
  pythonPending() {
    const { cache, basePath, python } = this.context;
    if (!python) return [];
    const features = this.config.features.filter((c) => python.files.has(c.function) && !cache?.isFeaturesCached(featuresChecksum(c, basePath, python.files)));
    const steps = cache?.isRepoCached("windows") ? [] : Object.values(this.config.extraction.trial_steps).filter((t) => python.files.has(t.function));
    return [...features, ...steps].map((c) => c.function);
  }
  get isCalculated() {
    return this.featuresCollection !== void 0;
  }
  /** The features; an error before `calculateFeatures()`. */
  get features() {
    if (!this.featuresCollection) {
      throw new Error(`the features of analysis '${this.name}' have not been calculated: call calculateFeatures() first`);
    }
    return this.featuresCollection;
  }
  /** The first group of the report by `groupby`, and its rows: to try a feature function on. */
  tryOne(groupby) {
    const report = this.repo.df("report");
    const groups = report.groupBy(groupby);
    if (groups.count === 0) throw new Error(`the report of analysis '${this.name}' has no group by ${groupby.join(", ")}`);
    return { key: groups.key(0), df: groups.group(0) };
  }
  /** Campaign rows that were not extracted: missing, incomplete or filtered out. */
  async missingSimulations() {
    return this.repo.missingSimulations();
  }
  /** The analysis with only the simulations matching `filter` (in memory, never written). */
  async applyFilter(filter) {
    const query = filter && Object.keys(filter).length > 0 ? filter : this.config.simulations_filter_in_memory;
    if (Object.keys(query).length === 0) return this;
    await this.calculateFeatures();
    const repo = new FilteredRepository(this.repo, query);
    const features = new FeaturesCollection();
    for (const config of this.config.features) {
      features.add(config, onlySimulations(this.features.tablesOf(config), repo.simulationIds));
    }
    return new _Analyzer(this.name, this.config, repo, { basePath: this.context.basePath, logger: this.context.logger }, features);
  }
  /** Every table as text, as BlueETL's `show()` prints them. */
  show() {
    const lines = [];
    for (const name of REPO_NAMES) lines.push("~".repeat(80), `Extraction: ${name}`, this.repo.df(name).toString());
    if (this.featuresCollection) {
      for (const name of this.featuresCollection.names) {
        const feature = this.featuresCollection.get(name);
        lines.push("~".repeat(80), `Features: ${name}`, feature.df.toString());
      }
    }
    return lines.join("\n");
  }
  /** Wait until the tables being written to the cache are in place (errors of the writes surface here). */
  async flush() {
    await this.context.cache?.flush();
  }
  async close() {
    await this.repo.close();
    await this.context.cache?.close();
  }
  /** Cached features (read when first used), with the config of this run, cut to the simulations of a narrower filter. */
  fromCache(cache, checksum, config) {
    const attrs = { config: featuresDump(config) };
    const readers = Object.entries(cache.featuresReaders(checksum)).map(([name, read]) => {
      const narrowed = () => cache.narrowerFilter ? onlySimulations({ [name]: read() }, this.repo.simulationIds)[name] : read();
      const reader = () => narrowed().withAttrs(attrs);
      if (!cache.narrowerFilter) reader.head = (rows) => cache.featuresHead(name, rows);
      return [name, reader];
    });
    return Object.fromEntries(readers);
  }
};
function featuresChecksum(config, basePath, pythonFiles) {
  const dump = featuresDump(config);
  const separator = config.function.lastIndexOf(":");
  const python = pythonFiles?.get(config.function);
  if (config.function in FEATURE_FUNCTIONS || separator <= 0 && python === void 0) return checksumJson(dump);
  const module = python === void 0 ? resolve3(basePath, config.function.slice(0, separator)) : python;
  const source = module && existsSync3(module) && statSync4(module).isFile() ? checksumString(readFileSync4(module, "utf8")) : "";
  return checksumJson({ config: dump, source });
}
function pythonContext(config, basePath) {
  const uses = pythonUses(config);
  if (uses.length === 0) return void 0;
  const pool = new PythonPool({ configFolder: basePath });
  pool.prestart([...new Set(uses.map((u) => u.name))]);
  try {
    return { pool, files: checkPythonFunctions(uses, basePath).files };
  } catch (error) {
    void pool.close();
    throw error;
  }
}
function onlySimulations(tables, ids) {
  const entries = Object.entries(tables).map(([name, df]) => {
    if (!df.has(SIMULATION_ID)) throw new Error(`the features '${name}' have no ${SIMULATION_ID}: they cannot be filtered by simulation`);
    return [name, df.q({ [SIMULATION_ID]: ids })];
  });
  return Object.fromEntries(entries);
}
var MultiAnalyzer = class _MultiAnalyzer {
  constructor(config, analyses, python) {
    this.config = config;
    this.python = python;
    this.names = Object.keys(analyses);
    this.analyses = analyses;
    for (const name of this.names) {
      if (!(name in this)) Object.defineProperty(this, name, { get: () => analyses[name], enumerable: false });
    }
  }
  config;
  python;
  names;
  analyses;
  /** Load the config, open (and lock) the cache of each analysis. */
  static fromFile(path, options = {}) {
    const { config, warnings } = loadAnalysisConfig(path, options);
    return _MultiAnalyzer.create(config, warnings, dirname4(resolve3(path)), options);
  }
  /** From a config object whose relative paths are relative to `basePath`. */
  static fromConfig(input, basePath, options = {}) {
    const { config, warnings } = resolveAnalysisConfig(input, basePath, options);
    return _MultiAnalyzer.create(config, warnings, basePath, options);
  }
  static create(config, warnings, basePath, options) {
    const logger = options.logger ?? QUIET_LOGGER;
    for (const warning of warnings) logger.warn(warning);
    const random = new NumpyRandom(options.seed ?? 0);
    const python = pythonContext(config, basePath);
    const analyses = {};
    const campaigns = /* @__PURE__ */ new Map();
    let multi;
    try {
      for (const [name, single] of Object.entries(config.analysis)) {
        let campaign = campaigns.get(single.simulation_campaign);
        if (!campaign) {
          campaign = SimulationCampaign.load(single.simulation_campaign);
          campaigns.set(single.simulation_campaign, campaign);
        }
        const cache = CacheManager.open(single.cache, {
          analysisConfig: analysisDump(single),
          campaign: campaign.toDict(),
          simulationsFilter: single.simulations_filter,
          featuresChecksums: single.features.map((f) => featuresChecksum(f, basePath, python?.files)),
          repoNames: REPO_NAMES
        });
        for (const note of cache.notes) logger.info(`${name}: ${note}`);
        const repo = new Repository(name, single, {
          campaign,
          random,
          cache,
          basePath,
          windowsOf: (other) => multi.windowsOf(other, name),
          filesReadOf: (other) => multi.analysis(other).repoFilesRead(),
          logger,
          python: python?.pool,
          executorFor: options.executorFor ?? ((tasks, bytes) => executorFor(tasks, bytes))
        });
        analyses[name] = new Analyzer(name, single, repo, { basePath, cache, logger, python });
      }
    } catch (error) {
      for (const analyzer of Object.values(analyses)) void analyzer.close();
      void python?.pool.close();
      throw error;
    }
    if (python && Object.values(analyses).every((a) => a.pythonPending().length === 0)) void python.pool.close();
    multi = new _MultiAnalyzer(config, analyses, python?.pool);
    return multi;
  }
  analysis(name) {
    const analyzer = this.analyses[name];
    if (!analyzer) throw new Error(`unknown analysis '${name}' (the config has: ${this.names.join(", ")})`);
    return analyzer;
  }
  async extractRepo() {
    for (const name of this.names) await this.analysis(name).extractRepo();
  }
  async calculateFeatures() {
    for (const name of this.names) await this.analysis(name).calculateFeatures();
  }
  /** Every analysis with only the simulations matching `filter` (the config's in-memory filter by default). */
  async applyFilter(filter) {
    const query = filter && Object.keys(filter).length > 0 ? filter : this.config.simulations_filter_in_memory;
    if (Object.keys(query).length === 0) return this;
    const analyses = {};
    for (const name of this.names) analyses[name] = await this.analysis(name).applyFilter(query);
    return new _MultiAnalyzer(this.config, analyses);
  }
  async flush() {
    for (const name of this.names) await this.analysis(name).flush();
  }
  show() {
    return this.names.map((name) => ["#".repeat(80), `Analysis: ${name}`, this.analysis(name).show()].join("\n")).join("\n");
  }
  /** Close the readers, release the locks of the caches, end the Python workers. */
  async close() {
    for (const name of this.names) await this.analysis(name).close();
    await this.python?.close();
  }
  async [Symbol.asyncDispose]() {
    await this.close();
  }
  windowsOf(analysis, from) {
    if (analysis === from) throw new Error(`analysis '${from}': a window cannot refer to a window of its own analysis`);
    return this.analysis(analysis).repo.table("windows");
  }
};
async function runFromFile(path, options = {}) {
  const logger = options.logger ?? (options.logLevel ? stderrLogger(options.logLevel) : void 0);
  const ma = MultiAnalyzer.fromFile(path, logger ? { ...options, logger } : options);
  try {
    if (options.extract ?? true) await ma.extractRepo();
    if (options.calculate ?? true) await ma.calculateFeatures();
    await ma.flush();
    if (options.show) console.log(ma.show());
  } catch (error) {
    await ma.close();
    throw error;
  }
  return ma;
}

// src/analysis/export.ts
import { mkdirSync as mkdirSync4 } from "node:fs";
import { join as join5 } from "node:path";
async function exportTables(ma, dir, format) {
  const writes = ma.names.flatMap((name) => exportAnalysis(ma.analysis(name), join5(dir, name), format));
  return Promise.all(writes);
}
function exportAnalysis(analyzer, dir, format) {
  const written3 = [];
  const target = new CacheFolder(dir);
  const write = (folder, name, table) => {
    mkdirSync4(join5(dir, folder), { recursive: true });
    const path = target.path(folder, `${name}.${format}`);
    written3.push(writeTable(path, table, format, target).then(() => path));
  };
  for (const name of analyzer.repo.names) write("repo", name, analyzer.repo.df(name));
  if (!analyzer.isCalculated) return written3;
  for (const name of analyzer.features.names) {
    const feature = analyzer.features.get(name);
    write("features", name, feature.df);
    if (feature instanceof ConcatenatedFeatures) {
      write("features", `${name}.params`, feature.params);
      write("features", `${name}.aliases`, feature.aliases);
    }
  }
  return written3;
}

export {
  CacheError,
  readTable,
  writeTable,
  FeaturesError,
  ConcatenatedFeatures,
  Feature,
  FeaturesCollection,
  stderrLogger,
  REPO_NAMES,
  RepoAccess,
  FilteredRepository,
  Repository,
  validateConfig,
  Analyzer,
  MultiAnalyzer,
  runFromFile,
  exportTables
};
