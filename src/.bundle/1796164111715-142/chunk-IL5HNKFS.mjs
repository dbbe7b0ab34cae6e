import { createRequire as __blueetlCreateRequire } from 'node:module'; const require = __blueetlCreateRequire(import.meta.url);

// src/sonata/errors.ts
var SonataError = class extends Error {
  file;
  constructor(message, file) {
    super(file ? `${file}: ${message}` : message);
    this.name = "SonataError";
    this.file = file;
  }
};

// src/sonata/hdf5.ts
import fs, { closeSync, openSync, readSync, statSync } from "node:fs";
import h5wasm, { Module } from "h5wasm/node";
var MAX_READ_BYTES = 256 * 1024 * 1024;
var H5_SIGNATURE = Buffer.from([137, 72, 68, 70, 13, 10, 26, 10]);
var H5T_INTEGER = 0;
var H5T_FLOAT = 1;
var H5T_STRING = 3;
var H5T_ENUM = 8;
var ready;
function h5Ready() {
  ready ??= h5wasm.ready;
  return ready;
}
var openPaths = /* @__PURE__ */ new Map();
var H5File = class _H5File {
  constructor(path, file) {
    this.path = path;
    this.file = file;
  }
  path;
  file;
  closed = false;
  /** Open a file for reading; a missing file, one that is not HDF5, truncated or damaged is a SonataError. */
  static async open(path) {
    await h5Ready();
    checkIsHdf5(path);
    const { result: file, diagnostics } = quietly(() => new h5wasm.File(path, "r"));
    if (file.file_id < 0n) throw new SonataError(describeOpenFailure(diagnostics), path);
    openPaths.set(file.file_id, path);
    return new _H5File(path, file);
  }
  /** The group at `path` ("" or "/" is the root); a missing group is a SonataError. */
  group(path) {
    const entity = path === "" || path === "/" ? this.file : this.get(path);
    if (!(entity instanceof h5wasm.Group)) {
      throw new SonataError(`no group '${path}' in the file`, this.path);
    }
    return entity;
  }
  dataset(path) {
    const entity = this.get(path);
    if (!(entity instanceof h5wasm.Dataset)) {
      throw new SonataError(`no dataset '${path}' in the file`, this.path);
    }
    return entity;
  }
  has(path) {
    return this.get(path) !== null;
  }
  isGroup(path) {
    return this.get(path) instanceof h5wasm.Group;
  }
  /** An object of the file; libhdf5's diagnostics of a damaged file become an error naming it. */
  get(path) {
    const { result, diagnostics } = quietly(() => this.file.get(path));
    if (diagnostics) throw new SonataError(`'${path}' cannot be read: ${deepestError(diagnostics)} (is the file damaged?)`, this.path);
    return result;
  }
  /** Names of the members of a group, in the file's order (alphabetical for most writers). */
  keys(path) {
    return this.group(path).keys();
  }
  /** Close the file; closing twice is harmless. */
  close() {
    if (this.closed) return;
    this.closed = true;
    openPaths.delete(this.file.file_id);
    this.file.close();
  }
};
function checkIsHdf5(path) {
  let size;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new SonataError("not a file", path);
    size = stat.size;
  } catch (error) {
    if (error instanceof SonataError) throw error;
    throw new SonataError("file not found", path);
  }
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(8);
    for (let offset = 0; offset + 8 <= size; offset = offset === 0 ? 512 : offset * 2) {
      readSync(fd, buffer, 0, 8, offset);
      if (buffer.equals(H5_SIGNATURE)) return;
    }
  } finally {
    closeSync(fd);
  }
  throw new SonataError("not an HDF5 file", path);
}
function quietly(call) {
  const write = fs.writeSync;
  let printed = "";
  fs.writeSync = ((fd, buffer, offset, length2, ...rest) => {
    if (fd !== 2) return write(fd, buffer, offset, length2, ...rest);
    const text = typeof buffer === "string" ? buffer : Buffer.from(buffer.buffer, buffer.byteOffset + (offset ?? 0), length2 ?? buffer.byteLength).toString();
    printed += text;
    return typeof buffer === "string" ? Buffer.byteLength(buffer) : length2 ?? buffer.byteLength;
  });
  try {
    return { result: call(), diagnostics: printed };
  } finally {
    fs.writeSync = write;
  }
}
function deepestError(diagnostics) {
  const lines = diagnostics.split("\n").filter((l) => /^\s*#\d+:/.test(l));
  const last = lines[lines.length - 1] ?? "";
  return last.replace(/^.*?\(\): /, "").trim() || "libhdf5 reported an error";
}
function describeOpenFailure(diagnostics) {
  const deepest = deepestError(diagnostics);
  const truncated = /truncated file: eof = (\d+).*stored_eof = (\d+)/.exec(deepest);
  if (truncated) return `the HDF5 file is truncated: it has ${truncated[1]} bytes, its superblock says ${truncated[2]} (a copy or a write that did not finish?)`;
  return `HDF5 cannot open the file: ${deepest}`;
}
function length(dataset) {
  const shape = dataset.shape;
  return shape && shape.length > 0 ? shape[0] ?? 0 : 0;
}
function isStringDataset(dataset) {
  return dataset.metadata.type === H5T_STRING;
}
function isFloatDataset(dataset) {
  return dataset.metadata.type === H5T_FLOAT;
}
function isIntegerDataset(dataset) {
  return dataset.metadata.type === H5T_INTEGER;
}
function isEnumDataset(dataset) {
  return dataset.metadata.type === H5T_ENUM;
}
function rowsPerRead(dataset, rowElements = 1) {
  const itemSize = Math.max(dataset.metadata.size, 1);
  return Math.max(1, Math.floor(MAX_READ_BYTES / (itemSize * rowElements)));
}
function readNumeric(dataset, start = 0, stop = length(dataset)) {
  const step = rowsPerRead(dataset);
  if (stop - start <= step) return sliceNumeric(dataset, start, stop);
  let out;
  for (let from = start; from < stop; from += step) {
    const to = Math.min(stop, from + step);
    const part = sliceNumeric(dataset, from, to);
    out ??= allocLike(part, stop - start);
    out.set(part, from - start);
  }
  return out;
}
function readStrings(dataset, start = 0, stop = length(dataset)) {
  if (stop <= start) return [];
  const value = quietRead(dataset, () => dataset.slice([[start, stop]]));
  if (!Array.isArray(value)) {
    throw new SonataError(`dataset '${dataset.path}' does not hold strings`);
  }
  return value;
}
function quietRead(dataset, call) {
  const { result, diagnostics } = quietly(call);
  if (diagnostics) throw new SonataError(`could not read dataset '${dataset.path}': ${deepestError(diagnostics)} (is the file damaged?)`, openPaths.get(dataset.file_id));
  return result;
}
function sliceNumeric(dataset, start, stop) {
  if (stop <= start) return emptyLike(dataset);
  const value = quietRead(dataset, () => dataset.slice([[start, stop]]));
  if (!ArrayBuffer.isView(value)) {
    throw new SonataError(`dataset '${dataset.path}' is not numeric`);
  }
  return value;
}
function readBlock(dataset, rowStart, rowStop, rowStride, colStart, colStop) {
  const value = quietRead(
    dataset,
    () => dataset.slice([
      [rowStart, rowStop, rowStride],
      [colStart, colStop]
    ])
  );
  if (!ArrayBuffer.isView(value)) {
    throw new SonataError(`dataset '${dataset.path}' is not numeric`);
  }
  return value;
}
function readRaw(dataset, offset, count, stride, use) {
  const elements = count.reduce((a, b) => a * b, 1);
  const nbytes = elements * dataset.metadata.size;
  if (nbytes === 0) return use(new ArrayBuffer(0), 0);
  const ptr = scratch(nbytes);
  const status = quietRead(
    dataset,
    () => Module.get_dataset_data(dataset.file_id, dataset.path, count.map(BigInt), offset.map(BigInt), stride.map(BigInt), BigInt(ptr))
  );
  if (status < 0) throw new SonataError(`could not read dataset '${dataset.path}'`, openPaths.get(dataset.file_id));
  return use(Module.HEAPU8.buffer, ptr);
}
var scratchPtr = 0;
var scratchSize = 0;
function scratch(nbytes) {
  if (nbytes > scratchSize) {
    if (scratchPtr) Module._free(scratchPtr);
    scratchSize = Math.max(nbytes, 1 << 20);
    scratchPtr = Module._malloc(scratchSize);
    if (!scratchPtr) throw new SonataError(`could not allocate ${scratchSize} bytes in the HDF5 heap`);
  }
  return scratchPtr;
}
var PIECE = 1 << 16;
function visitFloat64(dataset, start, stop, visit) {
  const pieces = (values, row) => {
    for (let at = 0; at < values.length; at += PIECE) {
      if (visit(values.subarray(at, at + PIECE), row + at) === false) return false;
    }
    return true;
  };
  const step = rowsPerRead(dataset);
  for (let from = start; from < stop; from += step) {
    const to = Math.min(stop, from + step);
    const more = isFloatDataset(dataset) && dataset.metadata.size === 8 ? readRaw(dataset, [from], [to - from], [1], (bytes, at) => pieces(new Float64Array(bytes, at, to - from), from)) : pieces(toFloat64(readNumeric(dataset, from, to)), from);
    if (!more) return;
  }
}
function readFloat64Into(dataset, start, stop, target) {
  let finite = true;
  visitFloat64(dataset, start, stop, (values, row) => {
    if (finite && !allFinite(values)) finite = false;
    target.set(values, row - start);
  });
  return finite ? -1 : firstNonFinite(target.subarray(0, stop - start));
}
function firstNonFinite(values) {
  return allFinite(values) ? -1 : values.findIndex((v) => v - v !== 0);
}
function allFinite(values) {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  const n = values.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    a += values[i] * 0;
    b += values[i + 1] * 0;
    c += values[i + 2] * 0;
    d += values[i + 3] * 0;
  }
  for (; i < n; i++) a += values[i] * 0;
  return a + b + c + d === 0;
}
function readNodeIdsInto(dataset, start, stop, target, what) {
  if (!isIntegerDataset(dataset) || dataset.metadata.size !== 8) {
    toNodeIds(readNumeric(dataset, start, stop), what, target);
    return;
  }
  const step = rowsPerRead(dataset);
  for (let from = start; from < stop; from += step) {
    const to = Math.min(stop, from + step);
    readRaw(dataset, [from], [to - from], [1], (bytes, at) => {
      const words = new Uint32Array(bytes, at, 2 * (to - from));
      let high = 0;
      for (let i = 0, j = 0, k = from - start; j < words.length; i++, j += 2, k++) {
        target[k] = words[j];
        high |= words[j + 1];
      }
      if (high !== 0) throw new SonataError(`${what}: node ids must be in [0, 2^32)`);
    });
  }
}
function rowsPerBlockRead(dataset, columns) {
  return rowsPerRead(dataset, Math.max(columns, 1));
}
function emptyLike(dataset) {
  const { type, size, signed } = dataset.metadata;
  if (type === H5T_FLOAT) return size === 4 ? new Float32Array(0) : new Float64Array(0);
  if (size === 8) return signed ? new BigInt64Array(0) : new BigUint64Array(0);
  if (size === 4) return signed ? new Int32Array(0) : new Uint32Array(0);
  if (size === 2) return signed ? new Int16Array(0) : new Uint16Array(0);
  return signed ? new Int8Array(0) : new Uint8Array(0);
}
function allocLike(sample, n) {
  const Ctor = sample.constructor;
  return new Ctor(n);
}
function attribute(object, name) {
  const { result, diagnostics } = quietly(() => {
    const attrs = object.attrs;
    return name in attrs ? attrs[name]?.value : void 0;
  });
  if (diagnostics) throw new SonataError(`attribute '${name}' of '${object.path}' cannot be read: ${deepestError(diagnostics)} (is the file damaged?)`, openPaths.get(object.file_id));
  return result;
}
function toNodeIds(values, what, target) {
  if (values instanceof Uint32Array && !target) return values;
  const out = target ?? new Uint32Array(values.length);
  if (values instanceof BigUint64Array || values instanceof BigInt64Array) {
    const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
    let high = 0;
    for (let i = 0, j = 0; i < values.length; i++, j += 2) {
      out[i] = words[j];
      high |= words[j + 1];
    }
    if (high !== 0) throw new SonataError(`${what}: node ids must be in [0, 2^32)`);
    return out;
  }
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (v < 0) throw new SonataError(`${what}: negative node id ${v}`);
    if (!Number.isInteger(v) || v > 4294967295) throw new SonataError(`${what}: node id ${v} at ${i} is not an integer in [0, 2^32)`);
    out[i] = v;
  }
  return out;
}
function toFloat64(values) {
  if (values instanceof Float64Array) return values;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number(values[i]);
  return out;
}

export {
  SonataError,
  h5Ready,
  H5File,
  length,
  isStringDataset,
  isFloatDataset,
  isIntegerDataset,
  isEnumDataset,
  readNumeric,
  readStrings,
  readBlock,
  visitFloat64,
  readFloat64Into,
  firstNonFinite,
  readNodeIdsInto,
  rowsPerBlockRead,
  attribute,
  toNodeIds,
  toFloat64
};
