/**
 * Printing a table as pandas' repr does (pandas 2.x `DataFrame.to_string` through its
 * `DataFrameFormatter`): numbers formatted column by column as pandas formats them, index
 * levels left-aligned and sparsified with their names on a line of their own, head and tail of
 * a long table, and, within a width, the middle columns replaced by `...`.
 */
import { CategoricalColumn, type Column, ListColumn, NumericColumn, ObjectColumn, type Value } from "./column.ts";
import { type DataFrame, UNNAMED_INDEX } from "./dataframe.ts";
import { reprPython, toExponentialPython, toFixedPython } from "./numbers.ts";

export interface FormatOptions {
  /** Longer tables show their first and last 5 rows (pandas' max_rows, min_rows 10). Default 60. */
  maxRows?: number | undefined;
  /** More columns than this show the first and last halves around `...` (pandas' max_columns). */
  maxColumns?: number | undefined;
  /** Columns are dropped from the middle until the lines fit (pandas in a terminal). */
  width?: number | undefined;
}

const MIN_ROWS = 10;
const MAX_COLUMN_WIDTH = 50; // display.max_colwidth
const PRECISION = 6; // display.precision
const MAX_SEQUENCE_ITEMS = 100; // display.max_seq_items

export function formatFrame(frame: DataFrame, options: FormatOptions = {}): string {
  const columns = frame.columnNames;
  const n = frame.length;
  if (n === 0 || columns.length === 0) return emptyFrame(frame, columns);
  const maxRows = options.maxRows ?? 60;
  let rows = Array.from({ length: n }, (_, i) => i);
  let rowCut: number | undefined; // where the `...` row goes
  if (n > maxRows) {
    const shown = Math.min(MIN_ROWS, maxRows);
    rowCut = Math.floor(shown / 2);
    rows = rowCut >= 1 ? [...rows.slice(0, rowCut), ...rows.slice(n - rowCut)] : rows.slice(0, (rowCut = shown));
  }
  let fitted = options.maxColumns ?? Infinity;
  if (options.width !== undefined && Number.isFinite(options.width)) {
    fitted = Math.min(fitted, columnsFitting(strColumns(frame, rows, columns, rowCut, undefined), options.width));
  }
  let shownColumns = columns;
  let columnCut: number | undefined;
  if (columns.length > fitted) {
    columnCut = Math.floor(fitted / 2);
    shownColumns = columnCut >= 1 ? [...columns.slice(0, columnCut), ...columns.slice(columns.length - columnCut)] : columns.slice(0, (columnCut = fitted));
  }
  const text = adjoin(strColumns(frame, rows, shownColumns, rowCut, columnCut));
  return rowCut !== undefined || columnCut !== undefined ? `${text}\n\n[${n} rows x ${columns.length} columns]` : text;
}

/** pandas' `_fit_strcols_to_terminal_width`: how many columns stay once middle ones are dropped. */
function columnsFitting(strcols: string[][], width: number): number {
  const lines = adjoin(strcols).split("\n");
  let excess = Math.max(...lines.map((l) => l.length)) - width + 1;
  const lengths = strcols.map((col) => Math.max(...col.map((s) => s.length)));
  while (excess > 0 && lengths.length > 1) {
    const mid = roundHalfEven(lengths.length / 2);
    excess -= lengths[mid]! + 1;
    lengths.splice(mid, 1);
  }
  return Math.max(lengths.length - 1, 2);
}

function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  return diff > 0.5 || (diff === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
}

/** The index column, then one column of cells per table column, with `...` cells where rows or columns are cut. */
function strColumns(frame: DataFrame, rows: number[], columns: string[], rowCut: number | undefined, columnCut: number | undefined): string[][] {
  const named = frame.indexNames.some((name) => name !== UNNAMED_INDEX);
  const index = indexColumn(frame, rows, named);
  const strcols = [index, ...columns.map((name) => valueColumn(frame.column(name), name, rows, named))];
  if (columnCut !== undefined) strcols.splice(columnCut + 1, 0, new Array<string>(index.length).fill(" ..."));
  if (rowCut !== undefined) {
    const headerRows = index.length - rows.length;
    strcols.forEach((col, c) => {
      const dotColumn = columnCut !== undefined && c === columnCut + 1;
      const width = dotColumn ? 4 : col[rowCut]!.length;
      const dots = width > 3 || dotColumn ? "..." : "..";
      col.splice(rowCut + headerRows, 0, c === 0 ? dots.padEnd(width) : dots.padStart(width));
    });
  }
  return strcols;
}

