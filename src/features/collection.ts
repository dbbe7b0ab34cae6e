/**
 * The features of an analysis: every table by name, and the concatenated view of the tables
 * computed for several parameter sets (the name without the suffix).
 */
import type { FeaturesConfig } from "../config/index.ts";
import type { DataFrame } from "../frame/index.ts";
import { ConcatenatedFeatures, type ParameterSet } from "./concatenated.ts";
import { FeaturesError } from "./errors.ts";

/** Reads a table from the cache; `head`, when given, reads only its first rows and counts them all. */
export interface TableReader {
  (): DataFrame;
  head?: (rows: number) => Promise<{ head: DataFrame; rows: number }>;
}

/** A features table; one from the cache is read when first used. */
export class Feature {
  private table: DataFrame | undefined;
  private read: TableReader | undefined;

  constructor(
    readonly name: string,
    table: DataFrame | TableReader,
    readonly config: FeaturesConfig,
  ) {
    if (typeof table === "function") this.read = table;
    else this.table = table;
  }

  get df(): DataFrame {
    if (!this.table) {
      this.table = this.read!();
      this.read = undefined;
    }
    return this.table;
  }

  /** Its first rows (copied) and its number of rows; a table in the cache is not read whole when it can be helped. */
  async head(rows: number): Promise<{ head: DataFrame; rows: number }> {
    if (!this.table && this.read?.head) return this.read.head(rows);
    const df = this.df;
    return { head: df.take(Uint32Array.from({ length: Math.min(rows, df.length) }, (_, i) => i)), rows: df.length };
  }
}

export class FeaturesCollection {
  private readonly features = new Map<string, Feature>();
  private readonly concatenated = new Map<string, { suffixed: Array<{ name: string; config: FeaturesConfig }>; view?: ConcatenatedFeatures }>();

  /** Add the tables of a config; names must not collide with each other or with concatenated ones. */
  add(config: FeaturesConfig, tables: Record<string, DataFrame | TableReader>): void {
    const names = Object.keys(tables);
    const overlapping = names.filter((n) => this.features.has(n));
    if (overlapping.length > 0) throw new FeaturesError(`Overlapping features dataframes aren't allowed: ${JSON.stringify(overlapping.sort())}`);
    const onConcatenated = names.filter((n) => this.concatenated.has(n));
    if (onConcatenated.length > 0) {
      throw new FeaturesError(`Features cannot overlap with concatenated features: ${JSON.stringify(onConcatenated.sort())}`);
    }
    for (const name of names) {
      this.features.set(name, new Feature(name, tables[name]!, config));
      this.expose(name);
    }
    if (!config.suffix) return;
    for (const name of names) {
      const base = name.endsWith(config.suffix) ? name.slice(0, -config.suffix.length) : name;
      if (this.features.has(base)) throw new FeaturesError(`Concatenated features ${base} cannot overlap with features dataframes`);
      const entry = this.concatenated.get(base) ?? { suffixed: [] };
      entry.suffixed.push({ name, config });
      delete entry.view;
      this.concatenated.set(base, entry);
      this.expose(base);
    }
  }

  /** `collection.<name>` from JavaScript, as in BlueETL (names that are methods excepted). */
  private expose(name: string): void {
    if (!(name in this)) Object.defineProperty(this, name, { get: () => this.get(name), enumerable: false, configurable: true });
  }

  /** Every features table name and concatenated name, sorted. */
  get names(): string[] {
    return [...this.features.keys(), ...this.concatenated.keys()].sort();
  }

  has(name: string): boolean {
    return this.features.has(name) || this.concatenated.has(name);
  }

  /** A features table, or the concatenated view of a name without suffix. */
  get(name: string): Feature | ConcatenatedFeatures {
    const feature = this.features.get(name);
    if (feature) return feature;
    const entry = this.concatenated.get(name);
    if (!entry) throw new FeaturesError(`no features named '${name}' (known: ${this.names.join(", ") || "none"})`);
    if (!entry.view) {
      const sets: ParameterSet[] = entry.suffixed.map(({ name: n, config }) => ({ df: this.features.get(n)!.df, params: config.params }));
      entry.view = new ConcatenatedFeatures(name, sets);
    }
    return entry.view;
  }

  /** The tables computed for one features config, by name. */
  tablesOf(config: FeaturesConfig): Record<string, DataFrame> {
    return Object.fromEntries([...this.features.values()].filter((f) => f.config === config).map((f) => [f.name, f.df]));
  }

  /** The features tables (not the concatenated views), by name. */
  tables(): Map<string, Feature> {
    return new Map(this.features);
  }
}
