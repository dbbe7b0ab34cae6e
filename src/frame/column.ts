/**
 * Columns: typed arrays with the pandas dtype they stand for. int64 values are kept in a
 * Float64Array (exact below 2^53) so that kernels work on plain numbers; they become int64 again
 * when written. A categorical column is int32 codes into sorted string categories, -1 for NaN.
 */

import { columnArray } from "./shared.ts";

export type NumericDType =
  | "bool"
  | "int8"
  | "int16"
  | "int32"
  | "int64"
  | "uint8"
  | "uint16"
  | "uint32"
  | "float32"
  | "float64";
export type DType = NumericDType | "category" | "object" | "list";

/** The typed array holding the values of each numeric dtype (int64 as float64, bool as 0 and 1). */
export interface NumericArrays {
  bool: Uint8Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  int64: Float64Array;
  uint8: Uint8Array;
  uint16: Uint16Array;
  uint32: Uint32Array;
  float32: Float32Array;
  float64: Float64Array;
}

/** The values of a numeric column of dtype `D`; of any numeric column when `D` is not known. */
export type NumericValues<D extends NumericDType = NumericDType> = NumericArrays[D];

/** A cell value as seen from JavaScript. */
export type Value = number | string | boolean | null | readonly number[] | unknown;

export abstract class Column {
  abstract readonly dtype: DType;
  abstract readonly length: number;
  /** The value at row `i` (null for NaN in categorical and object columns). */
  abstract get(i: number): Value;
  /** The rows at `rows`, in that order. */
  abstract take(rows: ArrayLike<number>): Column;
  /** The rows [start, end), sharing this column's memory where it can. */
  abstract slice(start: number, end: number): Column;
}

/** The typed array of each dtype (int64 held as float64). */
export const NUMERIC_ARRAYS: { [D in NumericDType]: new (n: number) => NumericArrays[D] } = {
  bool: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: Float64Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
};

/**
 * Numbers of one dtype in a typed array. `NumericColumn<"float64">` has a `Float64Array` of
 * values, `NumericColumn<"int16">` an `Int16Array`...; a plain `NumericColumn`, any of them.
 */
export class NumericColumn<D extends NumericDType = NumericDType> extends Column {
  constructor(
    readonly dtype: D,
    readonly values: NumericValues<D>,
  ) {
    super();
  }

  get length(): number {
    return this.values.length;
  }

  get(i: number): number | boolean {
    const v = this.values[i]!;
    return this.dtype === "bool" ? v !== 0 : v;
  }

  take(rows: ArrayLike<number>): NumericColumn<D> {
    const out = columnArray(NUMERIC_ARRAYS[this.dtype] as new (n: number) => NumericValues<D>, rows.length);
    const values = this.values;
    for (let i = 0; i < rows.length; i++) out[i] = values[rows[i]!]!;
    return new NumericColumn(this.dtype, out);
  }

  slice(start: number, end: number): NumericColumn<D> {
    return new NumericColumn(this.dtype, this.values.subarray(start, end) as NumericValues<D>);
  }

  /** Whether the column is of dtype `dtype` (and its values typed so). */
  is<T extends NumericDType>(dtype: T): this is NumericColumn<T> {
    return (this.dtype as NumericDType) === dtype;
  }

  get isInteger(): boolean {
    return this.dtype !== "float32" && this.dtype !== "float64";
  }
}

/** Category codes, -1 where missing: as pandas, int8 below 128 categories, int16 below 32768, else int32. */
export type Codes = Int8Array | Int16Array | Int32Array;

/** The array type of the codes of a column of `categories` categories. */
export function codesType(categories: number): { new (length: number): Codes; BYTES_PER_ELEMENT: number } {
  return categories < 0x80 ? Int8Array : categories < 0x8000 ? Int16Array : Int32Array;
}

/** Codes for `length` rows of a column of `categories` categories (zeros). */
export function codesArray(categories: number, length: number): Codes {
  return columnArray(codesType(categories), length);
}

/** The codes in the narrowest array for `categories` categories: the same array when it already is. */
export function narrowCodes(codes: Codes, categories: number): Codes {
  if (codesArray(categories, 0).BYTES_PER_ELEMENT >= codes.BYTES_PER_ELEMENT) return codes;
  const narrow = codesArray(categories, codes.length);
  narrow.set(codes);
  return narrow;
}

