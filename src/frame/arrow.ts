/**
 * Tables to and from Apache Arrow, with the `pandas` metadata pyarrow writes, so that pandas reads
 * our tables (the cache's files, the Python worker's input) with their index, categoricals and
 * dtypes, and we read pyarrow's.
 */
import * as arrow from "apache-arrow";
import { CategoricalColumn, type Codes, type Column, ListColumn, NUMERIC_ARRAYS, NumericColumn, type NumericDType, type NumericValues, ObjectColumn, type Value, codesArray, codesType, numeric } from "./column.ts";
import { DataFrame, UNNAMED_INDEX } from "./dataframe.ts";
import { sharedArray } from "./shared.ts";

const PANDAS_VERSION = "1.5.3";
/**
 * Schema metadata holding the categories of each categorical column, in order. Parquet writers
 * may rebuild a dictionary from the values (parquet-wasm does: in order of appearance, unused
 * categories dropped); pandas reads the categories from the data, so we keep ours beside it.
 */
export const CATEGORIES_KEY = "blueetl.categories";

interface PandasColumn {
  name: string | null;
  field_name: string;
  pandas_type: string;
  numpy_type: string;
  metadata: Record<string, unknown> | null;
}

export interface PandasMetadata {
  index_columns: Array<string | { kind: "range"; name: string | null; start: number; stop: number; step: number }>;
  column_indexes: unknown[];
  columns: PandasColumn[];
  /** pandas' `df.attrs` (written by pyarrow >= 14, restored by pandas >= 2.1). */
  attributes?: Record<string, unknown>;
  creator: { library: string; version: string };
  pandas_version: string;
}

/** The field of an unnamed index level, as pyarrow names it. */
const indexField = (level: number) => `__index_level_${level}__`;

/** Frames whose single int64 index 0..n-1 is pandas' RangeIndex (stored as metadata only, as pyarrow does). */
const RANGE_INDEXED = new WeakSet<DataFrame>();

/** The frame, its index written and read back as pandas' RangeIndex (0..n-1, as the `.params` tables of BlueETL). */
export function withRangeIndex(frame: DataFrame): DataFrame {
  const [name, ...rest] = frame.indexNames;
  const values = name === undefined ? undefined : (frame.column(name) as NumericColumn).values;
  if (!values || rest.length > 0 || values.some((v, i) => v !== i)) throw new Error("withRangeIndex: the index must be one column of 0..n-1");
  RANGE_INDEXED.add(frame);
  return frame;
}

/** A column as pyarrow stores it for pandas: its field, Arrow type and pandas description. */
export interface ArrowField {
  /** The field name (`__index_level_N__` for an unnamed index level). */
  field: string;
  column: Column;
  type: arrow.DataType;
  pandas: PandasColumn;
}

/**
 * The fields of the table as pyarrow lays them out (the data columns first, then the index
 * columns; a RangeIndex is metadata only) and the `pandas` metadata of the whole table, with its
 * `attrs` as `attributes` (which pandas >= 2.1 restores).
 */
export function arrowFields(frame: DataFrame): { fields: ArrowField[]; pandas: PandasMetadata } {
  const isIndex = (name: string) => frame.indexNames.includes(name);
  const range = RANGE_INDEXED.has(frame) ? frame.indexNames[0] : undefined;
  const fields: ArrowField[] = [];
  // Dictionary ids numbered in the table (apache-arrow's default is a process-wide counter): the
  // same table gives the same bytes (the ARROW:schema of a Parquet file) whatever ran before.
  let dictionaries = 0;
  for (const name of [...frame.columnNames, ...frame.indexNames]) {
    if (name === range) continue;
    const unnamed = isIndex(name) && name === UNNAMED_INDEX;
    const field = unnamed ? indexField(frame.indexNames.indexOf(name)) : name;
    const column = frame.column(name);
    const { type, pandasType, numpyType, metadata } = describe(column, column instanceof CategoricalColumn ? dictionaries++ : undefined);
    fields.push({ field, column, type, pandas: { name: unnamed ? null : name, field_name: field, pandas_type: pandasType, numpy_type: numpyType, metadata } });
  }
  const rangeIndex = (indexName: string | null) => ({ kind: "range" as const, name: indexName, start: 0, stop: frame.length, step: 1 });
  let indexColumns: PandasMetadata["index_columns"] =
    range !== undefined ? [rangeIndex(range)] : frame.indexNames.length > 0 ? frame.indexNames.map((n) => (n === UNNAMED_INDEX ? indexField(frame.indexNames.indexOf(n)) : n)) : [rangeIndex(null)];
  // Row labels other than 0..n-1 (a filtered table without an index) become pandas' unnamed index.
  if (frame.rowLabels) {
    const field = indexField(0);
    fields.push({ field, column: numeric("int64", frame.rowLabels), type: new arrow.Int64(), pandas: { name: null, field_name: field, pandas_type: "int64", numpy_type: "int64", metadata: null } });
    indexColumns = [field];
  }
  const pandas: PandasMetadata = {
    index_columns: indexColumns,
    column_indexes: [{ name: null, field_name: null, pandas_type: "unicode", numpy_type: "object", metadata: { encoding: "UTF-8" } }],
    columns: fields.map((f) => f.pandas),
    attributes: serialisable(frame.attrs),
    creator: { library: "pyarrow", version: "11.0.0" },
    pandas_version: PANDAS_VERSION,
  };
  return { fields, pandas };
}

