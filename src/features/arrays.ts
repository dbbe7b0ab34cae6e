/** Typed-array helpers of the feature kernels. */
import type { DataFrame, NumericColumn } from "../frame/index.ts";

/** A numeric column's values as float64 (shared when they already are). */
export function float64Values(table: DataFrame, name: string): Float64Array {
  const data = (table.column(name) as NumericColumn).values;
  return data instanceof Float64Array ? data : Float64Array.from(data);
}

/** The largest value, at least 0 (the size of a lookup table indexed by ids). */
export function maxId(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max;
}
