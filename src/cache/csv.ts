/**
 * Tables as CSV, the way the golden outputs of BlueETL were written: the index reset into
 * ordinary columns, floats with 17 significant digits (`%.17g`, an exact round trip), NaN and
 * None as empty fields, booleans as True/False, lists as JSON arrays.
 */
import { CategoricalColumn, type Column, type DataFrame, ListColumn, NumericColumn, type Value } from "../frame/index.ts";
import { writeAll } from "./durable.js";

const ROWS_PER_WRITE = 1 << 14;

/** Write `frame` as CSV to the open file `fd`, in blocks of rows (a big report never becomes one string); the bytes written. */
export function writeCsv(fd: number, frame: DataFrame): number {
  const names = [...frame.indexNames, ...frame.columnNames];
  const cells = names.map((name) => cellFormatter(frame.column(name)));
  let bytes = writeAll(fd, Buffer.from(`${names.map(quote).join(",")}\n`));
  for (let start = 0; start < frame.length; start += ROWS_PER_WRITE) {
    const lines: string[] = [];
    const end = Math.min(start + ROWS_PER_WRITE, frame.length);
    for (let r = start; r < end; r++) lines.push(cells.map((cell) => cell(r)).join(","));
    bytes += writeAll(fd, Buffer.from(`${lines.join("\n")}\n`));
  }
  return bytes;
}

function cellFormatter(column: Column): (row: number) => string {
  if (column instanceof NumericColumn) {
    const { values, dtype } = column;
    if (dtype === "bool") return (r) => (values[r] ? "True" : "False");
    if (dtype.startsWith("float")) return (r) => formatFloat(values[r]!);
    return (r) => String(values[r]);
  }
  if (column instanceof CategoricalColumn) {
    const categories = column.categories.map(quote);
    return (r) => (column.codes[r]! < 0 ? "" : categories[column.codes[r]!]!);
  }
  if (column instanceof ListColumn) return (r) => quote(formatList(column.get(r)));
  return (r) => quote(formatValue(column.get(r)));
}

function formatValue(value: Value): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return formatFloat(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  if (Array.isArray(value) && value.every((v) => typeof v === "number")) return formatList(value);
  return JSON.stringify(value);
}

function formatList(values: readonly number[]): string {
  return `[${values.map(formatFloat).join(", ")}]`;
}

/** C's `%.17g`: 17 significant digits, trailing zeros dropped, exponent form below 1e-4 or from 1e17. */
export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return "";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const [mantissa, exponentText] = x.toExponential(16).split("e") as [string, string];
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 17) {
    const sign = exponent < 0 ? "-" : "+";
    return `${stripZeros(mantissa)}e${sign}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  return stripZeros(x.toFixed(16 - exponent));
}

function stripZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

function quote(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