/** `attrs` when they can be written as JSON, else none (pyarrow warns and writes none). */
function serialisable(attrs: Record<string, unknown>): Record<string, unknown> {
  try {
    JSON.stringify(attrs);
    return attrs;
  } catch {
    return {};
  }
}

/** The Arrow schema of the table, with the `pandas` metadata and the categories of each categorical column. */
export function arrowSchema(frame: DataFrame): arrow.Schema {
  const { fields, pandas } = arrowFields(frame);
  return schemaOf(fields, pandas);
}

function schemaOf(fields: ArrowField[], pandas: PandasMetadata): arrow.Schema {
  const categories = Object.fromEntries(fields.filter((f) => f.column instanceof CategoricalColumn).map((f) => [f.field, (f.column as CategoricalColumn).categories]));
  const metadata = new Map([
    ["pandas", JSON.stringify(pandas)],
    [CATEGORIES_KEY, JSON.stringify(categories)],
  ]);
  // pyarrow's fields from pandas are all nullable.
  return new arrow.Schema(fields.map((f) => new arrow.Field(f.field, f.type, true)), metadata);
}

/**
 * The table as Arrow, with the pandas metadata of the whole table; with `rows`, only those rows
 * (one row group written on its own, so that the whole table is never copied at once). Row
 * labels other than 0..n-1 (a filtered table without an index) become pandas' unnamed index.
 */
export function toArrow(frame: DataFrame, rows?: { start: number; end: number }): arrow.Table {
  const { fields, pandas } = arrowFields(frame);
  const schema = schemaOf(fields, pandas);
  const at = (column: Column) => (rows ? column.slice(rows.start, rows.end) : column);
  const data = fields.map((f, i) => toVector(at(f.column), schema.fields[i]!.type).data[0]!);
  const length = rows ? rows.end - rows.start : frame.length;
  return new arrow.Table(schema, new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length, children: data })));
}

/** The Arrow type and pandas description of a column. */
function describe(column: Column, dictionaryId?: number): { type: arrow.DataType; pandasType: string; numpyType: string; metadata: Record<string, unknown> | null } {
  const meta = (type: arrow.DataType, pandasType: string, numpyType = pandasType) => ({ type, pandasType, numpyType, metadata: null });
  if (column instanceof NumericColumn) {
    const dtype = column.dtype as NumericDType;
    return meta(ARROW_TYPES[dtype](), dtype);
  }
  if (column instanceof CategoricalColumn) {
    // pyarrow's codes are int8 below 128 categories, else int16 or int32.
    const n = column.categories.length;
    const [index, numpyType] = n < 128 ? [new arrow.Int8(), "int8"] : n < 32768 ? [new arrow.Int16(), "int16"] : [new arrow.Int32(), "int32"];
    return { type: new arrow.Dictionary(new arrow.Utf8(), index, dictionaryId), pandasType: "categorical", numpyType, metadata: { num_categories: n, ordered: false } };
  }
  if (column instanceof ListColumn) return meta(listOf(new arrow.Float64()), "list[float64]", "object");
  switch (objectKind((column as ObjectColumn).values)) {
    case "empty":
      // pyarrow types a column of None only as null.
      return meta(new arrow.Null(), "empty", "object");
    case "int-lists":
      return meta(listOf(new arrow.Int64()), "list[int64]", "object");
    case "float-lists":
      return meta(listOf(new arrow.Float64()), "list[float64]", "object");
    default:
      return meta(new arrow.Utf8(), "unicode", "object");
  }
}

