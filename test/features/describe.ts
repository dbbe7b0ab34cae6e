/** Everything that makes two tables equal for pandas: index, column names and types, categories, rows and attrs. */
import { CategoricalColumn, type DataFrame } from "../../src/frame/index.ts";

export function described(df: DataFrame) {
  return {
    index: df.indexNames,
    columns: df.names.map((n) => `${n}:${df.column(n).dtype}`),
    categories: df.names.map((n) => (df.column(n) instanceof CategoricalColumn ? (df.column(n) as CategoricalColumn).categories : null)),
    rows: df.records(),
    attrs: df.attrs,
  };
}
