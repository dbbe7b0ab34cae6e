/**
 * BlueETL's cache of an analysis (`<cache.path>/<analysis>/`): the repo tables and the features
 * tables, with the config they were made from and their checksums. A table stays valid while
 * the parts of the config it depends on are unchanged, and (beyond BlueETL) while the input files
 * it was built from keep their size and modification time; invalidating a table invalidates every
 * table after it (simulations, neurons, neuron_classes, windows, report, then all features).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import YAML from "yaml";
import { checksumJson, plainNameProblem } from "../config/index.ts";
import { type DataFrame, type Query, isPlainObject } from "../frame/index.ts";
import { CacheError } from "./errors.ts";
import { CacheFolder, REMOVED } from "./files.ts";
import { CacheLock } from "./lock.ts";
import { type StoreType, fileChecksum, readTable, readTableHead, readWithDataOf, writeCacheTable } from "./store.ts";
import { isSubfilter } from "./subfilter.ts";

/** 2: the input files of each table are recorded (a cache of version 1 is rebuilt once). */
export const CACHE_VERSION = 2;
const ANALYSIS_CONFIG = "analysis_config.cached.yaml";
const CAMPAIGN_CONFIG = "simulations_config.cached.yaml";
const CHECKSUMS = "checksums.cached.yaml";
const SUBFOLDERS = ["repo", "features", "config"];
const NOT_CACHED = "not in the cache";
const NEW_FEATURES = "a new features config";

export interface CacheOptions {
  path: string;
  clear: boolean;
  readonly: boolean;
  skip_features: boolean;
  store_type: StoreType;
}

/** What the cache is checked against. */
export interface CacheInputs {
  /** The resolved analysis config as dumped (sections extraction, features...). */
  analysisConfig: Record<string, unknown>;
  /** The campaign in BlueETL's format, with absolute paths. */
  campaign: Record<string, unknown>;
  simulationsFilter: Query;
  /** Checksum of each features config (parameters expanded), in config order. */
  featuresChecksums: string[];
  /** Names of the repo tables, in dependency order. */
  repoNames: readonly string[];
  /** Where each file written is said (`-vv`). */
  debug?: (message: string) => void;
}

/**
 * An input file as it was when read: its size and modification time (ns); `{ exists: true }`
 * when only its existence mattered; null when it did not exist.
 */
export type InputStamp = { size: number; mtime: string } | { exists: true } | null;
/** Input files by path. */
export type InputFiles = Record<string, InputStamp>;

interface Checksums {
  version: number;
  repo: Record<string, string | null>;
  features: Record<string, Record<string, string>>;
  /** For each repo table, the input files read to build it (less those of the tables before it). */
  inputs: Record<string, InputFiles>;
  /**
   * Size and modification time of each table file as written (path relative to the cache): a
   * file that still has them is not hashed again when the cache opens.
   */
  files?: Record<string, InputStamp>;
  /**
   * Checksums of the config and campaign stored beside the tables, and of the parts of that config
   * the check compares (`compared`): those and the campaign equal, their YAML is not read.
   */
  stored?: { config: string; campaign: string; compared?: string };
  /**
   * For the features files that share their data with another (the copies of a table that does
   * not depend on the parameters, each with the attrs of its own parameter set), by the file's
   * checksum, the BLAKE2b of the data: such data is read once.
   */
  data?: Record<string, string>;
}

/** Which parts of the extraction config each repo table depends on first. */
const SECTIONS: Array<[string, string[]]> = [
  ["neurons", ["neuron_classes"]],
  ["windows", ["windows", "trial_steps"]],
  ["report", ["report"]],
];