const ARROW_TYPES: Record<NumericDType, () => arrow.DataType> = {
  bool: () => new arrow.Bool(),
  int8: () => new arrow.Int8(),
  int16: () => new arrow.Int16(),
  int32: () => new arrow.Int32(),
  int64: () => new arrow.Int64(),
  uint8: () => new arrow.Uint8(),
  uint16: () => new arrow.Uint16(),
  uint32: () => new arrow.Uint32(),
  float32: () => new arrow.Float32(),
  float64: () => new arrow.Float64(),
};

const listOf = (item: arrow.DataType) => new arrow.List(new arrow.Field("item", item, true));

/** What an object column holds: only None, strings (or None), lists of integers or of numbers, or anything else (kept as JSON text). */
export function objectKind(values: readonly Value[]): "empty" | "strings" | "int-lists" | "float-lists" | "json" {
  let strings = true;
  let any = false;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    any = true;
    if (typeof v !== "string") {
      strings = false;
      break;
    }
  }
  if (!any) return "empty";
  if (strings) return "strings";
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.every((v) => Array.isArray(v) && v.every((x) => typeof x === "number"))) {
    return present.every((v) => (v as number[]).every(Number.isInteger)) ? "int-lists" : "float-lists";
  }
  return "json";
}

function toVector(column: Column, type: arrow.DataType): arrow.Vector {
  if (column instanceof NumericColumn) {
    const dtype = column.dtype;
    if (dtype === "int64") return arrow.makeVector(toInt64(column.values));
    if (dtype === "bool") {
      const bits = packBits(column.length, (i) => column.values[i] !== 0);
      return arrow.makeVector(arrow.makeData({ type: new arrow.Bool(), length: column.length, data: bits }));
    }
    return arrow.makeVector(column.values as never);
  }
  if (column instanceof CategoricalColumn) {
    const dictionary = type as arrow.Dictionary;
    const Codes = dictionary.indices.bitWidth === 8 ? Int8Array : dictionary.indices.bitWidth === 16 ? Int16Array : Int32Array;
    const codes = new Codes(column.length);
    column.codes.forEach((c, i) => (codes[i] = c < 0 ? 0 : c));
    const nulls = column.codes.some((c) => c < 0) ? packBits(column.length, (i) => column.codes[i]! >= 0) : undefined;
    const data = arrow.makeData({
      type: dictionary,
      length: column.length,
      nullCount: nulls ? column.codes.filter((c) => c < 0).length : 0,
      nullBitmap: nulls,
      data: codes as never,
      dictionary: arrow.vectorFromArray([...column.categories], new arrow.Utf8()),
    });
    return arrow.makeVector(data);
  }
  if (column instanceof ListColumn) {
    const { offsets, values } = column;
    const first = offsets[0]!;
    const child = arrow.makeData({ type: new arrow.Float64(), length: offsets[column.length]! - first, data: values.subarray(first, offsets[column.length]!) });
    const data = arrow.makeData({
      type: type as arrow.List,
      length: column.length,
      valueOffsets: first === 0 ? offsets : offsets.map((o) => o - first),
      child,
    });
    return arrow.makeVector(data);
  }
  return objectVector((column as ObjectColumn).values, type);
}

/** Object columns as their type says: null, strings, lists of numbers, or JSON text. */
function objectVector(values: readonly Value[], type: arrow.DataType): arrow.Vector {
  if (arrow.DataType.isNull(type)) return arrow.vectorFromArray(values.map(() => null), type);
  if (arrow.DataType.isList(type)) {
    const integer = arrow.DataType.isInt(type.children[0]!.type);
    const lists = values.map((v) => (v === null || v === undefined ? null : integer ? (v as number[]).map((x) => BigInt(x)) : v));
    return arrow.vectorFromArray(lists as never, type);
  }
  const strings = objectKind(values) === "strings";
  return utf8Vector(strings ? (values as ReadonlyArray<string | null | undefined>) : values.map((v) => (v === null || v === undefined ? null : JSON.stringify(v))));
}

