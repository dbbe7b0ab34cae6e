/**
 * blueetl-core's `etl` accessor on our tables, as its 0.2.4 behaves (conditions are the index
 * levels, labels their values), and `smartConcat`. DataFrame's methods call these.
 */
import { Column, type DType, type NumericColumn, ObjectColumn, type Value, constantCategory, numeric } from "./column.ts";
import { concatPandas, inferColumn } from "./concat.ts";
import { DataFrame, type Row, UNNAMED_INDEX } from "./dataframe.ts";
import { QueryError } from "./query.ts";

type Names = string | readonly string[];

const asList = (names: Names): string[] => (typeof names === "string" ? [names] : [...names]);

/** Row labels as an index level (pandas' unnamed Int64Index). */
export function labelsColumn(labels: ArrayLike<number>): NumericColumn<"int64"> {
  return numeric("int64", labels);
}

/** The labels of a table without index: its row labels, or 0..n-1. */
function rowLabels(frame: DataFrame): ArrayLike<number> {
  return frame.rowLabels ?? Float64Array.from({ length: frame.length }, (_, i) => i);
}

export function complementaryConditions(frame: DataFrame, conditions: Names): string[] {
  const drop = new Set(asList(conditions));
  return frame.indexNames.filter((n) => !drop.has(n));
}

function checkLevels(frame: DataFrame, conditions: readonly string[]): void {
  for (const c of conditions) {
    if (!frame.indexNames.includes(c)) throw new QueryError(`Level ${c} not found (the index levels are: ${frame.indexNames.join(", ") || "none"})`);
  }
}

export function labelsOf(frame: DataFrame, condition: string): Value[] {
  checkLevels(frame, [condition]);
  const column = frame.column(condition);
  const seen = new Set<Value>();
  for (let i = 0; i < column.length; i++) seen.add(column.get(i));
  return [...seen];
}

export function removeConditions(frame: DataFrame, conditions: Names): DataFrame {
  const drop = asList(conditions);
  checkLevels(frame, drop);
  const kept = complementaryConditions(frame, drop);
  if (kept.length === 0 && drop.length > 0) {
    throw new QueryError(`Cannot remove ${drop.length} levels from an index with ${frame.indexNames.length} levels: at least one level must be left.`);
  }
  return new DataFrame(
    frame.entries().filter(([n]) => !drop.includes(n)),
    { index: kept, attrs: frame.attrs },
  );
}

export interface AddConditionsOptions {
  /** The new levels go innermost, not outermost. */
  inner?: boolean | undefined;
  /** The existing levels are dropped. */
  drop?: boolean | undefined;
  /** The dtype of the new levels (one for all, or one each); else int64, float64, bool or object from the values. */
  dtypes?: DType | readonly DType[] | undefined;
}

export function addConditions(frame: DataFrame, conditions: Names, values: Value | readonly Value[], options: AddConditionsOptions): DataFrame {
  const names = asList(conditions);
  const given = Array.isArray(values) ? (values as readonly Value[]) : [values];
  if (names.length !== given.length) throw new QueryError("Conditions and values must have the same length");
  const dtypes = options.dtypes === undefined ? undefined : typeof options.dtypes === "string" ? [options.dtypes] : [...options.dtypes];
  if (dtypes && dtypes.length !== names.length) throw new QueryError("Conditions and dtypes must have the same length");
  const n = frame.length;
  const added = names.map((name, i) => [name, constantColumn(given[i], n, dtypes?.[i])] as [string, Column]);
  // A table without index has an unnamed level of its row labels, kept unless dropped.
  const old = frame.indexNames.length === 0 && !options.drop ? [[UNNAMED_INDEX, labelsColumn(rowLabels(frame))] as [string, Column]] : [];
  const oldLevels = options.drop ? [] : [...frame.indexNames, ...old.map(([name]) => name)];
  const index = options.inner && !options.drop ? [...oldLevels, ...names] : [...names, ...oldLevels];
  const entries = [...added, ...old, ...frame.entries().filter(([name]) => !(options.drop && frame.indexNames.includes(name)))];
  return new DataFrame(entries, { index, attrs: frame.attrs });
}

