/**
 * BlueETL's cache of an analysis (`<cache.path>/<analysis>/`): the repo tables and the features
 * tables, with the config they were made from and their checksums. A table stays valid while
 * the parts of the config it depends on are unchanged; invalidating a table invalidates every
 * table after it (simulations, neurons, neuron_classes, windows, report, then all features).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";
import { checksumJson } from "../config/index.ts";
import type { DataFrame, Query } from "../frame/index.ts";
import { CacheError } from "./errors.ts";
import { CacheLock } from "./lock.ts";
import { type StoreType, fileChecksum, readTable, readTableHead, writeAtomically, writeTable } from "./store.ts";
import { isSubfilter } from "./subfilter.ts";

export const CACHE_VERSION = 1;
const ANALYSIS_CONFIG = "analysis_config.cached.yaml";
const CAMPAIGN_CONFIG = "simulations_config.cached.yaml";
const CHECKSUMS = "checksums.cached.yaml";

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
}

interface Checksums {
  version: number;
  repo: Record<string, string | null>;
  features: Record<string, Record<string, string>>;
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
  private checksums: Checksums;
  private readonly lock: CacheLock;
  private closed = false;
  private readonly readByChecksum = new Map<string, DataFrame>();
  private readonly pending = new Set<Promise<void>>();
  private failure: Error | undefined;

  private constructor(
    readonly options: CacheOptions,
    private readonly inputs: CacheInputs,
  ) {
    const dir = options.path;
    if (options.clear) rmSync(dir, { recursive: true, force: true });
    if (options.readonly && !existsSync(join(dir, "config", CHECKSUMS))) {
      throw new CacheError(`the cache ${dir} is read-only, but it is empty or incomplete: run once without readonly to fill it`);
    }
    if (!options.readonly) for (const sub of ["repo", "features", "config"]) mkdirSync(join(dir, sub), { recursive: true });
    this.lock = CacheLock.acquire(dir, options.readonly);
    try {
      const { checksums, narrower, changed } = this.check();
      this.narrowerFilter = narrower;
      this.checksums = checksums;
      this.removeInvalidFiles(changed);
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

  loadRepo(name: string): DataFrame {
    return readTable(this.repoFile(name), this.options.store_type);
  }

  /** Write a repo table in the background; its checksum is recorded once the file is in place. */
  dumpRepo(name: string, table: DataFrame): void {
    this.writable(`write the table '${name}'`);
    this.track(
      writeTable(this.repoFile(name), table, this.options.store_type).then((checksum) => {
        this.checksums.repo[name] = checksum;
        this.writeChecksums();
      }),
    );
  }

  isFeaturesCached(checksum: string): boolean {
    const entry = this.checksums.features[checksum];
    return entry !== undefined && Object.keys(entry).every((name) => existsSync(this.featuresFile(name)));
  }

  /**
   * The tables of a features config, each read when first asked for; files with the same
   * checksum (the same table for several parameter sets) are read once.
   */
  featuresReaders(checksum: string): Record<string, () => DataFrame> {
    const entry = this.checksums.features[checksum] ?? {};
    return Object.fromEntries(
      Object.entries(entry).map(([name, fileChecksum]) => [
        name,
        () => {
          let table = this.readByChecksum.get(fileChecksum);
          if (!table) this.readByChecksum.set(fileChecksum, (table = readTable(this.featuresFile(name), this.options.store_type)));
          return table;
        },
      ]),
    );
  }

  /** The first rows of a features table and its number of rows, without reading the rest. */
  featuresHead(name: string, rows: number): Promise<{ head: DataFrame; rows: number }> {
    return readTableHead(this.featuresFile(name), this.options.store_type, rows);
  }

  /** Write the tables of a features config in the background (nothing with skip_features); recorded once all are in place. */
  dumpFeatures(checksum: string, tables: Record<string, DataFrame>): void {
    if (this.options.skip_features) return;
    this.writable("write features");
    const files = Object.entries(tables).map(async ([name, table]) => [name, await writeTable(this.featuresFile(name), table, this.options.store_type)] as const);
    this.track(
      Promise.all(files).then((entries) => {
        this.checksums.features[checksum] = Object.fromEntries(entries);
        this.writeChecksums();
      }),
    );
  }

  /** Wait for the tables being written; the first error of a write, if any. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
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
      this.closed = true;
      this.lock.release();
    }
  }

  private track(write: Promise<void>): void {
    const tracked = write.catch((error: Error) => void (this.failure ??= new CacheError(`writing the cache ${this.path} failed: ${error.message}`)));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  private repoFile(name: string): string {
    return join(this.path, "repo", `${name}.${this.extension}`);
  }

  private featuresFile(name: string): string {
    return join(this.path, "features", `${name}.${this.extension}`);
  }

  private get extension(): string {
    return this.options.store_type;
  }

  private writable(what: string): void {
    if (this.closed) throw new CacheError(`cannot ${what}: the cache ${this.path} has been closed`);
    if (this.options.readonly) throw new CacheError(`cannot ${what}: the cache ${this.path} is read-only`);
  }

  /** BlueETL's rules: which cached tables the current config can still use. */
  private check(): { checksums: Checksums; narrower: boolean; changed: boolean } {
    const { inputs } = this;
    const empty = (): Checksums => ({ version: CACHE_VERSION, repo: Object.fromEntries(inputs.repoNames.map((n) => [n, null])), features: {} });
    const cachedConfig = readYaml(join(this.path, "config", ANALYSIS_CONFIG)) as Record<string, unknown> | undefined;
    const cachedCampaign = readYaml(join(this.path, "config", CAMPAIGN_CONFIG));
    const stored = readYaml(join(this.path, "config", CHECKSUMS)) as Checksums | undefined;
    const checksums = stored?.version === CACHE_VERSION ? { ...empty(), ...stored, repo: { ...empty().repo, ...stored.repo } } : empty();
    let invalidFrom: number | undefined;
    const invalidate = (name: string) => {
      const index = inputs.repoNames.indexOf(name);
      invalidFrom = invalidFrom === undefined ? index : Math.min(invalidFrom, index);
    };
    let narrower = false;
    if (!cachedConfig || !cachedCampaign) invalidate(inputs.repoNames[0]!);
    else if (!isSubfilter(inputs.simulationsFilter, (cachedConfig["simulations_filter"] ?? {}) as Query)) invalidate(inputs.repoNames[0]!);
    else {
      narrower = isSubfilter(inputs.simulationsFilter, (cachedConfig["simulations_filter"] ?? {}) as Query, true);
      if (checksumJson(cachedCampaign) !== checksumJson(inputs.campaign)) invalidate("simulations");
      const cached = (cachedConfig["extraction"] ?? {}) as Record<string, unknown>;
      const actual = inputs.analysisConfig["extraction"] as Record<string, unknown>;
      for (const [table, keys] of SECTIONS) {
        if (keys.some((k) => checksumJson(cached[k] ?? null) !== checksumJson(actual[k] ?? null))) invalidate(table);
      }
    }
    // Tables rebuilt with a narrower filter could not be mixed with the cached, broader ones.
    if (narrower && invalidFrom !== undefined) invalidFrom = 0;
    if (invalidFrom !== undefined) {
      for (const name of inputs.repoNames.slice(invalidFrom)) checksums.repo[name] = null;
      checksums.features = {};
    }
    for (const key of Object.keys(checksums.features)) {
      if (!inputs.featuresChecksums.includes(key)) delete checksums.features[key];
    }
    // The stored config keeps the filter the tables were made with: a narrower one only filters them.
    const changed = invalidFrom !== undefined || !stored || stored.version !== CACHE_VERSION;
    return { checksums, narrower: narrower && invalidFrom === undefined, changed };
  }

  /** Delete the files whose checksum is gone or differs; write the config when it changed. */
  private removeInvalidFiles(configChanged: boolean): void {
    const deletions: string[] = [];
    for (const [name, checksum] of Object.entries(this.checksums.repo)) {
      const file = this.repoFile(name);
      if (checksum && (!existsSync(file) || fileChecksum(file) !== checksum)) {
        this.checksums.repo[name] = null;
        deletions.push(file);
      }
    }
    for (const [key, entry] of Object.entries(this.checksums.features)) {
      const files = Object.entries(entry).map(([name, checksum]) => [this.featuresFile(name), checksum] as const);
      if (files.some(([file, checksum]) => !existsSync(file) || fileChecksum(file) !== checksum)) {
        delete this.checksums.features[key];
        deletions.push(...files.map(([file]) => file));
      }
    }
    const kept = new Set([
      ...Object.keys(this.checksums.repo).filter((n) => this.checksums.repo[n]).map((n) => this.repoFile(n)),
      ...Object.values(this.checksums.features).flatMap((entry) => Object.keys(entry).map((n) => this.featuresFile(n))),
    ]);
    for (const sub of ["repo", "features"]) {
      const dir = join(this.path, sub);
      for (const file of existsSync(dir) ? readdirSync(dir) : []) {
        if (!kept.has(join(dir, file))) deletions.push(join(dir, file));
      }
    }
    const unique = [...new Set(deletions)].filter((f) => existsSync(f));
    if (this.options.readonly) {
      if (unique.length > 0 || configChanged) {
        throw new CacheError(`the cache ${this.path} is read-only, but it does not match the config (${unique.length} invalid files): run without readonly to update it`);
      }
      return;
    }
    for (const file of unique) rmSync(file, { force: true });
    if (configChanged) {
      writeAtomically(join(this.path, "config", ANALYSIS_CONFIG), YAML.stringify(this.inputs.analysisConfig));
      writeAtomically(join(this.path, "config", CAMPAIGN_CONFIG), YAML.stringify(this.inputs.campaign));
    }
    if (configChanged || unique.length > 0) this.writeChecksums();
  }

  private writeChecksums(): void {
    writeAtomically(join(this.path, "config", CHECKSUMS), YAML.stringify(this.checksums));
  }
}

function readYaml(path: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return YAML.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined;
  }
}
