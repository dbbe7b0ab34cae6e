/**
 * The only module that talks to h5wasm: opening files with clear errors, typed access to groups,
 * datasets and attributes, and reads cut into slices small enough for the wasm heap. `#h5wasm`
 * is h5wasm's Node build under Node (files read where they are), its browser build elsewhere
 * (files opened from their bytes), by the `imports` of package.json.
 */
import type { Dataset, File as RawFile, Group } from "h5wasm";
import { SonataError } from "./errors.ts";
import { nodeFs, nodeFsIfAny } from "./node.ts";

export type { Dataset, Group };

export type NumericArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** h5wasm copies every read through its heap, capped at 2 GiB: no single read may exceed this. */
export const MAX_READ_BYTES = 256 * 1024 * 1024;

const H5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const H5T_STRING = 3;
const H5T_ENUM = 8;

type H5wasm = typeof import("#h5wasm");
/** h5wasm, imported when a file is first opened: a run that reads no HDF5 file never loads it (0.1 s). */
let h5wasm: H5wasm["default"];
let Module: H5wasm["Module"];
let FS: H5wasm["FS"];
let ready: Promise<H5wasm["default"]> | undefined;

/** Resolves with h5wasm when its wasm module is loaded; every other function here needs it. */
export function h5Ready(): Promise<H5wasm["default"]> {
  ready ??= import("#h5wasm").then(async (loaded) => {
    await loaded.default.ready;
    ({ default: h5wasm, Module, FS } = loaded);
    return h5wasm;
  });
  return ready;
}

/** h5wasm, once `h5Ready()` has resolved. */
export function loadedH5wasm(): H5wasm["default"] {
  if (!h5wasm) throw new Error("h5wasm is not loaded: await h5Ready() first");
  return h5wasm;
}

/** The path of each open file, by file id: for the messages of errors met deep in a read. */
const openPaths = new Map<bigint, string>();
let fromBytes = 0;

/** An open HDF5 file, read-only. */
export class H5File {
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly file: RawFile,
    /** The copy in h5wasm's in-memory file system of a file opened from its bytes. */
    private readonly inMemory?: string,
  ) {}

  /** Open a file for reading; a missing file, one that is not HDF5, truncated or damaged is a SonataError. */
  static async open(path: string): Promise<H5File> {
    await h5Ready();
    checkIsHdf5(path);
    const { result: file, diagnostics } = quietly(() => new h5wasm.File(path, "r"));
    if (file.file_id < 0n) throw new SonataError(describeOpenFailure(diagnostics), path);
    openPaths.set(file.file_id, path);
    return new H5File(path, file);
  }

  /**
   * Open the bytes of a file (a browser's File, a fetched file...), named `name` in errors. They
   * are copied into h5wasm's in-memory file system until the file is closed.
   */
  static async fromBytes(bytes: Uint8Array, name: string): Promise<H5File> {
    await h5Ready();
    if (!hasSignature((offset) => bytes.subarray(offset, offset + 8), bytes.length)) throw new SonataError("not an HDF5 file", name);
    const path = `/blueetl-${++fromBytes}.h5`;
    FS!.writeFile(path, bytes);
    const { result: file, diagnostics } = quietly(() => new h5wasm.File(path, "r"));
    if (file.file_id < 0n) {
      FS!.unlink(path);
      throw new SonataError(describeOpenFailure(diagnostics), name);
    }
    openPaths.set(file.file_id, name);
    return new H5File(name, file, path);
  }

  /** The group at `path` ("" or "/" is the root); a missing group is a SonataError. */
  group(path: string): Group {
    const entity = path === "" || path === "/" ? this.file : this.get(path);
    if (!(entity instanceof h5wasm.Group)) {
      throw new SonataError(`no group '${path}' in the file`, this.path);
    }
    return entity;
  }

  dataset(path: string): Dataset {
    const entity = this.get(path);
    if (!(entity instanceof h5wasm.Dataset)) {
      throw new SonataError(`no dataset '${path}' in the file`, this.path);
    }
    return entity;
  }

  has(path: string): boolean {
    return this.get(path) !== null;
  }

  isGroup(path: string): boolean {
    return this.get(path) instanceof h5wasm.Group;
  }

  /** An object of the file; libhdf5's diagnostics of a damaged file become an error naming it. */
  private get(path: string): ReturnType<RawFile["get"]> {
    const { result, diagnostics } = quietly(() => this.file.get(path));
    if (diagnostics) throw new SonataError(`'${path}' cannot be read: ${deepestError(diagnostics)} (is the file damaged?)`, this.path);
    return result;
  }

  /** Names of the members of a group, in the file's order (alphabetical for most writers). */
  keys(path: string): string[] {
    return this.group(path).keys();
  }

  /** Close the file; closing twice is harmless. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    openPaths.delete(this.file.file_id);
    this.file.close();
    if (this.inMemory) FS!.unlink(this.inMemory);
  }
}

function checkIsHdf5(path: string): void {
  const fs = nodeFs();
  let size: number;
  try {
    const stat = fs.statSync(path);
    if (!stat.isFile()) throw new SonataError("not a file", path);
    size = stat.size;
  } catch (error) {
    if (error instanceof SonataError) throw error;
    throw new SonataError("file not found", path);
  }
  const fd = fs.openSync(path, "r");
  try {
    const buffer = new Uint8Array(8);
    const found = hasSignature((offset) => (fs.readSync(fd, buffer, 0, 8, offset), buffer), size);
    if (!found) throw new SonataError("not an HDF5 file", path);
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether the HDF5 signature is at 0 or, after a user block, at 512, 1024, 2048... */
function hasSignature(read: (offset: number) => Uint8Array, size: number): boolean {
  for (let offset = 0; offset + 8 <= size; offset = offset === 0 ? 512 : offset * 2) {
    const bytes = read(offset);
    if (H5_SIGNATURE.every((b, i) => bytes[i] === b)) return true;
  }
  return false;
}

