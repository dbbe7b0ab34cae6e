/**
 * BlueETL's query language (`etl.q`): keys are columns or index levels (a column wins), values
 * are scalars (equality), lists (membership) or operator dicts (`eq ne lt le gt ge isin regex`,
 * ANDed); a list of dicts is the OR of them, skipping empty dicts.
 */
import { CategoricalColumn, type Column, NumericColumn, ObjectColumn, type Value } from "./column.ts";

export type Operator = "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "isin" | "regex";
export type Condition = Value;
export type Query = Record<string, Condition>;

export const OPERATORS: readonly Operator[] = ["eq", "ne", "le", "lt", "ge", "gt", "isin", "regex"];

/** A query that cannot be applied: unknown key, bad operator or value. */
export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QueryError";
  }
}

/** The rows matching `queries` (ORed), or undefined when there is nothing to filter. */
export function queryMask(
  length: number,
  lookup: (key: string) => Column,
  queries: readonly Query[],
): Uint8Array | undefined {
  let mask: Uint8Array | undefined;
  for (const query of queries) {
    const keys = Object.keys(query);
    if (keys.length === 0) continue; // an empty dict in a list is skipped, not "everything"
    const and = new Uint8Array(length).fill(1);
    for (const key of keys) andInto(and, compare(lookup(key), query[key], key));
    if (!mask) mask = and;
    else for (let i = 0; i < length; i++) mask[i]! |= and[i]!;
  }
  return mask;
}

function andInto(target: Uint8Array, mask: Uint8Array): void {
  for (let i = 0; i < target.length; i++) target[i]! &= mask[i]!;
}

/** Scalar: equality; list: membership; dict: its operators ANDed. */
export function compare(column: Column, value: Condition, key: string): Uint8Array {
  if (isPlainObject(value)) {
    const ops = Object.keys(value);
    if (ops.length === 0) throw new QueryError(`Empty filter for '${key}'`);
    const unsupported = ops.filter((op) => !OPERATORS.includes(op as Operator));
    if (unsupported.length > 0) {
      throw new QueryError(`Unsupported operator(s) for '${key}': ${JSON.stringify(unsupported)} (use ${OPERATORS.join(", ")})`);
    }
    const mask = new Uint8Array(column.length).fill(1);
    for (const op of ops) andInto(mask, applyOperator(column, op as Operator, value[op], key));
    return mask;
  }
  if (Array.isArray(value)) return isin(column, value, key);
  return equal(column, value, key);
}

function applyOperator(column: Column, op: Operator, value: unknown, key: string): Uint8Array {
  switch (op) {
    case "eq":
      return equal(column, value, key);
    case "ne":
      return equal(column, value, key).map((v) => 1 - v);
    case "isin":
      if (!Array.isArray(value)) {
        throw new QueryError(`'isin' for '${key}' needs a list, got ${JSON.stringify(value)}`);
      }
      return isin(column, value, key);
    case "regex":
      return regex(column, value, key);
    default:
      return order(column, op, value, key);
  }
}

/** Python's `==`: no coercion between strings and numbers, True == 1, NaN and None never equal. */
function equal(column: Column, value: unknown, key: string): Uint8Array {
  const n = column.length;
  const mask = new Uint8Array(n);
  if (column instanceof NumericColumn) {
    const x = typeof value === "boolean" ? Number(value) : value;
    if (typeof x !== "number") return mask;
    const values = column.values;
    for (let i = 0; i < n; i++) mask[i] = values[i] === x ? 1 : 0;
  } else if (column instanceof CategoricalColumn) {
    const code = typeof value === "string" ? column.categories.indexOf(value) : -2;
    if (code < 0) return mask;
    for (let i = 0; i < n; i++) mask[i] = column.codes[i] === code ? 1 : 0;
  } else if (column instanceof ObjectColumn) {
    if (value === null || value === undefined) return mask;
    for (let i = 0; i < n; i++) mask[i] = pythonEquals(column.values[i], value) ? 1 : 0;
  } else {
    throw new QueryError(`'${key}' holds lists: it cannot be compared to a value`);
  }
  return mask;
}

