/**
 * The dtypes of features tables, as BlueETL's `ensure_dtypes` leaves them under pandas 1.5:
 * BlueETL's columns get their dtype, except that an integer index level is always int64 (pandas
 * 1.5 has no int16 index).
 */
import { DTYPES } from "../extract/index.ts";
import {
  CategoricalColumn,
  type Column,
  DataFrame,
  NumericColumn,
  type Value,
  categorical,
  constantCategory,
  numeric,
  objects,
} from "../frame/index.ts";

/** The table with BlueETL's dtypes (categories compacted and sorted); the columns `given` have theirs already. */
export function ensureDtypes(frame: DataFrame, given?: ReadonlySet<string>): DataFrame {
  const columns = frame.entries().map(([name, column]) => [name, given?.has(name) ? column : ensureColumn(name, column, frame.indexNames.includes(name))] as [string, Column]);
  return new DataFrame(columns, { index: frame.indexNames, attrs: frame.attrs });
}

function ensureColumn(name: string, column: Column, isIndex: boolean): Column {
  const dtype = DTYPES[name];
  if (dtype === "category") {
    if (column instanceof CategoricalColumn) return column.compact();
    return categorical(Array.from({ length: column.length }, (_, i) => {
      const v = column.get(i);
      return v === null || v === undefined ? null : String(v);
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

/** A column repeating a group key value, with the dtype it takes in a features table. */
export function keyColumn(name: string, value: Value, n: number): Column {
  const dtype = DTYPES[name];
  if (dtype === "category" || (dtype === undefined && typeof value === "string")) {
    return dtype === "category" ? constantCategory(String(value), n) : objects(new Array<Value>(n).fill(value));
  }
  if (typeof value === "number") {
    return numeric(dtype ?? (Number.isInteger(value) ? "int64" : "float64"), new Float64Array(n).fill(value));
  }
  if (typeof value === "boolean") return numeric("bool", new Uint8Array(n).fill(value ? 1 : 0));
  return objects(new Array<Value>(n).fill(value));
}
