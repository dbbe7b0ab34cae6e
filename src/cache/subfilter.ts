/**
 * blueetl-core's `is_subfilter(left, right, strict)`: whether the simulations filter `left`
 * selects a subset of what `right` selects, decided on the filters alone (conservatively).
 */
import { isPlainObject, type Query } from "../frame/index.ts";
import { CacheError } from "./errors.ts";

type Normalized = Record<string, unknown>;
const OPERATORS = ["isin", "eq", "ne", "le", "lt", "ge", "gt"];

function normalize(value: unknown): Normalized {
  if (Array.isArray(value)) return { isin: value };
  if (!isPlainObject(value)) return { isin: [value] };
  const out: Normalized = { ...value };
  if ("regex" in out) throw new CacheError("a simulations_filter with 'regex' cannot be compared with the cached one: clear the cache");
  if ("eq" in out) {
    const eq = out["eq"];
    delete out["eq"];
    out["isin"] = "isin" in out ? ((out["isin"] as unknown[]).some((v) => same(v, eq)) ? [eq] : []) : [eq];
  }
  for (const op of Object.keys(out)) if (!OPERATORS.includes(op)) throw new CacheError(`unknown operator '${op}' in simulations_filter`);
  return out;
}

export function isSubfilter(left: Query, right: Query, strict = false): boolean {
  let narrower = Object.keys(left).some((k) => !(k in right));
  for (const key of Object.keys(right)) {
    if (!(key in left)) return false;
    const l = normalize(left[key]);
    const r = normalize(right[key]);
    if (strict && same(l, r)) continue;
    for (const op of Object.keys(r)) {
      if (!(op in l)) return false;
      const a = l[op];
      const b = r[op];
      const ok =
        op === "ne" ? same(a, b)
        : op === "le" || op === "lt" ? (a as number) <= (b as number)
        : op === "ge" || op === "gt" ? (a as number) >= (b as number)
        : (a as unknown[]).every((v) => (b as unknown[]).some((w) => same(v, w)));
      if (!ok) return false;
    }
    narrower = true;
  }
  return strict ? narrower : true;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