export class CacheManager {
  /** Whether the simulations filter is strictly narrower than the cached one (tables must be filtered). */
  readonly narrowerFilter: boolean;
  /** What the cache found when it opened (changed input files, a lock not recorded), for `-v`. */
  readonly notes: string[] = [];
  /** Why each repo table that is not in the cache is not (`-v` says it as the table is extracted). */
  readonly repoReasons: Record<string, string> = {};
  private readonly featuresReasons = new Map<string, string>();
  /** Whether `clear` deleted a cache that was there. */
  private cleared = false;
  /** Cached features configs that the config no longer has (changed, or their module edited). */
  private replacedFeatures = 0;
  private checksums: Checksums;
  private readonly folder: CacheFolder;
  private readonly lock: CacheLock;
  private closed = false;
  private readonly readByChecksum = new Map<string, DataFrame>();
  /** Features tables read, by the hash of their data when they share it with other files. */
  private readonly readByData = new Map<string, { path: string; table: DataFrame }>();
  private readonly pending = new Set<Promise<void>>();
  /** Folders being deleted while the run goes on (a cleared cache's tables), and the first that failed. */
  private readonly removals: Array<Promise<void>> = [];
  private removalFailure: Error | undefined;
  /** The input files of each repo table written by this run, as given to `dumpRepo`. */
  private readonly dumpedInputs = new Map<string, InputFiles>();
  /** Rows of the tables given to the writers, and of those in place (for the progress of `flush`). */
  private readonly rows = { queued: 0, written: 0, tables: 0 };
  private onWritten: (() => void) | undefined;
  private failure: Error | undefined;
  /** Whether the config files stored in the cache hold the current config and campaign. */
  private storedEqual = false;
  /** Whether a file was hashed again (its stamp is then recorded anew). */
  private restamped = false;

  private constructor(
    readonly options: CacheOptions,
    private readonly inputs: CacheInputs,
  ) {
    const dir = options.path;
    this.folder = new CacheFolder(dir);
    if (existsSync(dir) && !statSync(dir).isDirectory()) throw new CacheError(`the cache folder ${dir} is a file, not a folder: choose another cache.path`);
    if (options.readonly && !existsSync(join(dir, "config", CHECKSUMS))) {
      throw new CacheError(`the cache ${dir} is read-only, but it is empty or incomplete: run once without readonly to fill it`);
    }
    if (!options.readonly) this.folder.makeFolders();
    // Locked before anything is deleted: a second run cannot clear the files of a writer.
    this.lock = CacheLock.acquire(dir, options.readonly);
    if (this.lock.note) this.notes.push(this.lock.note);
    try {
      if (!options.readonly) this.removeLeftovers(options.clear);
      if (!options.readonly) this.folder.makeFolders(...SUBFOLDERS);
      const { checksums, narrower, changed, cachedConfig } = this.check();
      this.narrowerFilter = narrower;
      this.checksums = checksums;
      this.removeInvalidFiles(changed, cachedConfig);
      this.explain(cachedConfig);
    } catch (error) {
      this.lock.release();
      throw error;
    }
  }

  static open(options: CacheOptions, inputs: CacheInputs): CacheManager {
    return new CacheManager(options, inputs);
  }

  get path(): string {
    return this.options.path;
  }

  isRepoCached(name: string): boolean {
    return Boolean(this.checksums.repo[name]) && existsSync(this.repoFile(name));
  }

  /** The file of a cached repo table and its checksum: for the tasks of this run, which read it without taking the lock. */
  repoTableFile(name: string): { path: string; checksum: string } | undefined {
    const checksum = this.checksums.repo[name];
    return checksum && this.isRepoCached(name) ? { path: this.repoFile(name), checksum } : undefined;
  }

  loadRepo(name: string): DataFrame {
    return readTable(this.repoFile(name), this.options.store_type);
  }

  /**
   * Write a repo table in the background, with the input files it was built from; its checksum
   * is recorded once the file is in place.
   */
  dumpRepo(name: string, table: DataFrame, inputs: InputFiles = {}): void {
    this.writable(`write the table '${name}'`);
    // What a table before it already records, the same way, is not repeated: the inputs of a table
    // written by this run count from its dump on, whether or not its write is over (so the file
    // does not depend on which write ends first).
    const earlier = (n: string) => this.dumpedInputs.get(n) ?? this.checksums.inputs[n];
    const recorded = (path: string, stamp: InputStamp) =>
      this.inputs.repoNames.slice(0, this.inputs.repoNames.indexOf(name)).some((n) => JSON.stringify(earlier(n)?.[path]) === JSON.stringify(stamp));
    const own = Object.fromEntries(Object.entries(inputs).filter(([path, stamp]) => !recorded(path, stamp)));
    this.dumpedInputs.set(name, own);
    this.track(
      table.length,
      this.written(this.repoFile(name), table).then((checksum) => {
        this.checksums.repo[name] = checksum;
        this.stamp(this.repoFile(name));
        this.checksums.inputs[name] = own;
        this.writeChecksums();
      }),
    );
  }