/** `adjoin(1, ...)`: each column left-justified to its width, one space after all but the last. */
function adjoin(strcols: string[][]): string {
  const widths = strcols.map((col, c) => Math.max(...col.map((s) => s.length)) + (c < strcols.length - 1 ? 1 : 0));
  const height = Math.max(...strcols.map((col) => col.length));
  const lines: string[] = [];
  for (let r = 0; r < height; r++) lines.push(strcols.map((col, c) => (col[r - (height - col.length)] ?? "").padEnd(widths[c]!)).join(""));
  return lines.join("\n");
}

/** The index: a blank line above (the column header), the names line if any level has a name, the labels. */
function indexColumn(frame: DataFrame, rows: number[], named: boolean): string[] {
  const names = frame.indexNames;
  let levels: string[][];
  if (names.length === 0) {
    const labels = frame.rowLabels;
    levels = [trimFront(rows.map((r) => ` ${labels ? labels[r]! : r}`))];
  } else {
    levels = names.map((name) => [...(named ? [name === UNNAMED_INDEX ? "" : name] : []), ...indexLabels(frame.column(name), rows)]);
    if (levels.length > 1) sparsify(levels, named ? 1 : 0);
  }
  const fixed = levels.map((level) => fixedWidth(level, "left"));
  return ["", ...adjoin(fixed).split("\n")];
}

/** Labels of an index level as pandas' Index formats them (leading spaces trimmed). */
function indexLabels(column: Column, rows: number[]): string[] {
  const cells = formatCells(column, rows);
  return column instanceof NumericColumn ? trimFront(fixedWidth(cells, "left")) : trimFront(cells);
}

/** pandas' `sparsify_labels`: a label equal to the one above (and whose outer labels are too) is blanked. */
function sparsify(levels: string[][], start: number): void {
  const height = levels[0]!.length;
  const original = levels.map((level) => [...level]);
  for (let r = start + 1; r < height; r++) {
    for (let l = 0; l < levels.length - 1; l++) {
      if (original[l]![r] !== original[l]![r - 1]) break;
      levels[l]![r] = "";
    }
  }
}

function trimFront(cells: string[]): string[] {
  let out = cells;
  while (out.length > 0 && out.every((s) => s.startsWith(" "))) out = out.map((s) => s.slice(1));
  return out;
}

/** A column's header (and the blank below it when the index names have a line) above its cells, right-aligned. */
function valueColumn(column: Column, name: string, rows: number[], named: boolean): string[] {
  const header = [column instanceof NumericColumn ? ` ${name}` : name, ...(named ? [""] : [])];
  const headerWidth = Math.max(...header.map((h) => h.length));
  const cells = fixedWidth(formatCells(column, rows), "right", headerWidth);
  const width = Math.max(headerWidth, ...cells.map((s) => s.length));
  return [...header.map((h) => h.padStart(width)), ...cells];
}

/** pandas' `_make_fixed_width`: cut to display.max_colwidth and justified. */
function fixedWidth(cells: string[], justify: "left" | "right", minimum = 0): string[] {
  if (cells.length === 0) return cells;
  const width = Math.min(Math.max(minimum, ...cells.map((s) => s.length)), MAX_COLUMN_WIDTH);
  return cells.map((s) => {
    const cut = s.length > width ? `${s.slice(0, width - 3)}...` : s;
    return justify === "left" ? cut.padEnd(width) : cut.padStart(width);
  });
}

/** The cells of rows `rows`, each with pandas' leading space. */
function formatCells(column: Column, rows: number[]): string[] {
  if (column instanceof NumericColumn) {
    if (!column.isInteger) return formatFloats(rows.map((r) => column.values[r]!));
    if (column.dtype === "bool") return rows.map((r) => (column.values[r] ? " True" : " False"));
    return rows.map((r) => {
      const v = column.values[r]!;
      return Number.isNaN(v) ? "NaN" : v < 0 ? String(v) : ` ${v}`;
    });
  }
  if (column instanceof CategoricalColumn) return rows.map((r) => ` ${column.get(r) ?? "NaN"}`);
  if (column instanceof ListColumn) return rows.map((r) => ` ${pythonList(column.get(r), reprPython)}`);
  return rows.map((r) => objectCell((column as ObjectColumn).values[r]));
}

