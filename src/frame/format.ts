/** Printing a table as pandas does: aligned columns, head and tail of long tables, sparse index. */
import { type Column, NumericColumn, type Value } from "./column.ts";
import type { DataFrame } from "./dataframe.ts";

const SHOWN = 5; // rows shown at each end of a long table

export function formatFrame(frame: DataFrame, maxRows: number): string {
  const n = frame.length;
  const cut = n > maxRows;
  const rows = cut
    ? [...Array.from({ length: SHOWN }, (_, i) => i), ...Array.from({ length: SHOWN }, (_, i) => n - SHOWN + i)]
    : Array.from({ length: n }, (_, i) => i);
  const index = frame.indexNames;
  const cells: string[][] = [];
  const header: string[] = [];
  if (index.length === 0) {
    header.push("");
    cells.push(rows.map(String));
  }
  for (const name of index) {
    header.push(name);
    cells.push(formatColumn(frame.column(name), rows));
  }
  sparsify(cells.slice(0, index.length), rows);
  for (const name of frame.columnNames) {
    header.push(name);
    cells.push(formatColumn(frame.column(name), rows));
  }
  const left = Math.max(index.length, 1);
  const widths = header.map((h, c) => Math.max(h.length, ...cells[c]!.map((s) => s.length), cut ? 3 : 0));
  const pad = (s: string, c: number) => (c < left ? s.padEnd(widths[c]!) : s.padStart(widths[c]!));
  const lines = [header.map(pad).join("  ").trimEnd()];
  rows.forEach((_, r) => {
    if (cut && r === SHOWN) lines.push(header.map((__, c) => pad("...", c)).join("  ").trimEnd());
    lines.push(cells.map((col, c) => pad(col[r]!, c)).join("  ").trimEnd());
  });
  lines.push("", `[${n} rows x ${frame.columnNames.length} columns]`);
  return lines.join("\n");
}

/** Blank an index value repeated from the row above (and whose outer levels repeat too). */
function sparsify(levels: string[][], rows: number[]): void {
  for (let r = rows.length - 1; r > 0; r--) {
    if (rows[r]! !== rows[r - 1]! + 1) continue;
    for (let l = 0; l < levels.length - 1; l++) {
      if (levels[l]![r] !== levels[l]![r - 1]) break;
      if (levels.slice(0, l).some((level) => level[r] !== "")) break;
      levels[l]![r] = "";
    }
  }
}

function formatColumn(column: Column, rows: number[]): string[] {
  if (column instanceof NumericColumn && !column.isInteger) {
    const values = rows.map((r) => column.values[r]!);
    const decimals = Math.max(0, ...values.filter(Number.isFinite).map(decimalsOf));
    return values.map((v) => (Number.isNaN(v) ? "NaN" : Number.isFinite(v) ? v.toFixed(Math.max(decimals, 1)) : v > 0 ? "inf" : "-inf"));
  }
  // pandas shows a missing value as None in an object column, NaN elsewhere.
  const missing = column.dtype === "object" ? "None" : "NaN";
  return rows.map((r) => {
    const value = column.get(r);
    return value === null || value === undefined ? missing : formatValue(value);
  });
}

/** Decimals needed to show `v` with 6 significant digits after the point, trailing zeros cut. */
function decimalsOf(v: number): number {
  const fixed = v.toFixed(6).replace(/0+$/, "");
  const dot = fixed.indexOf(".");
  return dot < 0 ? 0 : fixed.length - dot - 1;
}

export function formatValue(value: Value): string {
  if (value === null || value === undefined) return "NaN";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (typeof value === "string") return value;
  if (Array.isArray(value)) {
    const shown = value.slice(0, 6).map(formatValue).join(", ");
    return `[${shown}${value.length > 6 ? ", ..." : ""}]`;
  }
  return JSON.stringify(value);
}
