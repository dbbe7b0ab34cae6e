/**
 * The golden cases of ../shared/golden and ../shared/golden-python (whose configs name the
 * user's Python functions), each run from a temporary copy beside a link to ../data.
 */
import { cpSync, existsSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { SHARED } from "../shared.ts";
import { tempDir } from "../tmp.ts";

export interface GoldenCase {
  name: string;
  /** The folder of ../shared it comes from: `golden` or `golden-python`. */
  folder: string;
  /** Whether it runs Python functions (its module lies in its folder, found through PYTHONPATH). */
  python: boolean;
}

function casesOf(folder: string): GoldenCase[] {
  const root = join(SHARED, folder);
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({ name: d.name, folder, python: folder === "golden-python" }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

export const GOLDEN_CASES: GoldenCase[] = [...casesOf("golden"), ...casesOf("golden-python")];

export interface GoldenNames {
  analyses: string[];
  repo: Record<string, string[]>;
  features: Record<string, string[]>;
}

export function goldenDir(golden: GoldenCase): string {
  return join(SHARED, golden.folder, golden.name);
}

/** A copy of the case: `<tmp>/<folder>/<case>/analysis_config.yaml`, with `<tmp>/data` -> ../shared/data. */
export function copyCase(golden: GoldenCase): { dir: string; config: string } {
  const root = tempDir(`golden-${golden.name}`);
  const dir = join(root, golden.folder, golden.name);
  cpSync(goldenDir(golden), dir, { recursive: true });
  symlinkSync(join(SHARED, "data"), join(root, "data"));
  return { dir, config: join(dir, "analysis_config.yaml") };
}