function constantColumn(value: Value, n: number, dtype: DType | undefined): Column {
  if (dtype === "category") return constantCategory(String(value), n);
  if (dtype === "object") return new ObjectColumn(new Array<Value>(n).fill(value));
  if (dtype !== undefined && dtype !== "list") return numeric(dtype, new Float64Array(n).fill(Number(value)));
  return inferColumn(new Array<Value>(n).fill(value));
}

export function xs(frame: DataFrame, labels: Record<string, Value>, dropLevel: boolean): DataFrame {
  const levels = Object.keys(labels);
  if (levels.length === 0) return frame;
  checkLevels(frame, levels);
  const found = frame.q(Object.fromEntries(levels.map((level) => [level, { eq: labels[level] }])));
  if (found.length === 0) throw new QueryError(`no rows with ${levels.map((l) => `${l}=${JSON.stringify(labels[l])}`).join(", ")}`);
  if (!dropLevel) return found;
  // pandas keeps the levels when dropping them would leave no index.
  return complementaryConditions(frame, levels).length === 0 ? found : removeConditions(found, levels);
}

export function unpool(frame: DataFrame, fn: (value: Value) => Record<string, Value>, level: string): DataFrame {
  const [name, ...others] = frame.columnNames;
  if (name === undefined || others.length > 0) throw new QueryError(`unpool: the table must have one column (a Series), it has ${frame.columnNames.length}`);
  const column = frame.column(name);
  const rows: number[] = [];
  const keys: Value[] = [];
  const values: Value[] = [];
  for (let i = 0; i < frame.length; i++) {
    for (const [key, value] of Object.entries(fn(column.get(i)))) {
      rows.push(i);
      keys.push(key);
      values.push(value);
    }
  }
  const base = frame.indexNames.length > 0 ? frame.take(rows) : addConditions(frame, [], [], {}).take(rows);
  return new DataFrame(
    [...base.indexNames.map((n) => [n, base.column(n)] as [string, Column]), [level, new ObjectColumn(keys)], [name, inferColumn(values)]],
    { index: [...base.indexNames, level], attrs: frame.attrs },
  );
}

export function* iter(frame: DataFrame): Generator<[Row, Row]> {
  const levels = frame.indexNames.length > 0 ? frame.indexNames : [undefined];
  const names = levels.map((name, i) => (name === undefined || name === UNNAMED_INDEX ? `ilevel_${i}` : name));
  const columns = frame.columnNames.map((name) => [name, frame.column(name)] as const);
  const labels = frame.indexNames.length === 0 ? rowLabels(frame) : undefined;
  for (let r = 0; r < frame.length; r++) {
    const index: Row = {};
    levels.forEach((level, i) => (index[names[i]!] = level === undefined ? labels![r]! : frame.value(level, r)));
    const values: Row = {};
    for (const [name, column] of columns) values[name] = column.get(r);
    yield [index, values];
  }
}

export function insertColumns(frame: DataFrame, loc: number, columns: readonly string[], values: ReadonlyArray<Column | Value>): DataFrame {
  if (columns.length !== values.length) throw new QueryError("columns and values must have the same length");
  const names = frame.columnNames;
  if (!Number.isInteger(loc) || loc < 0 || loc > names.length) throw new QueryError(`loc must be in [0, ${names.length}], got ${loc}`);
  const n = frame.length;
  const inserted = columns.map((name, i) => {
    if (frame.has(name) || columns.indexOf(name) !== i) throw new QueryError(`cannot insert ${name}, already exists`);
    const value = values[i];
    const column = value instanceof Column ? value : Array.isArray(value) ? inferColumn(value) : inferColumn(new Array<Value>(n).fill(value));
    if (column.length !== n) throw new QueryError(`Length of values (${column.length}) does not match length of index (${n})`);
    return [name, column] as [string, Column];
  });
  const entries = frame.entries();
  const at = frame.indexNames.length + loc;
  return new DataFrame([...entries.slice(0, at), ...inserted, ...entries.slice(at)], { index: frame.indexNames, attrs: frame.attrs, rowLabels: frame.rowLabels });
}