/**
 * Strings as Arrow's offsets and UTF-8 bytes, each distinct string encoded once (object columns
 * repeat a few values over many rows: 20x faster than arrow's builder on a window_type column).
 */
function utf8Vector(values: ReadonlyArray<string | null | undefined>): arrow.Vector {
  const encoder = new TextEncoder();
  const encoded = new Map<string, Uint8Array>();
  const offsets = new Int32Array(values.length + 1);
  let nulls = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let length = 0;
    if (v === null || v === undefined) nulls++;
    else {
      let b = encoded.get(v);
      if (!b) encoded.set(v, (b = encoder.encode(v)));
      length = b.length;
    }
    offsets[i + 1] = offsets[i]! + length;
  }
  const data = new Uint8Array(offsets[values.length]!);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) data.set(encoded.get(v)!, offsets[i]!);
  }
  const nullBitmap = nulls > 0 ? packBits(values.length, (i) => values[i] !== null && values[i] !== undefined) : undefined;
  return arrow.makeVector(arrow.makeData({ type: new arrow.Utf8(), length: values.length, nullCount: nulls, nullBitmap, valueOffsets: offsets, data }));
}

/** Arrow's bit-packed booleans (validity bitmaps, bool columns). */
function packBits(length: number, isSet: (i: number) => boolean): Uint8Array {
  const bitmap = new Uint8Array(Math.ceil(length / 8));
  for (let i = 0; i < length; i++) if (isSet(i)) bitmap[i >> 3]! |= 1 << (i & 7);
  return bitmap;
}

/** A table read from Arrow, restoring the index and dtypes from the `pandas` metadata when present. */
export function fromArrow(table: arrow.Table): DataFrame {
  const reader = new ArrowReader(table.schema, table.numRows);
  for (const batch of table.batches) reader.add(batch);
  return reader.finish();
}

/**
 * A table read from Arrow record batches one at a time (a Parquet file's row groups): each batch's
 * numeric and dictionary columns are copied straight into columns of the whole table's length,
 * so the batches need not be kept (nor joined) and may be views that live only until the next.
 */
export class ArrowReader {
  private readonly columns: ColumnReader[];

  constructor(
    private readonly schema: arrow.Schema,
    private readonly rows: number,
  ) {
    const { byField } = pandasMetadata(schema);
    const categories = JSON.parse(schema.metadata.get(CATEGORIES_KEY) ?? "{}") as Record<string, string[]>;
    this.columns = schema.fields.map((field) => columnReader(field.type, rows, byField.get(field.name), categories[field.name]));
  }

  /** Whether every column is copied as its batches come (else some keep their batches to the end). */
  get streams(): boolean {
    return this.columns.every((c) => !(c instanceof VectorReader));
  }

  /** A batch's columns copied in. */
  add(batch: arrow.RecordBatch): void {
    this.schema.fields.forEach((field, i) => {
      const data = batch.data.children[i];
      if (data) this.columns[i]!.add(data);
    });
  }

  finish(): DataFrame {
    return framed(this.schema, this.rows, this.columns.map((c) => c.finish()));
  }
}

/** A schema's `pandas` metadata, and its columns by field name. */
function pandasMetadata(schema: arrow.Schema): { pandas: PandasMetadata | undefined; byField: Map<string, PandasColumn> } {
  const raw = schema.metadata.get("pandas");
  const pandas = raw ? (JSON.parse(raw) as PandasMetadata) : undefined;
  return { pandas, byField: new Map(pandas?.columns.map((c) => [c.field_name, c]) ?? []) };
}

/** A table's columns as the frame the `pandas` metadata describes (index, names, attrs). */
function framed(schema: arrow.Schema, rows: number, read: Column[]): DataFrame {
  const { pandas, byField } = pandasMetadata(schema);
  const columns = schema.fields.map((field, i): [string, Column] => {
    const info = byField.get(field.name);
    return [info ? (info.name ?? UNNAMED_INDEX) : field.name, read[i]!];
  });
  const descriptors = pandas?.index_columns ?? [];
  const index = descriptors.filter((c): c is string => typeof c === "string").map((field) => byField.get(field)?.name ?? UNNAMED_INDEX);
  const range = descriptors.length === 1 && typeof descriptors[0] === "object" && descriptors[0].name !== null ? descriptors[0] : undefined;
  const attrs = { ...(pandas?.attributes ?? {}) };
  if (!range) return new DataFrame(columns, { index, attrs });
  // A named RangeIndex (a `.params` table's params_id): an int64 index column again.
  const labels = Float64Array.from({ length: rows }, (_, i) => range.start + i * range.step);
  const frame = new DataFrame([[range.name!, numeric("int64", labels)], ...columns], { index: [range.name!], attrs });
  return range.start === 0 && range.step === 1 ? withRangeIndex(frame) : frame;
}

