/** The golden cases of ../shared/golden, each run from a temporary copy beside a link to ../data. */
import { cpSync, existsSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { SHARED } from "../shared.ts";
import { tempDir } from "../tmp.ts";

export const GOLDEN = join(SHARED, "golden");
export const GOLDEN_CASES = existsSync(GOLDEN)
  ? readdirSync(GOLDEN, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
  : [];

export interface GoldenNames {
  analyses: string[];
  repo: Record<string, string[]>;
  features: Record<string, string[]>;
}

/** A copy of the case: `<tmp>/golden/<case>/analysis_config.yaml`, with `<tmp>/data` -> ../shared/data. */
export function copyCase(name: string): { dir: string; config: string } {
  const root = tempDir(`golden-${name}`);
  cpSync(join(GOLDEN, name), join(root, "golden", name), { recursive: true });
  symlinkSync(join(SHARED, "data"), join(root, "data"));
  const dir = join(root, "golden", name);
  return { dir, config: join(dir, "analysis_config.yaml") };
}