function isin(column: Column, values: readonly unknown[], key: string): Uint8Array {
  const n = column.length;
  const mask = new Uint8Array(n);
  if (column instanceof NumericColumn) {
    const wanted = new Set(values.filter((v) => typeof v === "number" || typeof v === "boolean").map(Number));
    const nan = values.some((v) => typeof v === "number" && Number.isNaN(v));
    const data = column.values;
    for (let i = 0; i < n; i++) mask[i] = wanted.has(data[i]!) || (nan && Number.isNaN(data[i]!)) ? 1 : 0;
  } else if (column instanceof CategoricalColumn) {
    const wanted = new Uint8Array(column.categories.length + 1);
    column.categories.forEach((c, i) => (wanted[i + 1] = values.includes(c) ? 1 : 0));
    wanted[0] = values.some((v) => v === null || (typeof v === "number" && Number.isNaN(v))) ? 1 : 0;
    for (let i = 0; i < n; i++) mask[i] = wanted[column.codes[i]! + 1]!;
  } else if (column instanceof ObjectColumn) {
    for (let i = 0; i < n; i++) mask[i] = values.some((v) => pythonEquals(column.values[i], v)) ? 1 : 0;
  } else {
    throw new QueryError(`'${key}' holds lists: membership cannot be tested`);
  }
  return mask;
}

/** `str.contains`: a regular expression search, matching anywhere in the value. */
function regex(column: Column, pattern: unknown, key: string): Uint8Array {
  if (typeof pattern !== "string") throw new QueryError(`'regex' for '${key}' needs a string pattern`);
  const re = new RegExp(pattern);
  const n = column.length;
  const mask = new Uint8Array(n);
  if (column instanceof CategoricalColumn) {
    const matches = column.categories.map((c) => re.test(c));
    for (let i = 0; i < n; i++) {
      const code = column.codes[i]!;
      if (code < 0) throw new QueryError(`'regex' on '${key}': the column has missing values (NaN)`);
      mask[i] = matches[code] ? 1 : 0;
    }
    return mask;
  }
  if (column instanceof ObjectColumn) {
    for (let i = 0; i < n; i++) {
      const v = column.values[i];
      if (typeof v !== "string") {
        throw new QueryError(`'regex' on '${key}': expected strings, found ${v === null || v === undefined ? "a missing value (None/NaN)" : JSON.stringify(v)}`);
      }
      mask[i] = re.test(v) ? 1 : 0;
    }
    return mask;
  }
  throw new QueryError(`'regex' on '${key}': it can only be used on string columns (the column is ${column.dtype})`);
}

type Ordering = "lt" | "le" | "gt" | "ge";
const ORDERINGS: Record<Ordering, (a: number | string, b: number | string) => boolean> = {
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
};

function order(column: Column, op: Ordering, value: unknown, key: string): Uint8Array {
  const test = ORDERINGS[op];
  const n = column.length;
  const mask = new Uint8Array(n);
  if (column instanceof CategoricalColumn) {
    throw new QueryError(`'${op}' on '${key}': unordered categoricals can only be compared for equality`);
  }
  if (column instanceof NumericColumn) {
    const x = typeof value === "boolean" ? Number(value) : value;
    if (typeof x !== "number") throw new QueryError(`'${op}' on '${key}': cannot compare numbers with ${JSON.stringify(value)}`);
    const values = column.values;
    for (let i = 0; i < n; i++) mask[i] = test(values[i]!, x) ? 1 : 0;
    return mask;
  }
  if (column instanceof ObjectColumn) {
    for (let i = 0; i < n; i++) {
      const v = column.values[i];
      if (typeof v !== typeof value || (typeof v !== "string" && typeof v !== "number")) {
        throw new QueryError(`'${op}' on '${key}': cannot compare ${JSON.stringify(v)} with ${JSON.stringify(value)}`);
      }
      mask[i] = test(v as string, value as string) ? 1 : 0;
    }
    return mask;
  }
  throw new QueryError(`'${key}' holds lists: it cannot be ordered`);
}

function pythonEquals(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (typeof a === "boolean" || typeof b === "boolean") return Number(a) === Number(b) && typeof a !== "string" && typeof b !== "string";
  return a === b;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}
