/** Access to `../shared` (real SONATA files and golden cases), which tests skip without. */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

export const SHARED = resolve(import.meta.dirname, "..", "..", "shared");
export const HAS_SHARED = existsSync(join(SHARED, "data"));
/** Pass as the options of a test or suite that needs `../shared`. */
export const NEEDS_SHARED = { skip: HAS_SHARED ? false : `../shared not found at ${SHARED}` };

export function sharedData(...parts: string[]): string {
  return join(SHARED, "data", ...parts);
}
