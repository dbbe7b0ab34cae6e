/**
 * `blueetl export`: every table of every analysis as files that pandas reads,
 * `<dir>/<analysis>/repo/<name>.<ext>` and `<dir>/<analysis>/features/<name>.<ext>`; a
 * concatenated features table comes with `<name>.params.<ext>` and `<name>.aliases.<ext>`.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { CacheFolder, type TableFormat, writeTable } from "../cache/index.ts";
import { ConcatenatedFeatures } from "../features/index.ts";
import type { DataFrame } from "../frame/index.ts";
import type { Analyzer, MultiAnalyzer } from "./analyzer.ts";

/** Write the extracted tables and, when calculated, the features; the paths written. */
export async function exportTables(ma: MultiAnalyzer, dir: string, format: TableFormat): Promise<string[]> {
  const writes = ma.names.flatMap((name) => exportAnalysis(ma.analysis(name), join(dir, name), format));
  return Promise.all(writes);
}

/** The writes of every table of the analysis (Parquet files are encoded in parallel). */
function exportAnalysis(analyzer: Analyzer, dir: string, format: TableFormat): Array<Promise<string>> {
  const written: Array<Promise<string>> = [];
  const target = new CacheFolder(dir);
  const write = (folder: string, name: string, table: DataFrame) => {
    mkdirSync(join(dir, folder), { recursive: true });
    const path = target.path(folder, `${name}.${format}`);
    written.push(writeTable(path, table, format, target).then(() => path));
  };
  for (const name of analyzer.repo.names) write("repo", name, analyzer.repo.df(name));
  if (!analyzer.isCalculated) return written;
  for (const name of analyzer.features.names) {
    const feature = analyzer.features.get(name);
    write("features", name, feature.df);
    if (feature instanceof ConcatenatedFeatures) {
      write("features", `${name}.params`, feature.params);
      write("features", `${name}.aliases`, feature.aliases);
    }
  }
  return written;
}