/**
 * A column that a reader of its own fills (several threads at once): numbers, codes into the
 * categories the writer stored, or lists of float64 (`offsets` of rows + 1, room for `capacity` items).
 */
export type FilledColumn = { dtype: NumericDType; values: NumericValues } | { categories: string[]; codes: Codes } | { offsets: Int32Array; values: Float64Array };

/**
 * The columns, on shared memory, that a reader filling them itself fills for a table of this
 * schema, as ArrowReader reads it: when every field is numbers (no bool), a dictionary of the
 * categories the writer stored, or lists of float64 read as such (room for `capacity(name)` items);
 * else undefined.
 */
export function filledColumns(schema: arrow.Schema, rows: number, capacity: (field: string) => number): FilledColumn[] | undefined {
  const categories = JSON.parse(schema.metadata.get(CATEGORIES_KEY) ?? "{}") as Record<string, string[]>;
  const { byField } = pandasMetadata(schema);
  const columns: FilledColumn[] = [];
  for (const field of schema.fields) {
    if (arrow.DataType.isList(field.type)) {
      const info = byField.get(field.name);
      // As fromVector reads them: a ListColumn of float64s.
      if (!arrow.DataType.isFloat(field.type.children[0]!.type) || (info !== undefined && info.pandas_type !== "list[float64]")) return undefined;
      columns.push({ offsets: sharedArray(Int32Array, rows + 1), values: sharedArray(Float64Array, capacity(field.name)) });
      continue;
    }
    const stored = categories[field.name];
    if (arrow.DataType.isDictionary(field.type)) {
      if (!stored?.length) return undefined;
      columns.push({ categories: stored, codes: sharedArray(codesType(stored.length), rows) });
      continue;
    }
    const dtype = numericDtype(field.type);
    if (!dtype || dtype === "bool") return undefined;
    columns.push({ dtype, values: sharedArray(NUMERIC_ARRAYS[dtype] as new (n: number) => NumericValues, rows) });
  }
  return columns;
}

/**
 * The table of `filledColumns` once filled (`high`: the largest high word of each int64 column's
 * values; a list column's offsets from 0, its values the first `offsets[rows]`).
 */
export function fromFilledColumns(schema: arrow.Schema, rows: number, filled: FilledColumn[], high: ArrayLike<number>): DataFrame {
  const columns = filled.map((c, i) => {
    if ("codes" in c) return new CategoricalColumn(c.codes, c.categories);
    if ("offsets" in c) return new ListColumn(c.offsets, c.values.subarray(0, c.offsets[rows]!));
    return numbersRead(c.dtype, c.values, high[i]!);
  });
  return framed(schema, rows, columns);
}

/**
 * Numbers read, without missing values: int64 values made from int64 words are integers, without
 * -0, and below 2^63 - 2^32 when the high words are (what `numeric` would check, one more pass).
 */
function numbersRead(dtype: NumericDType, values: NumericValues, high: number): Column {
  if (dtype === "int64" && high < 0x7fffffff) return new NumericColumn("int64", values as Float64Array);
  return numeric(dtype, values);
}

const NUMERIC: Record<string, NumericDType> = {
  Int8: "int8",
  Int16: "int16",
  Int32: "int32",
  Int64: "int64",
  Uint8: "uint8",
  Uint16: "uint16",
  Uint32: "uint32",
  Float32: "float32",
  Float64: "float64",
};

interface ColumnReader {
  add(data: arrow.Data): void;
  finish(): Column;
}

function columnReader(type: arrow.DataType, rows: number, info: PandasColumn | undefined, categories?: readonly string[]): ColumnReader {
  if (arrow.DataType.isDictionary(type)) return new DictionaryReader(rows, categories ?? []);
  if (arrow.DataType.isBool(type)) return new VectorReader(type, info);
  const dtype = numericDtype(type);
  return dtype ? new NumericReader(dtype, rows) : new VectorReader(type, info);
}