export class CategoricalColumn extends Column {
  readonly dtype = "category";

  constructor(
    readonly codes: Codes,
    readonly categories: readonly string[],
  ) {
    super();
  }

  get length(): number {
    return this.codes.length;
  }

  get(i: number): string | null {
    const code = this.codes[i]!;
    return code < 0 ? null : this.categories[code]!;
  }

  take(rows: ArrayLike<number>): CategoricalColumn {
    const out = codesArray(this.categories.length, rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.codes[rows[i]!]!;
    return new CategoricalColumn(out, this.categories);
  }

  slice(start: number, end: number): CategoricalColumn {
    return new CategoricalColumn(this.codes.subarray(start, end), this.categories);
  }

  /** The same values with only the categories that occur, sorted (what pandas' astype gives). */
  compact(): CategoricalColumn {
    const used = new Uint8Array(this.categories.length);
    const source = this.codes;
    for (let i = 0; i < source.length; i++) if (source[i]! >= 0) used[source[i]!] = 1;
    const kept = this.categories.map((c, i) => [c, i] as const).filter(([, i]) => used[i]);
    kept.sort(([a], [b]) => compareStrings(a, b));
    const remap = new Int32Array(this.categories.length).fill(-1);
    kept.forEach(([, old], i) => (remap[old] = i));
    const categories = kept.map(([c]) => c);
    // Already so (the usual case of a report built from sorted categories): the same codes.
    if (kept.length === this.categories.length && kept.every(([, old], i) => old === i)) return new CategoricalColumn(narrowCodes(source, categories.length), categories);
    const codes = codesArray(categories.length, source.length);
    for (let i = 0; i < source.length; i++) {
      const code = source[i]!;
      codes[i] = code < 0 ? -1 : remap[code]!;
    }
    return new CategoricalColumn(codes, categories);
  }
}

/** Any values, as pandas' object dtype: strings, None, numbers, lists, dicts. */
export class ObjectColumn extends Column {
  readonly dtype = "object";

  constructor(readonly values: readonly Value[]) {
    super();
  }

  get length(): number {
    return this.values.length;
  }

  get(i: number): Value {
    return this.values[i] ?? null;
  }

  take(rows: ArrayLike<number>): ObjectColumn {
    const out = new Array<Value>(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.values[rows[i]!] ?? null;
    return new ObjectColumn(out);
  }

  slice(start: number, end: number): ObjectColumn {
    return new ObjectColumn(this.values.slice(start, end));
  }
}

/** Lists of float64 per row (such as the spike times of a trial): offsets into one flat array. */
export class ListColumn extends Column {
  readonly dtype = "list";

  constructor(
    readonly offsets: Int32Array,
    readonly values: Float64Array,
  ) {
    super();
  }

  get length(): number {
    return this.offsets.length - 1;
  }

  get(i: number): number[] {
    return Array.from(this.values.subarray(this.offsets[i]!, this.offsets[i + 1]!));
  }

  take(rows: ArrayLike<number>): ListColumn {
    const offsets = new Int32Array(rows.length + 1);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      offsets[i + 1] = offsets[i]! + this.offsets[r + 1]! - this.offsets[r]!;
    }
    const values = new Float64Array(offsets[rows.length]!);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      values.set(this.values.subarray(this.offsets[r]!, this.offsets[r + 1]!), offsets[i]!);
    }
    return new ListColumn(offsets, values);
  }

  slice(start: number, end: number): ListColumn {
    return new ListColumn(this.offsets.subarray(start, end + 1), this.values);
  }
}

/** The column class of each dtype. */
export type ColumnOf<D extends DType> = D extends NumericDType
  ? NumericColumn<D>
  : D extends "category"
    ? CategoricalColumn
    : D extends "object"
      ? ObjectColumn
      : ListColumn;

/** Throws unless `column` (named `name`) is of `dtype`. */
export function checkDtype(column: Column, dtype: DType, name: string): void {
  if (column.dtype !== dtype) throw new TypeError(`column '${name}' is ${column.dtype}, not ${dtype}`);
}

