/**
 * Comparison of our tables with the golden DataFrames of Python BlueETL (CSV + JSON sidecar):
 * columns and their order (index first), dtypes, categories, row order and values, floats bit
 * for bit unless a column is listed as machine-dependent.
 */
import { readFileSync } from "node:fs";
import { CategoricalColumn, type Column, type DataFrame, ListColumn, NumericColumn } from "../../src/frame/index.ts";
import { parseCsv } from "./csv.ts";

interface ColumnInfo {
  dtype: string;
  null_count: number;
  categories?: string[];
  cell_types?: string;
  encoding?: string;
}

export interface Golden {
  columns: string[];
  index_columns: string[];
  row_count: number;
  column_info: Record<string, ColumnInfo>;
  attrs: Record<string, unknown>;
  rows: string[][];
}

export function readGolden(base: string): Golden {
  const meta = JSON.parse(readFileSync(`${base}.json`, "utf8")) as Omit<Golden, "rows">;
  const [header, ...rows] = parseCsv(readFileSync(`${base}.csv`, "utf8"));
  if (header!.join() !== meta.columns.join()) throw new Error(`${base}: CSV header differs from the sidecar`);
  return { ...meta, rows };
}

export interface CompareOptions {
  /** Columns whose floats may differ by this relative amount (computed with numpy's AVX-512 exp). */
  tolerance?: Record<string, number>;
}

/** Differences between our table and the golden one (empty when equal). */
export function compareTable(ours: DataFrame, golden: Golden, options: CompareOptions = {}): string[] {
  const problems: string[] = [];
  const names = [...ours.indexNames, ...ours.columnNames];
  if (names.join() !== golden.columns.join()) {
    return [`columns: ours [${names.join(", ")}], golden [${golden.columns.join(", ")}]`];
  }
  if (ours.indexNames.join() !== golden.index_columns.join()) {
    problems.push(`index: ours [${ours.indexNames.join(", ")}], golden [${golden.index_columns.join(", ")}]`);
  }
  if (ours.length !== golden.row_count) return [...problems, `rows: ours ${ours.length}, golden ${golden.row_count}`];
  golden.columns.forEach((name, c) => {
    const info = golden.column_info[name]!;
    const column = ours.column(name);
    const dtype = dtypeOf(column);
    if (dtype !== info.dtype) problems.push(`${name}: dtype ours ${dtype}, golden ${info.dtype}`);
    if (info.categories && column instanceof CategoricalColumn && column.categories.join("\u0000") !== info.categories.join("\u0000")) {
      problems.push(`${name}: categories ours [${column.categories.join(", ")}], golden [${info.categories.join(", ")}]`);
    }
    let shown = 0;
    for (let r = 0; r < ours.length && shown < 3; r++) {
      const expected = golden.rows[r]![c]!;
      if (!sameCell(column, r, expected, info, options.tolerance?.[name] ?? 0)) {
        problems.push(`${name} row ${r}: ours ${JSON.stringify(column.get(r))}, golden ${JSON.stringify(expected)}`);
        shown++;
      }
    }
  });
  return problems;
}

function dtypeOf(column: Column): string {
  if (column instanceof NumericColumn) return column.dtype;
  if (column instanceof CategoricalColumn) return "category";
  return "object";
}

function sameCell(column: Column, row: number, expected: string, info: ColumnInfo, tolerance: number): boolean {
  const value = column.get(row);
  if (column instanceof ListColumn || info.encoding === "json-array") {
    return JSON.stringify(value) === JSON.stringify(expected === "" ? null : JSON.parse(expected));
  }
  if (column instanceof NumericColumn) {
    if (column.dtype === "bool") return (value ? "True" : "False") === expected;
    const number = value as number;
    if (expected === "") return Number.isNaN(number);
    const wanted = Number(expected);
    if (number === wanted) return true;
    return tolerance > 0 && Math.abs(number - wanted) <= tolerance * Math.max(Math.abs(wanted), Number.MIN_VALUE);
  }
  if (value === null || value === undefined) return expected === "";
  if (typeof value === "string" && expected.startsWith("<data>/")) return value.endsWith(expected.slice("<data>".length));
  if (typeof value === "number") return expected !== "" && Number(expected) === value;
  if (typeof value === "boolean") return (value ? "True" : "False") === expected;
  return String(value) === expected;
}

/** Differences between a CSV we wrote and the golden CSV, cell by cell as text. */
export function compareCsv(rows: string[][], golden: Golden, tolerance: Record<string, number> = {}): string[] {
  const [header, ...body] = rows;
  if (header!.join() !== golden.columns.join()) return [`columns: ours [${header!.join(", ")}], golden [${golden.columns.join(", ")}]`];
  if (body.length !== golden.rows.length) return [`rows: ours ${body.length}, golden ${golden.rows.length}`];
  const problems: string[] = [];
  golden.columns.forEach((name, c) => {
    let shown = 0;
    for (let r = 0; r < body.length && shown < 3; r++) {
      const ours = body[r]![c]!;
      const expected = golden.rows[r]![c]!;
      if (ours === expected) continue;
      if (expected.startsWith("<data>/") && ours.endsWith(expected.slice("<data>".length))) continue;
      const relative = tolerance[name] ?? 0;
      if (relative > 0 && Math.abs(Number(ours) - Number(expected)) <= relative * Math.abs(Number(expected))) continue;
      problems.push(`${name} row ${r}: ours ${JSON.stringify(ours)}, golden ${JSON.stringify(expected)}`);
      shown++;
    }
  });
  return problems;
}