function objectCell(value: Value): string {
  if (value === null || value === undefined) return " None";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return " NaN";
    if (!Number.isInteger(value)) return trimZerosSingle(pythonSpaced(toFixedPython(value, PRECISION)));
  }
  return ` ${pythonText(value)}`;
}

/** pandas' FloatArrayFormatter: fixed with 6 decimals, trailing zeros cut alike, scientific when needed. */
function formatFloats(values: number[]): string[] {
  const fixed = trimZeros(values.map((v) => (Number.isNaN(v) ? "NaN" : pythonSpaced(toFixedPython(v, PRECISION)))));
  const tooLong = Math.max(...fixed.map((s) => s.length)) > PRECISION + 6;
  const large = values.some((v) => Math.abs(v) > 1e6);
  const small = values.some((v) => Math.abs(v) < 10 ** -PRECISION && v !== 0);
  if (small || (tooLong && large)) return values.map((v) => (Number.isNaN(v) ? "NaN" : pythonSpaced(toExponentialPython(v, PRECISION))));
  return fixed;
}

/** Python's `" "` sign flag: a space before non-negative numbers. */
function pythonSpaced(s: string): string {
  return s.startsWith("-") ? s : ` ${s}`;
}

const DECIMAL_NUMBER = /^\s*[+-]?[0-9]+\.[0-9]*$/;

/** pandas' `_trim_zeros_float`: trailing zeros cut from every number while all of them end in 0. */
function trimZeros(cells: string[]): string[] {
  let out = cells;
  const numbers = () => out.filter((s) => DECIMAL_NUMBER.test(s));
  while (numbers().length > 0 && numbers().every((s) => s.endsWith("0"))) out = out.map((s) => (DECIMAL_NUMBER.test(s) ? s.slice(0, -1) : s));
  return out.map((s) => (DECIMAL_NUMBER.test(s) && s.endsWith(".") ? `${s}0` : s));
}

function trimZerosSingle(s: string): string {
  return trimZeros([s])[0]!;
}

/** A value as Python's `str` shows it (floats by repr, lists cut after 100 items). */
function pythonText(value: Value): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") return Number.isInteger(value) && Math.abs(value) < 1e16 ? String(value) : reprPython(value);
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return pythonList(value, (v) => (typeof v === "string" ? `'${v}'` : pythonText(v)));
  return JSON.stringify(value);
}

/** A list as pandas prints it: its first 100 items. */
function pythonList<T>(values: readonly T[], text: (value: T) => string): string {
  const shown = values.slice(0, MAX_SEQUENCE_ITEMS).map(text);
  return `[${shown.join(", ")}${values.length > MAX_SEQUENCE_ITEMS ? ", ..." : ""}]`;
}

/** pandas' repr of a table without rows or columns. */
function emptyFrame(frame: DataFrame, columns: string[]): string {
  const labels = Array.from({ length: Math.min(frame.length, MAX_SEQUENCE_ITEMS) }, (_, r) => {
    const values = frame.indexNames.map((name) => pythonText(frame.value(name, r)));
    if (values.length === 0) return String(frame.rowLabels?.[r] ?? r);
    return values.length === 1 ? values[0]! : `(${values.join(", ")})`;
  });
  const more = frame.length > MAX_SEQUENCE_ITEMS ? ", ..." : "";
  return `Empty DataFrame\nColumns: [${columns.join(", ")}]\nIndex: [${labels.join(", ")}${more}]`;
}

/** A cell value in a message or a plain text (not a table). */
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

/** The width of the terminal the process writes to, else $COLUMNS, else 80 (as Python's shutil). */
export function terminalWidth(): number {
  const proc = (globalThis as { process?: { stdout?: { isTTY?: boolean; columns?: number }; env?: Record<string, string | undefined> } }).process;
  if (proc?.stdout?.isTTY && proc.stdout.columns) return proc.stdout.columns;
  const columns = Number(proc?.env?.["COLUMNS"]);
  return columns > 0 ? columns : 80;
}