/**
 * Run an h5wasm call with libhdf5's error stack kept from stderr (HDF5-DIAG: dozens of lines for
 * one damaged file); what it printed is returned, to be told in a single message.
 */
function quietly<T>(call: () => T): { result: T; diagnostics: string } {
  const fs = nodeFsIfAny();
  if (!fs) return { result: call(), diagnostics: "" }; // a browser: libhdf5 prints to the console
  const write = fs.writeSync;
  let printed = "";
  // h5wasm's file system writes fd 2 through fs.writeSync (Emscripten's NODERAWFS).
  fs.writeSync = ((fd: number, buffer: Uint8Array | string, offset?: number, length?: number, ...rest: unknown[]) => {
    if (fd !== 2) return (write as (...args: unknown[]) => number)(fd, buffer, offset, length, ...rest);
    const text = typeof buffer === "string" ? buffer : Buffer.from(buffer.buffer, buffer.byteOffset + (offset ?? 0), length ?? buffer.byteLength).toString();
    printed += text;
    return typeof buffer === "string" ? Buffer.byteLength(buffer) : (length ?? buffer.byteLength);
  }) as typeof fs.writeSync;
  try {
    return { result: call(), diagnostics: printed };
  } finally {
    fs.writeSync = write;
  }
}

/** The innermost message of an HDF5-DIAG error stack (`#006: ... in H5F__super_read(): truncated file: ...`). */
function deepestError(diagnostics: string): string {
  const lines = diagnostics.split("\n").filter((l) => /^\s*#\d+:/.test(l));
  const last = lines[lines.length - 1] ?? "";
  return last.replace(/^.*?\(\): /, "").trim() || "libhdf5 reported an error";
}

function describeOpenFailure(diagnostics: string): string {
  const deepest = deepestError(diagnostics);
  const truncated = /truncated file: eof = (\d+).*stored_eof = (\d+)/.exec(deepest);
  if (truncated) return `the HDF5 file is truncated: it has ${truncated[1]} bytes, its superblock says ${truncated[2]} (a copy or a write that did not finish?)`;
  return `HDF5 cannot open the file: ${deepest}`;
}

/** Length of a 1-D dataset (0 for an empty or null dataspace). */
export function length(dataset: Dataset): number {
  const shape = dataset.shape;
  return shape && shape.length > 0 ? (shape[0] ?? 0) : 0;
}

export function isStringDataset(dataset: Dataset): boolean {
  return dataset.metadata.type === H5T_STRING;
}

export function isFloatDataset(dataset: Dataset): boolean {
  return dataset.metadata.type === H5T_FLOAT;
}

export function isIntegerDataset(dataset: Dataset): boolean {
  return dataset.metadata.type === H5T_INTEGER;
}

export function isEnumDataset(dataset: Dataset): boolean {
  return dataset.metadata.type === H5T_ENUM;
}

/** Elements of `dataset` that one read may fetch, given the bytes of one row. */
function rowsPerRead(dataset: Dataset, rowElements = 1): number {
  const itemSize = Math.max(dataset.metadata.size, 1);
  return Math.max(1, Math.floor(MAX_READ_BYTES / (itemSize * rowElements)));
}

/** Rows [start, stop) of a 1-D numeric dataset, read in slices that fit the wasm heap. */
export function readNumeric(dataset: Dataset, start = 0, stop = length(dataset)): NumericArray {
  const step = rowsPerRead(dataset);
  if (stop - start <= step) return sliceNumeric(dataset, start, stop);
  let out: NumericArray | undefined;
  for (let from = start; from < stop; from += step) {
    const to = Math.min(stop, from + step);
    const part = sliceNumeric(dataset, from, to);
    out ??= allocLike(part, stop - start);
    out.set(part as never, from - start);
  }
  return out as NumericArray;
}

/** Rows [start, stop) of a 1-D string dataset. */
export function readStrings(dataset: Dataset, start = 0, stop = length(dataset)): string[] {
  if (stop <= start) return [];
  const value = quietRead(dataset, () => dataset.slice([[start, stop]]));
  if (!Array.isArray(value)) {
    throw new SonataError(`dataset '${dataset.path}' does not hold strings`);
  }
  return value as string[];
}

/** A read of `dataset`, its HDF5 diagnostics (a damaged file) turned into one error. */
function quietRead<T>(dataset: Dataset, call: () => T): T {
  const { result, diagnostics } = quietly(call);
  if (diagnostics) throw new SonataError(`could not read dataset '${dataset.path}': ${deepestError(diagnostics)} (is the file damaged?)`, openPaths.get(dataset.file_id));
  return result;
}

function sliceNumeric(dataset: Dataset, start: number, stop: number): NumericArray {
  if (stop <= start) return emptyLike(dataset);
  const value = quietRead(dataset, () => dataset.slice([[start, stop]]));
  if (!ArrayBuffer.isView(value)) {
    throw new SonataError(`dataset '${dataset.path}' is not numeric`);
  }
  return value as NumericArray;
}

/**
 * A 2-D hyperslab: rows [rowStart, rowStop) taken every `rowStride`, columns [colStart, colStop).
 * Returned row-major.
 */
export function readBlock(
  dataset: Dataset,
  rowStart: number,
  rowStop: number,
  rowStride: number,
  colStart: number,
  colStop: number,
): NumericArray {
  const value = quietRead(dataset, () =>
    dataset.slice([
      [rowStart, rowStop, rowStride],
      [colStart, colStop],
    ]),
  );
  if (!ArrayBuffer.isView(value)) {
    throw new SonataError(`dataset '${dataset.path}' is not numeric`);
  }
  return value as NumericArray;
}

/**
 * Read a hyperslab into a scratch buffer of the wasm heap and hand its bytes to `use`, which must
 * copy what it keeps: h5wasm's own `slice` copies the bytes out once more before we can.
 */
export function readRaw<T>(
  dataset: Dataset,
  offset: number[],
  count: number[],
  stride: number[],
  use: (bytes: ArrayBuffer, byteOffset: number) => T,
): T {
  const elements = count.reduce((a, b) => a * b, 1);
  const nbytes = elements * dataset.metadata.size;
  if (nbytes === 0) return use(new ArrayBuffer(0), 0);
  const ptr = scratch(nbytes);
  const status = quietRead(dataset, () =>
    Module.get_dataset_data(dataset.file_id, dataset.path, count.map(BigInt), offset.map(BigInt), stride.map(BigInt), BigInt(ptr)),
  );
  if (status < 0) throw new SonataError(`could not read dataset '${dataset.path}'`, openPaths.get(dataset.file_id));
  return use(Module.HEAPU8.buffer as ArrayBuffer, ptr);
}

let scratchPtr = 0;
let scratchSize = 0;

/** A wasm heap buffer of at least `nbytes`, reused from read to read. */
function scratch(nbytes: number): number {
  if (nbytes > scratchSize) {
    if (scratchPtr) Module._free(scratchPtr);
    scratchSize = Math.max(nbytes, 1 << 20);
    scratchPtr = Module._malloc(scratchSize);
    if (!scratchPtr) throw new SonataError(`could not allocate ${scratchSize} bytes in the HDF5 heap`);
  }
  return scratchPtr;
}

/** Values are handed over in pieces that stay in the CPU's cache while they are checked and copied. */
const PIECE = 1 << 16;

/**
 * Rows [start, stop) of a float64 dataset, handed to `visit` piece by piece as views of the read
 * buffer (valid during the call only: copy what is kept), with the row of each piece's first
 * value; stops when `visit` returns false.
 */
export function visitFloat64(dataset: Dataset, start: number, stop: number, visit: (values: Float64Array, row: number) => boolean | void): void {
  const pieces = (values: Float64Array, row: number) => {
    for (let at = 0; at < values.length; at += PIECE) {
      if (visit(values.subarray(at, at + PIECE), row + at) === false) return false;
    }
    return true;
  };
  const step = rowsPerRead(dataset);
  for (let from = start; from < stop; from += step) {
    const to = Math.min(stop, from + step);
    const more = isFloatDataset(dataset) && dataset.metadata.size === 8
      ? readRaw(dataset, [from], [to - from], [1], (bytes, at) => pieces(new Float64Array(bytes, at, to - from), from))
      : pieces(toFloat64(readNumeric(dataset, from, to)), from);
    if (!more) return;
  }
}

/**
 * Rows [start, stop) of a float64 dataset copied into `target` (one copy, no temporary), checked
 * finite on the way: the index (from `start`) of the first NaN or infinite value, or -1.
 */
export function readFloat64Into(dataset: Dataset, start: number, stop: number, target: Float64Array): number {
  let finite = true;
  visitFloat64(dataset, start, stop, (values, row) => {
    if (finite && !allFinite(values)) finite = false;
    target.set(values, row - start);
  });
  return finite ? -1 : firstNonFinite(target.subarray(0, stop - start));
}

/** The index of the first NaN or infinite value, or -1. */
export function firstNonFinite(values: Float64Array): number {
  return allFinite(values) ? -1 : values.findIndex((v) => v - v !== 0);
}

/**
 * Whether every value is finite: v * 0 is NaN for NaN and infinities, 0 otherwise, summed in four
 * chains without a branch (a third of the time of a test per value).
 */
function allFinite(values: Float64Array): boolean {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  const n = values.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    a += values[i]! * 0;
    b += values[i + 1]! * 0;
    c += values[i + 2]! * 0;
    d += values[i + 3]! * 0;
  }
  for (; i < n; i++) a += values[i]! * 0;
  return a + b + c + d === 0;
}

