/**
 * Where a column goes: `values` of the table's length (numbers, or codes into `categories`); for
 * lists, each row's length in `offsets` (at the row + 1), the items in `values` from
 * `starts[group]`, and each row group's number of items in `items`.
 */
export interface FillTarget {
  /** The C data interface's format expected of the column ("g", "l", "c:u", "+l[g]"). */
  format: string;
  values: Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;
  categories?: string[];
  offsets?: Int32Array;
  starts?: number[];
  items?: Int32Array;
}
/** A row group this filler does not take (a missing value, a category not stored, another type). */
export class Refused extends Error {}
/**
 * The row group `g` (its bytes read by `read(into, position)`) decoded by parquet-wasm into
 * `targets` from row `first`; the largest high word of each int64 column's values (-2^31 for the others).
 */
export function fillRowGroup(
  parquet: unknown,
  group: { start: number; end: number; footer: Uint8Array },
  read: (into: Uint8Array, position: number) => void,
  targets: FillTarget[],
  g: number,
  first: number,
): number[];
