/**
 * `blueetl export`: every table of every analysis as files that pandas reads,
 * `<dir>/<analysis>/repo/<name>.<ext>` and `<dir>/<analysis>/features/<name>.<ext>`; a
 * concatenated features table comes with `<name>.params.<ext>` and `<name>.aliases.<ext>`.
 * The folder keeps the list of what was written (`.blueetl-export.json`): the tables of an earlier
 * export that this one no longer writes are removed, and a folder without the list (one that
 * `export` did not make) is written into only when asked to.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { CacheError, CacheFolder, type TableFormat, writeTable } from "../cache/index.ts";
import { ConcatenatedFeatures } from "../features/index.ts";
import type { DataFrame } from "../frame/index.ts";
import type { Analyzer, MultiAnalyzer } from "./analyzer.ts";
import type { Progress } from "./log.ts";

const MANIFEST = ".blueetl-export.json";

export interface ExportOptions {
  /** Write into a folder that holds other files and that no export made (nothing of it is removed). */
  overwrite?: boolean;
  progress?: Progress;
}

export interface ExportSummary {
  folder: string;
  /** The files written, with their sizes in bytes. */
  files: Array<{ path: string; bytes: number }>;
  /** The files of an earlier export to the folder that this one did not write again: removed. */
  removed: string[];
}

/** Write the extracted tables and, when calculated, the features. */
export async function exportTables(ma: MultiAnalyzer, dir: string, format: TableFormat, options: ExportOptions = {}): Promise<ExportSummary> {
  const target = new CacheFolder(dir);
  const before = previousExport(target, options.overwrite === true);
  const tables = ma.names.flatMap((name) => tablesOf(ma.analysis(name)).map(([folder, table, frame]) => [join(name, folder, `${table}.${format}`), frame] as const));
  const paths = tables.map(([path]) => path);
  // Listed before they are written: an export cut short leaves no file that the next one would not know of.
  target.makeFolders();
  writeManifest(target, [...new Set([...before, ...paths])]);
  let done = 0;
  options.progress?.(0, tables.length, "exporting");
  const files = await Promise.all(
    tables.map(async ([path, frame]) => {
      const file = target.path(path);
      mkdirSync(dirname(file), { recursive: true });
      await writeTable(file, frame, format, target);
      options.progress?.(++done, tables.length, "exporting", path);
      return { path: file, bytes: statSync(file).size };
    }),
  );
  const stale = before.filter((path) => !paths.includes(path));
  for (const path of stale) removeWithEmptyFolders(target, path);
  writeManifest(target, paths);
  return { folder: target.root, files, removed: stale.map((path) => target.path(path)) };
}

/** The files an earlier export listed; an error for a folder with other files that no export made (unless `overwrite`). */
function previousExport(target: CacheFolder, overwrite: boolean): string[] {
  const manifest = join(target.root, MANIFEST);
  if (existsSync(manifest)) {
    try {
      const listed = JSON.parse(readFileSync(manifest, "utf8")) as { files?: unknown };
      if (Array.isArray(listed.files)) return listed.files.filter((f): f is string => typeof f === "string" && isInside(target, f));
    } catch {}
    throw new CacheError(`${manifest} is not the list of an export: remove it, or export to another folder`);
  }
  if (!existsSync(target.root)) return [];
  if (!statSync(target.root).isDirectory()) throw new CacheError(`${target.root} is a file, not a folder: export to another folder`);
  const entries = readdirSync(target.root);
  if (entries.length > 0 && !overwrite) {
    throw new CacheError(
      `${target.root} holds ${entries.length} file${entries.length > 1 ? "s or folders" : " or folder"} (${entries.slice(0, 3).join(", ")}${entries.length > 3 ? ", ..." : ""}) and was not made by blueetl export: export to a new or empty folder, or pass --overwrite to write into it (files with the same names are replaced, nothing else is removed)`,
    );
  }
  return [];
}

function isInside(target: CacheFolder, path: string): boolean {
  try {
    return relative(target.root, target.path(path)) === path;
  } catch {
    return false;
  }
}

function writeManifest(target: CacheFolder, files: string[]): void {
  target.write(target.path(MANIFEST), `${JSON.stringify({ written_by: "blueetl export", files }, null, 1)}\n`);
}

/** A stale table removed, and the folders it leaves empty (up to the export's folder). */
function removeWithEmptyFolders(target: CacheFolder, path: string): void {
  target.remove(target.path(path));
  for (let folder = dirname(path); folder !== "." && folder !== ""; folder = dirname(folder)) {
    const full = target.path(folder);
    if (!existsSync(full) || readdirSync(full).length > 0) break;
    rmdirSync(full);
  }
}

/** Every table of the analysis: [folder, name, table]. */
function tablesOf(analyzer: Analyzer): Array<[string, string, DataFrame]> {
  const tables: Array<[string, string, DataFrame]> = analyzer.repo.names.map((name) => ["repo", name, analyzer.repo.df(name)]);
  if (!analyzer.isCalculated) return tables;
  for (const name of analyzer.features.names) {
    const feature = analyzer.features.get(name);
    tables.push(["features", name, feature.df]);
    if (feature instanceof ConcatenatedFeatures) {
      tables.push(["features", `${name}.params`, feature.params], ["features", `${name}.aliases`, feature.aliases]);
    }
  }
  return tables;
}