  /** Why the features config of this checksum is not in the cache, and whether an earlier version of it was (undefined when it is in the cache). */
  featuresReason(checksum: string): { reason: string; recomputed: boolean } | undefined {
    if (this.isFeaturesCached(checksum)) return undefined;
    const reason = this.featuresReasons.get(checksum) ?? NOT_CACHED;
    return { reason, recomputed: ![NOT_CACHED, NEW_FEATURES].includes(reason) && !reason.startsWith("features are not cached") };
  }

  isFeaturesCached(checksum: string): boolean {
    const entry = this.checksums.features[checksum];
    return entry !== undefined && Object.keys(entry).every((name) => existsSync(this.featuresFile(name)));
  }

  /**
   * The tables of a features config, each read when first asked for; files with the same
   * checksum, or the same data (the same table for several parameter sets), are read once.
   */
  featuresReaders(checksum: string): Record<string, () => DataFrame> {
    const entry = this.checksums.features[checksum] ?? {};
    return Object.fromEntries(
      Object.entries(entry).map(([name, fileChecksum]) => [
        name,
        () => {
          let table = this.readByChecksum.get(fileChecksum);
          if (!table) this.readByChecksum.set(fileChecksum, (table = this.readFeatures(name, fileChecksum)));
          return table;
        },
      ]),
    );
  }

  /** A features table; its columns those of a table read before when its file holds the same data. */
  private readFeatures(name: string, checksum: string): DataFrame {
    const file = this.featuresFile(name);
    const data = this.checksums.data?.[checksum];
    const source = data === undefined ? undefined : this.readByData.get(data);
    const table = (source && readWithDataOf(file, source)) ?? readTable(file, this.options.store_type);
    if (data !== undefined && !source) this.readByData.set(data, { path: file, table });
    return table;
  }

  /** The first rows of a features table and its number of rows, without reading the rest. */
  featuresHead(name: string, rows: number): Promise<{ head: DataFrame; rows: number }> {
    return readTableHead(this.featuresFile(name), this.options.store_type, rows);
  }

  /** Write the tables of a features config in the background (nothing with skip_features); recorded once all are in place. */
  dumpFeatures(checksum: string, tables: Record<string, DataFrame>): void {
    if (this.options.skip_features) return;
    this.writable("write features");
    const files = Object.entries(tables).map(async ([name, table]) => [name, await this.written(this.featuresFile(name), table)] as const);
    this.track(
      Object.values(tables).reduce((n, t) => n + t.length, 0),
      Promise.all(files).then((entries) => {
        this.checksums.features[checksum] = Object.fromEntries(entries);
        for (const [name] of entries) this.stamp(this.featuresFile(name));
        this.writeChecksums();
      }),
    );
  }

  /** Wait for the tables being written, with the progress of the rows written since; the first error of a write, if any. */
  async flush(progress?: (done: number, total: number, step: string, detail?: string) => void): Promise<void> {
    const from = this.rows.written;
    const report = () => {
      const tables = this.rows.tables === 1 ? "1 table" : `${this.rows.tables} tables`;
      progress?.(this.rows.written - from, this.rows.queued - from, "writing the cache", `rows; ${tables} left`);
    };
    if (this.pending.size > 0) {
      this.onWritten = report;
      report();
    }
    try {
      while (this.pending.size > 0) await Promise.all(this.pending);
    } finally {
      this.onWritten = undefined;
    }
    const error = this.failure;
    this.failure = undefined;
    if (error) throw error;
  }

  /** Wait for the writes, then release the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      // The lock is held until the cleared folders are gone.
      await Promise.all(this.removals);
      this.closed = true;
      this.lock.release();
    }
    if (this.removalFailure) throw this.removalFailure;
  }

  /** The size and modification time of a table file just written. */
  private stamp(file: string): void {
    (this.checksums.files ??= {})[relative(this.path, file)] = stampOf(file);
  }

  /** Whether the file still holds `checksum`: hashed unless its size and modification time are those recorded when it was written. */
  private holds(file: string, checksum: string): boolean {
    if (!existsSync(file)) return false;
    const recorded = this.checksums.files?.[relative(this.path, file)];
    const now = stampOf(file);
    if (recorded && JSON.stringify(recorded) === JSON.stringify(now)) return true;
    if (fileChecksum(file) !== checksum) return false;
    (this.checksums.files ??= {})[relative(this.path, file)] = now;
    this.restamped = true;
    return true;
  }