/** Node ids of rows [start, stop) of a uint64 (or other integer) dataset, into `target`. */
export function readNodeIdsInto(dataset: Dataset, start: number, stop: number, target: Uint32Array, what: string): void {
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
        target[k] = words[j]!;
        high |= words[j + 1]!;
      }
      if (high !== 0) throw new SonataError(`${what}: node ids must be in [0, 2^32)`);
    });
  }
}

/** Rows that one 2-D read of `columns` columns may fetch. */
export function rowsPerBlockRead(dataset: Dataset, columns: number): number {
  return rowsPerRead(dataset, Math.max(columns, 1));
}

function emptyLike(dataset: Dataset): NumericArray {
  const { type, size, signed } = dataset.metadata;
  if (type === H5T_FLOAT) return size === 4 ? new Float32Array(0) : new Float64Array(0);
  if (size === 8) return signed ? new BigInt64Array(0) : new BigUint64Array(0);
  if (size === 4) return signed ? new Int32Array(0) : new Uint32Array(0);
  if (size === 2) return signed ? new Int16Array(0) : new Uint16Array(0);
  return signed ? new Int8Array(0) : new Uint8Array(0);
}

function allocLike(sample: NumericArray, n: number): NumericArray {
  const Ctor = sample.constructor as new (n: number) => NumericArray;
  return new Ctor(n);
}

