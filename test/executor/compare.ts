/**
 * Two caches compared: the same files in repo/ and features/, each of the same bytes (files that
 * differ are also decoded, to say whether their tables, values to the bit, dtypes, index,
 * categories in order, attrs, or their footer metadata differ), and the same checksums file less
 * the files' hashes and stamps.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import * as parquet from "parquet-wasm/node";
import YAML from "yaml";
import { readTable } from "../../src/cache/index.ts";
import { described } from "../features/describe.ts";

export function compareCaches(expected: string, actual: string): string[] {
  const problems: string[] = [];
  for (const analysis of readdirSync(expected)) {
    for (const folder of ["repo", "features"]) {
      const files = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);
      const want = files(join(expected, analysis, folder));
      const got = files(join(actual, analysis, folder));
      if (!isDeepStrictEqual(want, got)) problems.push(`${analysis}/${folder}: files ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
      for (const file of want.filter((f) => got.includes(f))) {
        const a = join(expected, analysis, folder, file);
        const b = join(actual, analysis, folder, file);
        if (readFileSync(a).equals(readFileSync(b))) continue;
        problems.push(`${analysis}/${folder}/${file}: the bytes differ`);
        // What differs, decoded.
        const type = file.endsWith(".feather") ? "feather" : "parquet";
        const [ta, tb] = [readTable(a, type), readTable(b, type)];
        if (!isDeepStrictEqual({ ...described(ta), labels: ta.rowLabels }, { ...described(tb), labels: tb.rowLabels })) problems.push(`${analysis}/${folder}/${file}: the tables differ`);
        if (type === "parquet" && !isDeepStrictEqual(footer(a), footer(b))) problems.push(`${analysis}/${folder}/${file}: the footer metadata differs`);
      }
    }
    const checksums = (root: string) => withoutHashes(YAML.parse(readFileSync(join(root, analysis, "config", "checksums.cached.yaml"), "utf8")));
    const [want, got] = [checksums(expected), checksums(actual)];
    if (!isDeepStrictEqual(want, got)) problems.push(`${analysis}: the checksums files differ (less the files' hashes): ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
  return problems;
}

function footer(path: string): Record<string, string> {
  const schema = parquet.readSchema(new Uint8Array(readFileSync(path)));
  const metadata = Object.fromEntries(schema.metadata());
  schema.free();
  return metadata;
}

/**
 * The checksums with each table's hash replaced by whether it is set (features configs keep their
 * keys: config checksums), the table files' stamps (their modification times) by their names, and
 * without the checksums of the stored configs (which name the cache's path) nor the data hashes of
 * the copies of a table (what a run that made the copies itself records, to read their data once).
 */
function withoutHashes(checksums: { repo: Record<string, string | null>; features: Record<string, Record<string, string>>; files?: Record<string, unknown>; stored?: unknown; data?: unknown }) {
  const { stored: _, data: __, ...rest } = checksums;
  return {
    ...rest,
    files: Object.keys(checksums.files ?? {}).sort(),
    repo: Object.fromEntries(Object.entries(checksums.repo).map(([name, hash]) => [name, hash !== null])),
    features: Object.fromEntries(Object.entries(checksums.features).map(([key, files]) => [key, Object.keys(files).sort()])),
  };
}
