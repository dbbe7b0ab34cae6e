/**
 * Features computed for several parameter sets (configs with a suffix), viewed as one table: the
 * parameters of each set (`params`), those that vary and their short names (`aliases`), and the
 * tables concatenated with a `params_id` and one column per varying parameter (`df`).
 */
import { inferColumn } from "../campaign/index.ts";
import { type Column, DataFrame, UNNAMED_INDEX, type Value, isPlainObject, numeric, objects, withRangeIndex } from "../frame/index.ts";
import { FeaturesError } from "./errors.ts";

export interface ParameterSet {
  /** The features table computed with these parameters. */
  df: DataFrame;
  params: Record<string, unknown>;
}

export class ConcatenatedFeatures {
  private cache: { params?: DataFrame; aliases?: DataFrame; df?: DataFrame } = {};

  constructor(
    readonly name: string,
    private readonly sets: readonly ParameterSet[],
  ) {}

  /** One row per parameter set (index `params_id`), nested parameters flattened to dotted names. */
  get params(): DataFrame {
    if (!this.cache.params) {
      const flat = this.sets.map((set) => flatten(set.params));
      const names = [...new Set(flat.flatMap((f) => [...f.keys()]))];
      // pandas' RangeIndex named params_id, as BlueETL's (stored as metadata only).
      this.cache.params = withRangeIndex(
        new DataFrame(
          [
            ["params_id", numeric("int64", this.sets.map((_, i) => i))],
            ...names.map((n) => [n, inferColumn(flat.map((f) => (f.has(n) ? f.get(n) : null)))] as [string, Column]),
          ],
          { index: ["params_id"] },
        ),
      );
    }
    return this.cache.params;
  }

  /** The parameters that vary, each with its last dotted component as alias when unambiguous. */
  get aliases(): DataFrame {
    if (!this.cache.aliases) {
      const params = this.params;
      const varying = params.columnNames.filter((c) => !allEqual(params.column(c)));
      const short = varying.map((c) => c.split(".").pop()!);
      this.cache.aliases = new DataFrame({
        column: objects(varying),
        alias: objects(varying.map((c, i) => (short.filter((s) => s === short[i]).length === 1 ? short[i]! : c))),
      });
    }
    return this.cache.aliases;
  }

  /** Every parameter set's table, with `params_id` and the varying parameters as last columns. */
  get df(): DataFrame {
    if (!this.cache.df) {
      const aliases = this.aliases.records();
      const params = this.params;
      // pandas keeps the row labels of tables without an index: concatenated, they repeat.
      const labels = this.sets.length > 1;
      const parts = this.sets.map((set, id) => {
        const rows = set.df.length;
        const base = set.df.indexNames.length > 0 || !labels ? set.df : withRowLabels(set.df);
        const extra: Array<[string, Column]> = [["params_id", numeric("int64", new Float64Array(rows).fill(id))]];
        for (const { column, alias } of aliases) {
          const value = params.value(column as string, id);
          extra.push([alias as string, constant(value, rows)]);
        }
        return new DataFrame([...base.entries(), ...extra], { index: base.indexNames });
      });
      this.cache.df = DataFrame.concat(parts);
    }
    return this.cache.df;
  }
}

/** BlueETL's `extract_items`: nested dicts as dotted paths; lists are values. */
function flatten(params: Record<string, unknown>, prefix = "", out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, value] of Object.entries(params)) {
    if (key.includes(".")) throw new FeaturesError(`parameter names cannot contain '.': '${key}'`);
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value)) flatten(value, path, out);
    else out.set(path, value);
  }
  return out;
}

function allEqual(column: Column): boolean {
  const first = JSON.stringify(column.get(0));
  for (let i = 1; i < column.length; i++) if (JSON.stringify(column.get(i)) !== first) return false;
  return true;
}

/** The row labels of a table without an index, as an unnamed index (shown as `index`). */
function withRowLabels(df: DataFrame): DataFrame {
  const labels = numeric("int64", Float64Array.from({ length: df.length }, (_, i) => i));
  return new DataFrame([[UNNAMED_INDEX, labels], ...df.entries()], { index: [UNNAMED_INDEX], attrs: df.attrs });
}

function constant(value: Value, n: number): Column {
  return inferColumn(new Array<Value>(n).fill(value));
}