/** The value of an attribute, or undefined when absent. */
export function attribute(object: Group | Dataset, name: string): unknown {
  const { result, diagnostics } = quietly(() => {
    const attrs = object.attrs;
    return name in attrs ? attrs[name]?.value : undefined;
  });
  if (diagnostics) throw new SonataError(`attribute '${name}' of '${object.path}' cannot be read: ${deepestError(diagnostics)} (is the file damaged?)`, openPaths.get(object.file_id));
  return result;
}

export function hasAttribute(object: Group | Dataset, name: string): boolean {
  return name in object.attrs;
}

/**
 * Node ids as Uint32Array (written into `target` when given). SONATA stores them as uint64; ids
 * above 2^32 - 1 would need a population of 4 billion nodes, so they are refused, not truncated.
 */
export function toNodeIds(values: NumericArray, what: string, target?: Uint32Array): Uint32Array {
  if (values instanceof Uint32Array && !target) return values;
  const out = target ?? new Uint32Array(values.length);
  if (values instanceof BigUint64Array || values instanceof BigInt64Array) {
    const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
    let high = 0;
    for (let i = 0, j = 0; i < values.length; i++, j += 2) {
      out[i] = words[j]!;
      high |= words[j + 1]!;
    }
    if (high !== 0) throw new SonataError(`${what}: node ids must be in [0, 2^32)`);
    return out;
  }
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (v < 0) throw new SonataError(`${what}: negative node id ${v}`);
    if (!Number.isInteger(v) || v > 0xffffffff) throw new SonataError(`${what}: node id ${v} at ${i} is not an integer in [0, 2^32)`);
    out[i] = v;
  }
  return out;
}

/** Any numeric array as Float64Array (no copy when it already is one). */
export function toFloat64(values: NumericArray): Float64Array {
  if (values instanceof Float64Array) return values;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number(values[i]);
  return out;
}