/** Code-point order, as numpy and Python sort strings (uppercase before lowercase). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A numeric column of `dtype`: `values` itself when it is the dtype's typed array, else a copy.
 * A value the dtype cannot hold (2.5 or NaN in an integer column, 300 in int8, 2 in bool) is
 * refused when the column enters a table, which then names the column: the table of a first run
 * and the one read back from the cache always hold the same values.
 */
export function numeric<D extends NumericDType>(dtype: D, values: ArrayLike<number>): NumericColumn<D> {
  const Ctor = NUMERIC_ARRAYS[dtype] as new (n: number) => NumericValues<D>;
  const range = RANGES[dtype];
  // The dtype's own typed array holds only what the dtype holds, but for int64 (a Float64Array) and bool (a Uint8Array).
  if (values instanceof Ctor && (!range || (dtype !== "int64" && dtype !== "bool") || heldAsIs(values as Float64Array | Uint8Array, range))) {
    return new NumericColumn(dtype, values);
  }
  const out = columnArray(Ctor, values.length);
  // Integers of a typed array the dtype holds, all of them: converted by the engine, nothing to check.
  if (range && fitsIn(values, range)) {
    (out as unknown as { set(v: ArrayLike<number>): void }).set(values);
    return new NumericColumn(dtype, out);
  }
  // An integer has no -0 (int64 is held in a Float64Array, which would keep it).
  if (range?.integer) for (let i = 0; i < values.length; i++) out[i] = Number(values[i]) + 0;
  else for (let i = 0; i < values.length; i++) out[i] = Number(values[i]);
  const column = new NumericColumn(dtype, out);
  const bad = range ? firstRefused(values, range) : -1;
  if (bad >= 0) refused.set(column, `${String(values[bad])} (row ${bad}) ${range!.what}`);
  return column;
}

/** Why a column cannot be put in a table (a value its dtype cannot hold), if it cannot. */
export function refusedValues(column: Column): string | undefined {
  return refused.get(column);
}

const refused = new WeakMap<Column, string>();

/** What each dtype holds: integers between bounds (int64: those a float64 holds exactly up to 2^63), or finite float32s. */
const RANGES: Partial<Record<NumericDType, { min: number; max: number; integer: boolean; what: string }>> = {
  bool: { min: 0, max: 1, integer: true, what: "is not a bool: a bool column holds 0 or 1 (false or true)" },
  int8: integers(-128, 127, "int8"),
  int16: integers(-32768, 32767, "int16"),
  int32: integers(-(2 ** 31), 2 ** 31 - 1, "int32"),
  int64: { min: -(2 ** 63), max: 2 ** 63 - 1024, integer: true, what: "cannot be held by an int64 column: it holds integers below 2^63 in magnitude (no NaN; use float64)" },
  uint8: integers(0, 255, "uint8"),
  uint16: integers(0, 65535, "uint16"),
  uint32: integers(0, 2 ** 32 - 1, "uint32"),
  float32: { min: -3.4028234663852886e38, max: 3.4028234663852886e38, integer: false, what: "does not fit in a float32 (at most 3.4e38 in magnitude)" },
};

function integers(min: number, max: number, dtype: string) {
  return { min, max, integer: true, what: `cannot be held by an ${dtype} column: it holds integers from ${min} to ${max} (no NaN; use float64)` };
}

/** The values of each integer typed array: a source whose range the dtype's contains needs no check. */
const TYPED_RANGES: Array<[new (n: number) => ArrayLike<number>, number, number]> = [
  [Int8Array, -128, 127],
  [Uint8Array, 0, 255],
  [Int16Array, -32768, 32767],
  [Uint16Array, 0, 65535],
  [Int32Array, -(2 ** 31), 2 ** 31 - 1],
  [Uint32Array, 0, 2 ** 32 - 1],
];

function fitsIn(values: ArrayLike<number>, range: { min: number; max: number }): boolean {
  const typed = TYPED_RANGES.find(([Typed]) => values instanceof Typed);
  return typed !== undefined && typed[1] >= range.min && typed[2] <= range.max;
}

/** The first value out of the range (NaN or a fraction in an integer dtype), or -1. */
function firstRefused(values: ArrayLike<number>, range: { min: number; max: number; integer: boolean }): number {
  for (let i = 0; i < values.length; i++) {
    const v = Number(values[i]);
    if (range.integer ? !(v >= range.min && v <= range.max && Number.isInteger(v)) : Math.abs(v) > range.max && Number.isFinite(v)) return i;
  }
  return -1;
}