export interface SmartConcatOptions {
  /** One label per table: a new outermost index level (several levels with arrays of labels). */
  keys?: readonly Value[] | undefined;
  /** The names of the levels of `keys`. */
  names?: readonly string[] | undefined;
  /** Empty tables are left out, unless all are (default true). */
  skipEmpty?: boolean | undefined;
}

/**
 * blueetl-core's `smart_concat`: tables one after the other, as pandas' concat, their index
 * levels first put in the order of the first table's (an error if the levels differ). Columns
 * are aligned by name (missing ones are missing values), dtypes as pandas promotes them. A
 * record of tables is concatenated with its keys as `keys`.
 */
export function smartConcat(tables: readonly DataFrame[] | Record<string, DataFrame>, options: SmartConcatOptions = {}): DataFrame {
  let frames = Array.isArray(tables) ? [...(tables as readonly DataFrame[])] : Object.values(tables);
  let keys = options.keys ?? (Array.isArray(tables) ? undefined : Object.keys(tables));
  if (frames.length === 0) throw new QueryError("No objects to concatenate");
  if (keys && keys.length !== frames.length) throw new QueryError(`${keys.length} keys for ${frames.length} tables`);
  if (keys && !options.names) throw new QueryError("smartConcat: keys need the names of their levels (names: [...])");
  const order = frames[0]!.indexNames;
  frames = frames.map((frame) => reorderLevels(frame, order));
  if ((options.skipEmpty ?? true) && !frames.every((f) => f.length === 0)) {
    if (keys) keys = keys.filter((_, i) => frames[i]!.length > 0);
    frames = frames.filter((f) => f.length > 0);
  }
  const levelNames = options.names ?? [];
  const keyColumns = levelNames.map((name, l) => {
    const labels = frames.flatMap((f, i) => {
      const key = keys![i];
      return new Array<Value>(f.length).fill(levelNames.length > 1 ? (key as readonly Value[])[l] : key);
    });
    return [name, inferColumn(labels)] as [string, Column];
  });
  const columns: string[] = [];
  for (const frame of frames) for (const name of frame.names) if (!columns.includes(name)) columns.push(name);
  const entries = columns.map((name) => [name, concatPandas(frames.map((f) => (f.has(name) ? f.column(name) : f.length)))] as [string, Column]);
  const sameAttrs = frames.every((f) => JSON.stringify(f.attrs) === JSON.stringify(frames[0]!.attrs));
  const attrs = sameAttrs ? frames[0]!.attrs : {};
  if (order.length === 0 && levelNames.length === 0) {
    const labels = Float64Array.from(frames.flatMap((f) => Array.from(rowLabels(f))));
    return new DataFrame(entries, { attrs, rowLabels: labels.every((v, i) => v === i) ? undefined : labels });
  }
  const index = [...levelNames, ...order];
  const withLabels = order.length === 0 ? [[UNNAMED_INDEX, labelsColumn(Float64Array.from(frames.flatMap((f) => Array.from(rowLabels(f)))))] as [string, Column]] : [];
  return new DataFrame([...keyColumns, ...withLabels, ...entries], { index: order.length === 0 ? [...levelNames, UNNAMED_INDEX] : index, attrs });
}

function reorderLevels(frame: DataFrame, order: readonly string[]): DataFrame {
  const names = frame.indexNames;
  if (names.join("\u0000") === order.join("\u0000")) return frame;
  if (names.length !== order.length) throw new QueryError(`Length of order must be same as number of levels (${names.length}), got ${order.length}`);
  const missing = order.filter((n) => !names.includes(n));
  if (missing.length > 0) throw new QueryError(`Levels not found: ${missing.join("")}`);
  return new DataFrame(frame.entries(), { index: order, attrs: frame.attrs });
}
