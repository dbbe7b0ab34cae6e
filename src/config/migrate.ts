/**
 * `blueetl migrate-config`: configs of BlueETL 0.1 (version 1), 0.2 (2) and 0.3-0.8 (3) rewritten
 * as version 4, step by step, with BlueETL's renames; the result is checked against the schema.
 */
import { isPlainObject } from "../frame/index.ts";
import { ConfigError } from "./errors.ts";
import { CONFIG_VERSION, validateSchema } from "./load.ts";

type Mapping = Record<string, unknown>;

export interface Migration {
  config: Mapping;
  /** Set when the config was already at the current version. */
  note?: string;
}

const ROOT_ORDER = ["version", "simulation_campaign", "simulations_filter", "simulations_filter_in_memory", "cache", "analysis", "custom"];

export function migrateConfig(input: unknown, options: { sort?: boolean; file?: string } = {}): Migration {
  if (!isPlainObject(input)) throw new ConfigError("the configuration must be a mapping of keys to values", options.file);
  const version = input["version"] ?? 1;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1 || version > CONFIG_VERSION) {
    throw new ConfigError(`The config version ${String(version)} isn't supported.`, options.file);
  }
  let config: Mapping = structuredClone(input);
  if (version <= 1) config = fromV1(config);
  if (version <= 2) config = fromV2(config);
  if (version <= 3) config = fromV3(config);
  if (options.sort ?? true) config = sortRootKeys(config);
  validateSchema(config, options.file);
  const note = version === CONFIG_VERSION ? `The config version ${version} doesn't need to be migrated.` : undefined;
  return note ? { config, note } : { config };
}

/** v1 (BlueETL 0.1): one spikes analysis at the top level. */
function fromV1(config: Mapping): Mapping {
  const take = (key: string) => {
    const value = config[key];
    delete config[key];
    return value;
  };
  const kept = Object.fromEntries(
    ["simulation_campaign", "output", "simulations_filter", "simulations_filter_in_memory"].filter((k) => k in config).map((k) => [k, take(k)]),
  );
  const extraction = mapping(take("extraction"), "extraction");
  for (const neuronClass of Object.values(mapping(extraction["neuron_classes"], "extraction.neuron_classes"))) {
    renameKey(mapping(neuronClass, "a neuron class"), "gid", "$gids");
  }
  const analysis = take("analysis");
  const features = isPlainObject(analysis) ? (analysis["features"] ?? []) : [];
  const spikes: Mapping = { extraction: { report: { type: "spikes" }, ...extraction }, features };
  // What is left, an explicit `version: 1` included, becomes the analysis' custom section (as BlueETL).
  if (Object.keys(config).length > 0) spikes["custom"] = config;
  return { version: 2, ...kept, analysis: { spikes } };
}

/** v2 (BlueETL 0.2): `target` becomes `node_set`; neuron classes get a `query`. */
function fromV2(config: Mapping): Mapping {
  config["version"] = 3;
  for (const [name, analysis] of Object.entries(mapping(config["analysis"], "analysis"))) {
    const extraction = mapping(mapping(analysis, `analysis.${name}`)["extraction"], `analysis.${name}.extraction`);
    renameKey(extraction, "target", "node_set");
    for (const neuronClass of Object.values(mapping(extraction["neuron_classes"], `analysis.${name}.extraction.neuron_classes`))) {
      const entry = mapping(neuronClass, "a neuron class");
      const query: Mapping = {};
      for (const key of Object.keys(entry).filter((k) => !k.startsWith("$"))) {
        query[key] = entry[key];
        delete entry[key];
      }
      if (Object.keys(query).length > 0) setNew(entry, "query", query);
      renameKey(entry, "$target", "node_set");
      renameKey(entry, "$limit", "limit");
      renameKey(entry, "$gids", "node_id");
      renameKey(entry, "$query", "query");
    }
  }
  return config;
}

/** v3 (BlueETL 0.8): `output` and `clear_cache` move into `cache`. */
function fromV3(config: Mapping): Mapping {
  config["version"] = 4;
  const cache = (config["cache"] ??= {}) as Mapping;
  for (const [old, key] of [["output", "path"], ["clear_cache", "clear"]] as const) {
    const value = config[old];
    delete config[old];
    if (value !== undefined && value !== null) setNew(cache, key, value);
  }
  return config;
}

function sortRootKeys(config: Mapping): Mapping {
  const first = ROOT_ORDER.filter((k) => k in config);
  return Object.fromEntries([...first, ...Object.keys(config).filter((k) => !first.includes(k))].map((k) => [k, config[k]]));
}

function mapping(value: unknown, where: string): Mapping {
  if (!isPlainObject(value)) throw new ConfigError(`${where}: expected a mapping, got ${JSON.stringify(value ?? null)}`);
  return value;
}

function setNew(target: Mapping, key: string, value: unknown): void {
  if (key in target) throw new ConfigError(`The key ${key} is already present in ${JSON.stringify(target)}`);
  target[key] = value;
}

function renameKey(target: Mapping, old: string, key: string): void {
  if (!(old in target)) return;
  const value = target[old];
  delete target[old];
  setNew(target, key, value);
}