  /** A table written, said with its size and time; its checksum. */
  private async written(path: string, table: DataFrame): Promise<string> {
    const started = performance.now();
    const { checksum, sharedData } = await writeCacheTable(path, table, this.options.store_type, this.folder);
    if (sharedData) {
      const data = (this.checksums.data ??= {});
      data[checksum] = data[sharedData.source] = sharedData.hash;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    this.inputs.debug?.(`cache: ${path} written: ${table.length} rows, ${statSync(path).size} bytes in ${seconds} s`);
    return checksum;
  }

  private track(rows: number, write: Promise<void>): void {
    this.rows.queued += rows;
    this.rows.tables++;
    const done = () => {
      this.rows.written += rows;
      this.rows.tables--;
      this.onWritten?.();
    };
    const tracked = write.then(done, (error: unknown) => {
      done();
      throw error;
    }).catch((error: Error) => void (this.failure ??= error instanceof CacheError ? error : new CacheError(`writing the cache ${this.path} failed: ${error.message}`)));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  private repoFile(name: string): string {
    return this.folder.path("repo", `${name}.${this.extension}`);
  }

  private featuresFile(name: string): string {
    return this.folder.path("features", `${name}.${this.extension}`);
  }

  private get extension(): string {
    return this.options.store_type;
  }

  private writable(what: string): void {
    if (this.closed) throw new CacheError(`cannot ${what}: the cache ${this.path} has been closed`);
    if (this.options.readonly) throw new CacheError(`cannot ${what}: the cache ${this.path} is read-only`);
  }

  /** BlueETL's rules: which cached tables the current config can still use. */
  private check(): { checksums: Checksums; narrower: boolean; changed: boolean; cachedConfig: Record<string, unknown> | undefined } {
    const { inputs } = this;
    const empty = (): Checksums => ({ version: CACHE_VERSION, repo: Object.fromEntries(inputs.repoNames.map((n) => [n, null])), features: {}, inputs: {} });
    const stored = validChecksums(readYaml(join(this.path, "config", CHECKSUMS)));
    // The stored config and campaign, read only when they may differ from the current ones.
    // (A cold run with `clear` stores `clear: true`, which the check does not compare.)
    const same = stored?.stored?.compared === comparedChecksum(inputs.analysisConfig) && stored?.stored?.campaign === checksumJson(inputs.campaign);
    const cachedConfig = (same ? inputs.analysisConfig : readYaml(join(this.path, "config", ANALYSIS_CONFIG))) as Record<string, unknown> | undefined;
    const cachedCampaign = same ? inputs.campaign : readYaml(join(this.path, "config", CAMPAIGN_CONFIG));
    this.storedEqual = same
      ? stored?.stored?.config === checksumJson(inputs.analysisConfig)
      : checksumJson(cachedConfig ?? null) === checksumJson(inputs.analysisConfig) && checksumJson(cachedCampaign ?? null) === checksumJson(inputs.campaign);
    const checksums = stored ? { ...empty(), ...stored, repo: { ...empty().repo, ...stored.repo } } : empty();
    let invalidFrom: number | undefined;
    let why = "";
    const invalidate = (name: string, reason: string) => {
      const index = inputs.repoNames.indexOf(name);
      if (invalidFrom === undefined || index < invalidFrom) [invalidFrom, why] = [index, reason];
    };
    const noted = new Set<string>();
    for (const name of inputs.repoNames) {
      if (!checksums.repo[name]) continue;
      // A file recorded by several tables is said once, for the first of them.
      const changed = changedInputs(checksums.inputs[name] ?? {}).filter((c) => !noted.has(c.path));
      if (changed.length === 0) continue;
      for (const c of changed) noted.add(c.path);
      invalidate(name, `${changed[0]!.path} ${changed[0]!.how}${changed.length > 1 ? ` (and ${changed.length - 1} more files)` : ""}`);
      const described = changed.slice(0, 3).map((c) => c.text);
      this.notes.push(`${described.join("; ")}${changed.length > 3 ? `; and ${changed.length - 3} more` : ""}: '${name}' and the tables after it are rebuilt`);
    }
    let narrower = false;
    if (!cachedConfig || !cachedCampaign) invalidate(inputs.repoNames[0]!, stored ? "the cached config is missing" : "");
    else if (!isSubfilter(inputs.simulationsFilter, (cachedConfig["simulations_filter"] ?? {}) as Query)) invalidate(inputs.repoNames[0]!, "simulations_filter is broader than the cached one");
    else {
      narrower = isSubfilter(inputs.simulationsFilter, (cachedConfig["simulations_filter"] ?? {}) as Query, true);
      if (checksumJson(cachedCampaign) !== checksumJson(inputs.campaign)) invalidate("simulations", "the simulation campaign changed");
      const cached = (cachedConfig["extraction"] ?? {}) as Record<string, unknown>;
      const actual = inputs.analysisConfig["extraction"] as Record<string, unknown>;
      for (const [table, keys] of SECTIONS) {
        const changed = keys.filter((k) => checksumJson(cached[k] ?? null) !== checksumJson(actual[k] ?? null));
        if (changed.length > 0) invalidate(table, `extraction.${changed.join(" and extraction.")} changed`);
      }
    }
    // Tables rebuilt with a narrower filter could not be mixed with the cached, broader ones.
    if (narrower && invalidFrom !== undefined) [invalidFrom, why] = [0, `${why}, with a narrower simulations_filter`];
    const hadFeatures = Object.keys(checksums.features).length > 0;
    if (invalidFrom !== undefined) {
      const first = inputs.repoNames[invalidFrom]!;
      for (const name of inputs.repoNames.slice(invalidFrom)) {
        if (why && (checksums.repo[name] || name === first)) this.repoReasons[name] = name === first ? why : `'${first}' is rebuilt (${why})`;
        checksums.repo[name] = null;
        delete checksums.inputs[name];
      }
      checksums.features = {};
      if (why && hadFeatures) for (const key of inputs.featuresChecksums) this.featuresReasons.set(key, `the repository changed: '${first}' is rebuilt (${why})`);
    }
    for (const key of Object.keys(checksums.features)) {
      if (inputs.featuresChecksums.includes(key)) continue;
      delete checksums.features[key];
      this.replacedFeatures++;
    }
    // The stored config keeps the filter the tables were made with: a narrower one only filters them.
    const changed = invalidFrom !== undefined || !stored;
    return { checksums, narrower: narrower && invalidFrom === undefined, changed, cachedConfig };
  }

  /** Delete the files whose checksum is gone or differs; write the config when it changed. */
  private removeInvalidFiles(configChanged: boolean, cachedConfig: Record<string, unknown> | undefined): void {
    const deletions: string[] = [];
    for (const [name, checksum] of Object.entries(this.checksums.repo)) {
      const file = this.repoFile(name);
      if (checksum && !this.holds(file, checksum)) {
        this.checksums.repo[name] = null;
        this.repoReasons[name] = `its cached file ${existsSync(file) ? "was damaged" : "was missing"}`;
        deletions.push(file);
      }
    }
    for (const [key, entry] of Object.entries(this.checksums.features)) {
      // A name that is not a plain file name (a checksums file edited by hand) is never a path.
      if (Object.keys(entry).some((name) => plainNameProblem(name) !== undefined)) {
        delete this.checksums.features[key];
        continue;
      }
      const files = Object.entries(entry).map(([name, checksum]) => [this.featuresFile(name), checksum] as const);
      if (files.some(([file, checksum]) => !this.holds(file, checksum))) {
        delete this.checksums.features[key];
        this.featuresReasons.set(key, "its cached files were missing or damaged");
        deletions.push(...files.map(([file]) => file));
      }
    }
    // The data of files no longer in the cache is forgotten (written by this run, a file is recorded again).
    const inUse = new Set(Object.values(this.checksums.features).flatMap((entry) => Object.values(entry)));
    for (const checksum of Object.keys(this.checksums.data ?? {})) if (!inUse.has(checksum)) delete this.checksums.data![checksum];
    const kept = new Set([
      ...Object.keys(this.checksums.repo).filter((n) => this.checksums.repo[n]).map((n) => this.repoFile(n)),
      ...Object.values(this.checksums.features).flatMap((entry) => Object.keys(entry).map((n) => this.featuresFile(n))),
    ]);
    for (const sub of ["repo", "features"]) {
      for (const file of this.folder.list(sub)) {
        const path = this.folder.path(sub, file);
        if (!kept.has(path)) deletions.push(path);
      }
    }
    const unique = [...new Set(deletions)].filter((f) => existsSync(f));
    if (this.options.readonly) {
      if (unique.length > 0 || configChanged) {
        const files = unique.map((f) => f.slice(this.path.length + 1));
        const listed = files.length > 0 ? `${files.length} invalid file${files.length > 1 ? "s" : ""}: ${files.slice(0, 5).join(", ")}${files.length > 5 ? ", ..." : ""}` : "the cached config differs";
        const why = this.notes.length > 0 ? `; ${this.notes.join("; ")}` : "";
        throw new CacheError(`the cache ${this.path} is read-only, but it does not match the config (${listed})${why}: run without readonly to update it`);
      }
      return;
    }
    for (const file of unique) this.folder.remove(file);
    // The checksums of the config files as they are on disk once written (a cache of an earlier version gets them once).
    const campaign = checksumJson(this.inputs.campaign);
    const current = { config: checksumJson(this.inputs.analysisConfig), campaign, compared: comparedChecksum(this.inputs.analysisConfig) };
    // The compared parts' checksum: of the stored config read, or of the current one standing for it.
    const compared = cachedConfig === this.inputs.analysisConfig ? current.compared : cachedConfig && comparedChecksum(cachedConfig);
    const onDisk = this.checksums.stored && compared ? { ...this.checksums.stored, compared } : this.checksums.stored;
    let storedNow = this.storedEqual ? current : onDisk;
    if (configChanged) {
      this.folder.write(this.folder.path("config", ANALYSIS_CONFIG), YAML.stringify(this.inputs.analysisConfig));
      this.folder.write(this.folder.path("config", CAMPAIGN_CONFIG), YAML.stringify(this.inputs.campaign));
      storedNow = current;
    } else if (checksumJson(cachedConfig?.["features"] ?? null) !== checksumJson(this.inputs.analysisConfig["features"] ?? null)) {
      // As BlueETL, the features as configured now; the filter stays that of the cached tables.
      const config = { ...this.inputs.analysisConfig, simulations_filter: cachedConfig?.["simulations_filter"] ?? {} };
      this.folder.write(this.folder.path("config", ANALYSIS_CONFIG), YAML.stringify(config));
      storedNow = { config: checksumJson(config), campaign, compared: comparedChecksum(config) };
    }
    const restored = JSON.stringify(storedNow) !== JSON.stringify(this.checksums.stored);
    if (storedNow) this.checksums.stored = storedNow;
    if (configChanged || restored || this.restamped || unique.length > 0) this.writeChecksums();
  }

  /** Why each features config of the config that is not in the cache is not: matched to its cached version by place and name. */
  private explain(cachedConfig: Record<string, unknown> | undefined): void {
    const dumps = (this.inputs.analysisConfig["features"] ?? []) as Array<Record<string, unknown>>;
    const cached = (Array.isArray(cachedConfig?.["features"]) ? cachedConfig["features"] : []) as Array<Record<string, unknown>>;
    const skipped = (cachedConfig?.["cache"] as Record<string, unknown> | undefined)?.["skip_features"] === true;
    const identity = (d: Record<string, unknown>) => JSON.stringify([d["type"], d["name"], d["suffix"]]);
    this.inputs.featuresChecksums.forEach((checksum, i) => {
      if (this.checksums.features[checksum] || this.featuresReasons.has(checksum)) return;
      const dump = dumps[i] ?? {};
      const before = cached.find((d) => identity(d) === identity(dump));
      let reason = NOT_CACHED;
      if (this.cleared) reason = "the cache was cleared (cache.clear or --clear-cache)";
      else if (this.options.skip_features) reason = "features are not cached (cache.skip_features or --skip-features-cache)";
      else if (skipped) reason = "the run that made the cache did not write features (skip_features)";
      else if (before && this.replacedFeatures > 0) {
        const changes = changedKeys(before, dump);
        reason = changes.length > 0 ? `changed: ${changes.join(", ")}` : "its function's module changed";
      } else if (!before && cached.length > 0) reason = NEW_FEATURES;
      this.featuresReasons.set(checksum, reason);
    });
  }

  /**
   * What killed runs leave (lock drafts, temporary files of the config; those of the tables go
   * with the files no checksum names), and with `clear` the cache itself; nothing else of the folder.
   */
  private removeLeftovers(clear: boolean): void {
    this.cleared = clear && existsSync(join(this.path, "config", CHECKSUMS));
    for (const name of this.folder.list()) {
      if (/^\.lock\..+/.test(name)) this.folder.remove(this.folder.path(name));
      else if ((clear && SUBFOLDERS.includes(name)) || REMOVED.test(name)) this.removeInBackground(name);
    }
    for (const name of this.folder.list("config")) {
      if (/^\..+\.tmp$/.test(name)) this.folder.remove(this.folder.path("config", name));
    }
  }

  private removeInBackground(name: string): void {
    const removal = this.folder.removeInBackground(this.folder.path(name));
    this.removals.push(removal.catch((error: Error) => void (this.removalFailure ??= error)));
  }

  /** As JSON (which is YAML), read 10x faster than YAML. */
  private writeChecksums(): void {
    this.folder.write(this.folder.path("config", CHECKSUMS), `${JSON.stringify(this.checksums, null, 1)}\n`);
  }
}

/** The checksum of what the cache check reads in a config: its filter, extraction, features and skip_features. */
function comparedChecksum(config: Record<string, unknown>): string {
  const skipFeatures = (config["cache"] as Record<string, unknown> | undefined)?.["skip_features"] ?? false;
  return checksumJson({ simulations_filter: config["simulations_filter"] ?? {}, extraction: config["extraction"] ?? null, features: config["features"] ?? null, skipFeatures });
}

/** The stored checksums when they have the shape this version writes, else undefined (all invalid). */
function validChecksums(value: unknown): Checksums | undefined {
  if (!isPlainObject(value) || value["version"] !== CACHE_VERSION) return undefined;
  const { repo, features, inputs, data } = value as Record<string, unknown>;
  const isMap = (v: unknown, item: (x: unknown) => boolean) => isPlainObject(v) && Object.values(v).every(item);
  const isString = (x: unknown) => typeof x === "string";
  if (!isMap(repo, (x) => x === null || isString(x)) || !isMap(features, (x) => isMap(x, isString)) || !isMap(inputs, (x) => isMap(x, () => true))) return undefined;
  if (data !== undefined && !isMap(data, isString)) return undefined;
  return value as unknown as Checksums;
}

/** The keys whose values differ (`params.ratio 0.75 -> 0.5`), the params one level down. */
function changedKeys(before: Record<string, unknown>, now: Record<string, unknown>, prefix = ""): string[] {
  const text = (v: unknown) => {
    const json = JSON.stringify(v ?? null);
    return json.length > 60 ? `${json.slice(0, 57)}...` : json;
  };
  const changes: string[] = [];
  for (const key of new Set([...Object.keys(before), ...Object.keys(now)])) {
    const [was, is] = [before[key], now[key]];
    if (JSON.stringify(was ?? null) === JSON.stringify(is ?? null)) continue;
    if (!prefix && key === "params" && isPlainObject(was) && isPlainObject(is)) changes.push(...changedKeys(was, is, "params."));
    else changes.push(`${prefix}${key} ${text(was)} -> ${text(is)}`);
  }
  return changes;
}

/** The input files that changed since they were recorded: how, in a word and in full. */
function changedInputs(files: InputFiles): Array<{ path: string; how: string; text: string }> {
  const changed: Array<{ path: string; how: string; text: string }> = [];
  for (const [path, then] of Object.entries(files)) {
    const now = then && "exists" in then ? (existsSync(path) ? then : null) : stampOf(path);
    if (JSON.stringify(now) === JSON.stringify(then)) continue;
    if (!now) changed.push({ path, how: "is gone", text: `${path} is gone` });
    else if (!then) changed.push({ path, how: "appeared", text: `${path} appeared` });
    else if ("size" in now && "size" in then) {
      const sizes = now.size === then.size ? `size ${now.size} bytes` : `size ${then.size} -> ${now.size} bytes`;
      changed.push({ path, how: "changed", text: `${path} changed since the cache was written (${sizes}, modified ${isoTime(then.mtime)} -> ${isoTime(now.mtime)})` });
    }
  }
  return changed;
}

/** Size and modification time of a file now (null when it does not exist). */
function stampOf(path: string): InputStamp {
  try {
    const stat = statSync(path, { bigint: true });
    return { size: Number(stat.size), mtime: String(stat.mtimeNs) };
  } catch {
    return null;
  }
}

function isoTime(mtimeNs: string): string {
  return new Date(Number(BigInt(mtimeNs) / 1000000n)).toISOString();
}

/** A YAML file (JSON first: our checksums are written as JSON), undefined when it is missing or broken. */
function readYaml(path: string): unknown {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, "utf8");
  try {
    return JSON.parse(text);
  } catch {
    try {
      return YAML.parse(text);
    } catch {
      return undefined;
    }
  }
}
