/** Checksums of configs and files: BLAKE2b-512 of JSON with sorted keys, as BlueETL computes them. */
import { createHash } from "node:crypto";
import { isPlainObject } from "../frame/index.ts";

/** JSON as Python's `json.dumps` writes it: `", "` and `": "` separators, ASCII only. */
export function pythonJson(value: unknown, sortKeys = false): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
    return String(value);
  }
  if (typeof value === "string") return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (Array.isArray(value)) return `[${value.map((v) => pythonJson(v, sortKeys)).join(", ")}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    if (sortKeys) keys.sort();
    return `{${keys.map((k) => `${pythonJson(k)}: ${pythonJson(value[k], sortKeys)}`).join(", ")}}`;
  }
  return pythonJson(String(value));
}

export function checksumString(text: string): string {
  return createHash("blake2b512").update(text, "utf8").digest("hex");
}

/** `checksum_json`: of the object as JSON with sorted keys. */
export function checksumJson(value: unknown): string {
  return checksumString(pythonJson(value, true));
}