/** The dtype of the numbers of an Arrow type, if it is numbers. */
function numericDtype(type: arrow.DataType): NumericDType | undefined {
  return NUMERIC[arrow.Type[type.typeId] as string] ?? (arrow.DataType.isFloat(type) ? (type.precision === 1 ? "float32" : "float64") : arrow.DataType.isInt(type) ? intDtype(type) : undefined);
}

/** Numbers into one array of the table's length (int64 as float64); missing values make float64 with NaN, as pandas reads them. */
class NumericReader implements ColumnReader {
  private readonly values: NumericValues;
  private missing: Uint8Array | undefined;
  private at = 0;
  /** The largest high word of the int64 values so far. */
  private high = -Infinity;

  constructor(
    private readonly dtype: NumericDType,
    rows: number,
  ) {
    this.values = new NUMERIC_ARRAYS[dtype](rows);
  }

  add(data: arrow.Data): void {
    if (data.length === 0) return;
    const chunk = (data.values as NumericValues | BigInt64Array).subarray(data.offset, data.offset + data.length);
    if (chunk instanceof BigInt64Array) this.high = Math.max(this.high, int64Into(chunk, this.values as Float64Array, this.at));
    else this.values.set(chunk, this.at);
    if (data.nullCount > 0) {
      const missing = (this.missing ??= new Uint8Array(this.values.length));
      for (let i = 0; i < data.length; i++) if (!data.getValid(i)) missing[this.at + i] = 1;
    }
    this.at += data.length;
  }

  finish(): Column {
    const { values, missing } = this;
    if (!missing) return numbersRead(this.dtype, values, this.high);
    const withNaN = new Float64Array(values.length);
    for (let i = 0; i < withNaN.length; i++) withNaN[i] = missing[i] ? NaN : values[i]!;
    return numeric("float64", withNaN);
  }
}

/**
 * Codes into one array of the table's length, each batch's dictionary mapped onto `categories`
 * (the order stored by the writer), or onto the union of the dictionaries, in order of first
 * appearance, once some value is not among them.
 */
class DictionaryReader implements ColumnReader {
  private codes: Codes;
  private categories: string[];
  private position: Map<string, number>;
  private union: boolean;
  /** The dictionary of each batch so far. */
  private readonly dictionaries: string[][] = [];
  private at = 0;

  constructor(rows: number, categories: readonly string[]) {
    this.codes = codesArray(categories.length, rows);
    this.categories = [...categories];
    this.position = new Map(categories.map((c, i) => [c, i]));
    this.union = categories.length === 0;
  }

  add(data: arrow.Data): void {
    if (data.length === 0) return;
    const dictionary = (data.dictionary?.toArray() ?? []) as string[];
    this.dictionaries.push(dictionary);
    if (!this.union && dictionary.some((c) => !this.position.has(c))) this.toUnion();
    if (this.union) for (const c of dictionary) if (!this.position.has(c)) this.position.set(c, this.categories.push(c) - 1);
    this.fit();
    const remap = Int32Array.from(dictionary, (c) => this.position.get(c)!);
    const values = (data.values as Int8Array | Int16Array | Int32Array).subarray(data.offset, data.offset + data.length);
    const { codes, at } = this;
    if (data.nullCount === 0 && remap.every((code, i) => code === i)) codes.set(values, at);
    else if (data.nullCount === 0) for (let i = 0; i < values.length; i++) codes[at + i] = remap[values[i]!]!;
    else for (let i = 0; i < values.length; i++) codes[at + i] = data.getValid(i) ? remap[values[i]!]! : -1;
    this.at += data.length;
  }

  /** From the stored categories to the union of the dictionaries: the codes so far renumbered. */
  private toUnion(): void {
    const stored = this.categories;
    this.categories = [];
    this.position = new Map();
    this.union = true;
    for (const dictionary of this.dictionaries) for (const c of dictionary) if (!this.position.has(c)) this.position.set(c, this.categories.push(c) - 1);
    this.fit();
    const renumber = Int32Array.from(stored, (c) => this.position.get(c) ?? -1);
    for (let i = 0; i < this.at; i++) if (this.codes[i]! >= 0) this.codes[i] = renumber[this.codes[i]!]!;
  }

