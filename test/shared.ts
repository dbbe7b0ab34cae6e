/** Access to `../shared` (real SONATA files and golden cases), which tests skip without (except in CI). */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { needs } from "./requirements.ts";

export const SHARED = resolve(import.meta.dirname, "..", "..", "shared");
export const HAS_SHARED = existsSync(join(SHARED, "data"));
/** Pass as the options of a test or suite that needs `../shared`. */
export const NEEDS_SHARED = needs(HAS_SHARED, `../shared not found at ${SHARED}`);

export function sharedData(...parts: string[]): string {
  return join(SHARED, "data", ...parts);
}