/** Whether every value is held by the dtype as it is (one pass: an integer in range, and no -0). */
function heldAsIs(values: Float64Array | Uint8Array, range: { min: number; max: number }): boolean {
  return values instanceof Float64Array ? float64HeldAsIs(values, range) : bytesHeldAsIs(values, range);
}

// One loop per array type: a loop seeing both is slower.
function bytesHeldAsIs(values: Uint8Array, range: { min: number; max: number }): boolean {
  for (let i = 0; i < values.length; i++) if (values[i]! > range.max) return false;
  return true;
}

function float64HeldAsIs(values: Float64Array, range: { min: number; max: number }): boolean {
  const { min, max } = range;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= min && v <= max) || Math.floor(v) !== v || (v === 0 && 1 / v < 0)) return false;
  }
  return true;
}

/** A categorical column of `values`, its categories the distinct values sorted; null is NaN. */
export function categorical(values: ArrayLike<string | null>): CategoricalColumn {
  const distinct = [...new Set(Array.from(values).filter((v): v is string => v !== null))].sort(compareStrings);
  const code = new Map(distinct.map((v, i) => [v, i]));
  const codes = codesArray(distinct.length, values.length);
  for (let i = 0; i < values.length; i++) codes[i] = values[i] === null ? -1 : code.get(values[i]!)!;
  return new CategoricalColumn(codes, distinct);
}

/** A categorical column repeating `value` n times. */
export function constantCategory(value: string, n: number): CategoricalColumn {
  return new CategoricalColumn(codesArray(1, n), [value]);
}

export function objects(values: readonly Value[]): ObjectColumn {
  return new ObjectColumn(values);
}

/** Concatenate columns of the same kind (categoricals get the union of their categories). */
export function concatColumns(columns: Column[]): Column {
  const first = columns[0];
  if (!first) throw new Error("concatColumns: no column");
  if (columns.length === 1) return first;
  const total = columns.reduce((n, c) => n + c.length, 0);
  if (columns.every((c) => c instanceof CategoricalColumn)) {
    const categories = [...new Set(columns.flatMap((c) => (c as CategoricalColumn).categories))].sort(compareStrings);
    const index = new Map(categories.map((c, i) => [c, i]));
    const codes = codesArray(categories.length, total);
    let at = 0;
    for (const column of columns as CategoricalColumn[]) {
      const remap = column.categories.map((c) => index.get(c)!);
      for (const code of column.codes) codes[at++] = code < 0 ? -1 : remap[code]!;
    }
    return new CategoricalColumn(codes, categories);
  }
  if (columns.every((c) => c instanceof NumericColumn && c.dtype === first.dtype)) {
    const out = columnArray(NUMERIC_ARRAYS[first.dtype as NumericDType] as new (n: number) => NumericValues, total);
    let at = 0;
    for (const column of columns as NumericColumn[]) {
      out.set(column.values as never, at);
      at += column.length;
    }
    return new NumericColumn(first.dtype as NumericDType, out);
  }
  if (columns.every((c) => c instanceof ListColumn)) {
    const lists = columns as ListColumn[];
    const offsets = columnArray(Int32Array, total + 1);
    const values = columnArray(Float64Array, lists.reduce((n, c) => n + c.offsets[c.length]! - c.offsets[0]!, 0));
    let row = 0;
    let at = 0;
    for (const list of lists) {
      // A sliced list column starts anywhere in its values.
      const first = list.offsets[0]!;
      values.set(list.values.subarray(first, list.offsets[list.length]!), at);
      for (let i = 1; i <= list.length; i++) offsets[++row] = at + list.offsets[i]! - first;
      at += list.offsets[list.length]! - first;
    }
    return new ListColumn(offsets, values);
  }
  if (columns.every((c) => c instanceof NumericColumn)) {
    // Mixed numeric dtypes become float64, as numpy would promote them here.
    return numeric("float64", Float64Array.from(columns.flatMap((c) => Array.from((c as NumericColumn).values))));
  }
  return new ObjectColumn(columns.flatMap((c) => Array.from({ length: c.length }, (_, i) => c.get(i))));
}