  /** Codes wide enough for the categories so far. */
  private fit(): void {
    if (codesArray(this.categories.length, 0).BYTES_PER_ELEMENT <= this.codes.BYTES_PER_ELEMENT) return;
    const wider = codesArray(this.categories.length, this.codes.length);
    wider.set(this.codes);
    this.codes = wider;
  }

  finish(): Column {
    return new CategoricalColumn(this.codes, this.categories);
  }
}

/** Other columns (booleans, lists, strings): their batches kept, read whole at the end. */
class VectorReader implements ColumnReader {
  private readonly chunks: arrow.Data[] = [];

  constructor(
    private readonly type: arrow.DataType,
    private readonly info: PandasColumn | undefined,
  ) {}

  add(data: arrow.Data): void {
    this.chunks.push(data);
  }

  finish(): Column {
    return fromVector(new arrow.Vector(this.chunks.length > 0 ? this.chunks : [arrow.makeData({ type: this.type as arrow.Null, length: 0 })]), this.info);
  }
}

function fromVector(vector: arrow.Vector, info: PandasColumn | undefined): Column {
  const type = vector.type;
  if (arrow.DataType.isBool(type)) return numeric("bool", Array.from(vector.toArray() as Iterable<boolean>, Number));
  if (arrow.DataType.isList(type)) {
    if (info === undefined || info.pandas_type === "list[float64]") return fromList(vector);
    return new ObjectColumn(Array.from({ length: vector.length }, (_, i) => {
      const l = vector.get(i);
      return l === null ? null : Array.from(l.toArray() as ArrayLike<number | bigint>, Number);
    }));
  }
  return new ObjectColumn(Array.from({ length: vector.length }, (_, i) => (vector.get(i) ?? null) as Value));
}

function fromList(vector: arrow.Vector): ListColumn {
  const offsets = new Int32Array(vector.length + 1);
  const parts: Float64Array[] = [];
  let row = 0;
  let total = 0;
  for (const chunk of vector.data) {
    // An empty chunk (the batch of an empty table) may have no offsets and no child.
    if (chunk.length === 0) continue;
    const chunkOffsets = chunk.valueOffsets as Int32Array;
    // A list column with no values at all may come typed as list<null>.
    const items = chunk.children[0]!.values as ArrayLike<number> | undefined;
    const values = (items instanceof Float64Array ? items : Float64Array.from(items ?? [])).subarray(chunkOffsets[0]!, chunkOffsets[chunk.length]!);
    for (let i = 0; i < chunk.length; i++) offsets[++row] = total + chunkOffsets[i + 1]! - chunkOffsets[0]!;
    total += values.length;
    parts.push(values);
  }
  const flat = new Float64Array(total);
  let at = 0;
  for (const part of parts) {
    flat.set(part, at);
    at += part.length;
  }
  return new ListColumn(offsets, flat);
}

/** int64 values (held as numbers below 2^53) as a BigInt64Array, word by word. */
export function toInt64(values: ArrayLike<number>): BigInt64Array {
  const out = new BigInt64Array(values.length);
  const words = new Uint32Array(out.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    words[2 * i] = v >>> 0;
    words[2 * i + 1] = Math.floor(v / 4294967296) >>> 0;
  }
  return out;
}

/** int64 values into `out` from `at`, as numbers (exact below 2^53), word by word. */
export function fromInt64(values: BigInt64Array, out: Float64Array<ArrayBufferLike> = new Float64Array(values.length), at = 0): Float64Array<ArrayBufferLike> {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  const signed = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  for (let i = 0; i < values.length; i++) out[at + i] = signed[2 * i + 1]! * 4294967296 + words[2 * i]!;
  return out;
}

/** int64 values into `out` from `at`, as `fromInt64` does; the largest high (signed) word. */
function int64Into(values: BigInt64Array, out: Float64Array, at: number): number {
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  const signed = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  let max = -2147483648;
  for (let i = 0; i < values.length; i++) {
    const high = signed[2 * i + 1]!;
    if (high > max) max = high;
    out[at + i] = high * 4294967296 + words[2 * i]!;
  }
  return max;
}

function intDtype(type: arrow.DataType): NumericDType {
  const int = type as arrow.Int;
  return `${int.isSigned ? "int" : "uint"}${int.bitWidth}` as NumericDType;
}
