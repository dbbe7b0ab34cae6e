/** Columns made as pandas makes them: concatenated with its dtype promotion, or inferred from values. */
import { CategoricalColumn, type Column, ListColumn, NumericColumn, type NumericDType, ObjectColumn, type Value, codesArray, concatColumns, numeric } from "./column.ts";

/**
 * Columns one after the other as pandas' concat joins them; a number stands for that many
 * missing values (a table without the column). Equal dtypes stay (missing values make integers
 * float64 and booleans object), numbers are promoted as numpy does, categoricals stay
 * categorical only when their categories are the same, anything else is object.
 */
export function concatPandas(parts: ReadonlyArray<Column | number>): Column {
  const present = parts.filter((p): p is Column => typeof p !== "number");
  const missing = parts.some((p) => typeof p === "number" && p > 0);
  const total = parts.reduce<number>((n, p) => n + (typeof p === "number" ? p : p.length), 0);
  const first = present[0];
  if (first instanceof CategoricalColumn && present.every((c) => c instanceof CategoricalColumn && c.categories.join("\u0000") === first.categories.join("\u0000"))) {
    const codes = codesArray(first.categories.length, total).fill(-1);
    let at = 0;
    for (const p of parts) {
      if (typeof p !== "number") codes.set((p as CategoricalColumn).codes, at);
      at += typeof p === "number" ? p : p.length;
    }
    return new CategoricalColumn(codes, first.categories);
  }
  if (present.length > 0 && present.every((c) => c instanceof NumericColumn)) {
    const dtype = promote((present as NumericColumn[]).map((c) => c.dtype), missing);
    if (dtype !== "object") {
      const values = new Float64Array(total).fill(NaN);
      let at = 0;
      for (const p of parts) {
        if (typeof p !== "number") values.set(p instanceof NumericColumn ? p.values : [], at);
        at += typeof p === "number" ? p : p.length;
      }
      return numeric(dtype, values);
    }
  }
  if (!missing && present.length > 0 && present.every((c) => c instanceof ListColumn)) return concatColumns(present);
  const values: Value[] = [];
  for (const p of parts) {
    if (typeof p === "number") for (let i = 0; i < p; i++) values.push(NaN);
    else for (let i = 0; i < p.length; i++) values.push(p.get(i));
  }
  return new ObjectColumn(values);
}

const BITS: Partial<Record<NumericDType, number>> = { int8: 8, int16: 16, int32: 32, int64: 64, uint8: 8, uint16: 16, uint32: 32 };

/** numpy's result type of `dtypes` (object when booleans mix with anything), float64 or object with missing values. */
function promote(dtypes: NumericDType[], missing: boolean): NumericDType | "object" {
  const distinct = [...new Set(dtypes)];
  if (distinct.includes("bool")) return distinct.length === 1 && !missing ? "bool" : "object";
  let result: NumericDType;
  if (distinct.length === 1) result = distinct[0]!;
  else if (distinct.some((d) => d === "float32" || d === "float64")) {
    const small = distinct.every((d) => d === "float32" || (BITS[d] ?? 64) <= 16);
    result = small ? "float32" : "float64";
  } else {
    const signed = Math.max(0, ...distinct.filter((d) => d.startsWith("int")).map((d) => BITS[d]!));
    const unsigned = Math.max(0, ...distinct.filter((d) => d.startsWith("uint")).map((d) => BITS[d]!));
    if (signed === 0) result = `uint${unsigned}` as NumericDType;
    else if (unsigned < signed) result = `int${signed}` as NumericDType;
    else result = unsigned >= 32 ? "int64" : (`int${unsigned * 2}` as NumericDType);
  }
  return missing && result !== "float32" && result !== "float64" ? "float64" : result;
}

/**
 * A column of `values` with the dtype pandas infers: bool for booleans, int64 for integers,
 * float64 for numbers (null as NaN), object for anything else.
 */
export function inferColumn(values: readonly Value[]): Column {
  if (values.length > 0 && values.every((v) => typeof v === "boolean")) return numeric("bool", values.map(Number));
  if (values.length > 0 && values.every((v) => typeof v === "number" || v === null)) {
    const integers = values.every((v) => typeof v === "number" && Number.isInteger(v));
    return numeric(integers ? "int64" : "float64", values.map((v) => (v === null ? NaN : (v as number))));
  }
  return new ObjectColumn(values);
}
