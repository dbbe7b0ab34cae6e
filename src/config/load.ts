/**
 * Loading an analysis config: YAML, validation, BlueETL's defaults and deprecations, global
 * values propagated to neuron classes and trial steps, paths resolved from the config's folder,
 * window references checksummed, features expanded. It reads files, and runs nothing.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import YAML from "yaml";
import { isPlainObject } from "../frame/index.ts";
import { checksumJson } from "./checksum.ts";
import { floatLiterals, floatsUnder, setFloatParams } from "./floats.ts";
import { ConfigError, jsonError, keyPath } from "./errors.ts";
import type {
  CacheConfig,
  ExtractionConfig,
  FeaturesConfig,
  MultiAnalysisConfig,
  NeuronClassConfig,
  SingleAnalysisConfig,
  TrialStepsConfig,
  WindowConfig,
} from "./model.ts";
import { checkPlainName, plainNameProblem } from "./names.ts";
import { expandFeatures } from "./params.ts";
import { checkReferences, resolveWindowReferences } from "./references.ts";
import { type RawConfig, type RawFeatures, type RawTrialSteps, type RawWindow, multiAnalysisSchema } from "./schema.ts";

export const CONFIG_VERSION = 4;
export const MIN_CONFIG_VERSION = 3;
/** Where the campaign config is kept in an analysis' cache folder. */
export const CACHED_CAMPAIGN = join("config", "simulations_config.cached.yaml");

/** Overrides of the `cache` section, as given on the command line (null: keep the config's). */
export interface CacheOverrides {
  clearCache?: boolean | null | undefined;
  readonlyCache?: boolean | null | undefined;
  skipFeaturesCache?: boolean | null | undefined;
}

export interface LoadedConfig {
  config: MultiAnalysisConfig;
  /** Deprecations, as BlueETL warns of them. */
  warnings: string[];
}

/** Read, validate and resolve the analysis config at `path`. */
export function loadAnalysisConfig(path: string, overrides: CacheOverrides = {}, options: { allowMissingCampaign?: boolean } = {}): LoadedConfig {
  const file = resolve(path);
  const { value, floats } = readYaml(file);
  return resolveAnalysisConfig(value, dirname(file), overrides, file, floats, options.allowMissingCampaign);
}

/** The YAML document of the analysis config file at `path`, not validated. */
export function readConfigYaml(path: string): unknown {
  return readYaml(path).value;
}

function readYaml(path: string): { value: unknown; floats: Set<string> } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new ConfigError("the analysis config file does not exist", path);
  }
  const doc = parseDocument(text, path);
  return { value: doc.toJS(), floats: floatLiterals(doc, text) };
}

/** YAML as PyYAML reads it: YAML 1.1 (yes/no are booleans), duplicate keys allowed. */
export function parseYaml(text: string, file?: string): unknown {
  return parseDocument(text, file).toJS();
}

function parseDocument(text: string, file?: string): YAML.Document {
  const doc = YAML.parseDocument(text, { version: "1.1", uniqueKeys: false, merge: true });
  if (doc.errors.length > 0) throw new ConfigError(`invalid YAML: ${doc.errors[0]!.message}`, file);
  return doc;
}

/** Validate and resolve a parsed config whose relative paths are relative to `basePath`. */
export function resolveAnalysisConfig(
  input: unknown,
  basePath: string,
  overrides: CacheOverrides = {},
  file?: string,
  /** The paths of the numbers written as floats (from the YAML text), for the Python functions. */
  floats?: ReadonlySet<string>,
  /** A campaign file that does not exist (yet) is kept as it is written, not an error (`validate-config`). */
  allowMissingCampaign = false,
): LoadedConfig {
  if (input === null || input === undefined || input === "") throw new ConfigError("Empty configuration", file);
  if (!isPlainObject(input)) throw new ConfigError("the configuration must be a mapping of keys to values", file);
  const config = validateSchema(applyOverrides(input, overrides), file);
  const warnings: string[] = [];
  const fail = (message: string): never => {
    throw new ConfigError(message, file);
  };
  if (config.version < MIN_CONFIG_VERSION) fail(`version: Config version ${config.version} is not supported.`);
  // BlueETL reads a later version as version 4, with a warning that it "is deprecated".
  if (config.version > CONFIG_VERSION) fail(`version: Config version ${config.version} is not supported (the versions are ${MIN_CONFIG_VERSION} and ${CONFIG_VERSION}, as in BlueETL 0.13.4)`);
  if (config.version !== CONFIG_VERSION) {
    warnings.push(`version ${config.version} is deprecated, see the docs to update the config`);
  }
  const cache = resolveCache(config, basePath, warnings, fail);
  const analysis: Record<string, SingleAnalysisConfig> = {};
  const campaign = resolve(basePath, config.simulation_campaign);
  for (const [name, single] of Object.entries(config.analysis)) {
    const where = `analysis.${name}`;
    const badName = checkPlainName(name, "the analysis name");
    if (badName) fail(`${where}: ${badName}`);
    const extraction = resolveExtraction(single.extraction, basePath, where, fail);
    for (const [step, config] of Object.entries(extraction.trial_steps)) setFloatParams(config, floatsUnder(floats, ["analysis", name, "extraction", "trial_steps", step]));
    const features = expandFeatures(
      (single.features ?? []).map((f, id) => featuresConfig(f, id)),
      `${where}.features`,
      fail,
      (id) => floatsUnder(floats, ["analysis", name, "features", id]),
    );
    checkFeatures(features, extraction, where, fail);
    analysis[name] = {
      simulation_campaign: campaignPath(campaign, cache.path, name, allowMissingCampaign ? () => campaign : fail),
      cache: { ...cache, path: join(cache.path, name) },
      // BlueETL overwrites the filters of each analysis with the global ones.
      simulations_filter: config.simulations_filter ?? {},
      simulations_filter_in_memory: config.simulations_filter_in_memory ?? {},
      extraction,
      features,
      custom: single.custom ?? {},
    };
  }
  checkReferences(analysis, fail);
  resolveWindowReferences(analysis, fail);
  return {
    config: {
      version: config.version,
      simulation_campaign: campaign,
      cache,
      simulations_filter: config.simulations_filter ?? {},
      simulations_filter_in_memory: config.simulations_filter_in_memory ?? {},
      analysis,
      custom: config.custom ?? {},
      cluster: config.cluster ?? {},
    },
    warnings,
  };
}

/** Check the keys and types of a parsed config (the schema only: no paths, no references). */
export function validateSchema(raw: unknown, file?: string): RawConfig {
  const parsed = multiAnalysisSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError("Invalid configuration", file, parsed.error.issues.map((issue) => describeIssue(issue, raw)));
  }
  return parsed.data;
}

function applyOverrides(input: Record<string, unknown>, overrides: CacheOverrides): Record<string, unknown> {
  const raw = structuredClone(input);
  const cache = isPlainObject(raw["cache"]) ? raw["cache"] : {};
  if (overrides.clearCache !== undefined && overrides.clearCache !== null) cache["clear"] = overrides.clearCache;
  if (overrides.readonlyCache !== undefined && overrides.readonlyCache !== null) cache["readonly"] = overrides.readonlyCache;
  if (overrides.skipFeaturesCache !== undefined && overrides.skipFeaturesCache !== null) {
    cache["skip_features"] = overrides.skipFeaturesCache;
  }
  if (raw["cache"] !== undefined || Object.keys(cache).length > 0) raw["cache"] = cache;
  return raw;
}

type Issue = { code: string; path: PropertyKey[]; message: string; keys?: string[]; errors?: Issue[][] };

/** One line per problem, naming the key path. */
function describeIssue(issue: Issue, raw: unknown): string {
  const where = keyPath(issue.path);
  if (issue.code === "unrecognized_keys") {
    return `${where}: unknown key${issue.keys!.length > 1 ? "s" : ""} ${issue.keys!.map((k) => `'${k}'`).join(", ")}`;
  }
  if (issue.code === "invalid_union" && issue.errors) {
    // A window is a config dict or a reference string: explain against what the value looks like.
    const value = issue.path.reduce<unknown>((v, k) => (isPlainObject(v) || Array.isArray(v) ? (v as never)[k] : undefined), raw);
    const branch = issue.errors.find((errors) => errors.every((e) => e.code !== "invalid_type" || e.path.length > 0));
    const chosen = typeof value === "string" || !branch ? undefined : branch;
    if (chosen) return chosen.map((e) => describeIssue({ ...e, path: [...issue.path, ...e.path] }, raw)).join("; ");
    return `${where}: expected a window (a mapping with 'bounds') or a reference '<analysis>.extraction.windows.<window>'`;
  }
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) return `${where}: required key missing`;
  return `${where}: ${issue.message.replace(/^Invalid input: /, "")}`;
}

function resolveCache(config: RawConfig, basePath: string, warnings: string[], fail: (m: string) => never): CacheConfig {
  const cache = { ...(config.cache ?? {}) };
  if (config.output !== undefined) {
    if (cache.path !== undefined) fail("output must be removed when path is defined (use cache.path only)");
    warnings.push("output is deprecated, use cache.path instead");
    cache.path = config.output;
  }
  if (config.clear_cache !== undefined) {
    warnings.push("clear_cache is deprecated, use cache.clear instead");
    cache.clear = config.clear_cache;
  }
  if (cache.path === undefined) fail("cache.path: required key missing (the folder of the cache)");
  if (cache.clear && cache.readonly) fail("cache: clear and readonly cannot be both True at the same time");
  return {
    path: resolve(basePath, cache.path!),
    clear: cache.clear ?? false,
    readonly: cache.readonly ?? false,
    skip_features: cache.skip_features ?? false,
    store_type: cache.store_type ?? "parquet",
  };
}

/** The campaign config, or the copy kept in the cache when the original is gone. */
function campaignPath(campaign: string, cachePath: string, name: string, fail: (m: string) => string): string {
  if (existsSync(campaign)) return campaign;
  const cached = join(cachePath, name, CACHED_CAMPAIGN);
  if (existsSync(cached)) return cached;
  return fail(
    `The simulation campaign config file ${campaign} doesn't exist and it's not found in the cache ${cachePath}`,
  );
}

const PROPAGATED = ["population", "node_set", "node_sets_file", "limit"] as const;

function resolveExtraction(
  raw: RawConfig["analysis"][string]["extraction"],
  basePath: string,
  where: string,
  fail: (m: string) => never,
): ExtractionConfig {
  // Global values fill the keys missing in each neuron class and trial steps (an explicit null stays).
  const globals = PROPAGATED.filter((key) => key in raw).map((key) => [key, raw[key] ?? null] as const);
  const withGlobals = <T extends Record<string, unknown>>(entry: T): T => {
    const out: Record<string, unknown> = { ...entry };
    for (const [key, value] of globals) if (!(key in out)) out[key] = value;
    return out as T;
  };
  const neuronClasses: Record<string, NeuronClassConfig> = {};
  for (const [name, entry] of Object.entries(raw.neuron_classes ?? {})) {
    const e = withGlobals(entry);
    const nodeSets = nodeSetsFile(e.node_sets_file ?? null, basePath, `${where}.extraction.neuron_classes.${name}.node_sets_file`, fail);
    neuronClasses[name] = {
      query: (e.query ?? {}) as NeuronClassConfig["query"],
      population: e.population ?? null,
      node_set: e.node_set ?? null,
      node_sets_file: nodeSets.path,
      node_sets_checksum: nodeSets.checksum,
      limit: e.limit ?? null,
      node_id: e.node_id ?? null,
    };
  }
  const trialSteps: Record<string, TrialStepsConfig> = {};
  for (const [name, entry] of Object.entries(raw.trial_steps ?? {})) {
    trialSteps[name] = trialStepsConfig(withGlobals(entry), basePath, `${where}.extraction.trial_steps.${name}`, fail);
  }
  const windows: Record<string, WindowConfig | string> = {};
  for (const [name, entry] of Object.entries(raw.windows ?? {})) {
    windows[name] = typeof entry === "string" ? entry : windowConfig(entry, `${where}.extraction.windows.${name}`, fail);
  }
  return {
    report: { type: raw.report.type, name: raw.report.name ?? "" },
    neuron_classes: neuronClasses,
    windows,
    trial_steps: trialSteps,
  };
}

function windowConfig(raw: RawWindow, where: string, fail: (m: string) => never): WindowConfig {
  const window: WindowConfig = {
    initial_offset: raw.initial_offset ?? 0,
    bounds: [raw.bounds[0], raw.bounds[1]],
    t_step: raw.t_step ?? 0,
    n_trials: raw.n_trials ?? 0,
    trial_steps_value: raw.trial_steps_value ?? 0,
    trial_steps_list: raw.trial_steps_list ?? [],
    trial_steps_label: raw.trial_steps_label ?? "",
    window_type: raw.window_type ?? "",
  };
  if (window.trial_steps_list.length > 0 && (window.n_trials || window.trial_steps_value)) {
    fail(`${where}: trial_steps_list cannot be set with n_trials or trial_steps_value`);
  }
  if (window.n_trials > 1 && !window.trial_steps_value) {
    fail(`${where}: trial_steps_value cannot be 0 when n_trials > 1`);
  }
  // BlueETL accepts it and extracts nothing from the window; an error says why.
  if (window.bounds[0] > window.bounds[1]) {
    fail(`${where}.bounds: [${window.bounds.join(", ")}] starts after it ends: expected [t_start, t_stop] with t_start <= t_stop`);
  }
  return window;
}

function trialStepsConfig(raw: RawTrialSteps, basePath: string, where: string, fail: (m: string) => never): TrialStepsConfig {
  const { function: func, bounds, population, node_set, node_sets_file, limit, ...extra } = raw;
  if ("initial_offset" in extra) fail(`${where}: Forbidden extra fields: {'initial_offset'}`);
  if ("base_path" in extra && typeof extra["base_path"] !== "string") fail(`${where}.base_path: expected a string`);
  const nodeSets = nodeSetsFile(node_sets_file ?? null, basePath, `${where}.node_sets_file`, fail);
  const { base_path: basePathOverride, node_sets_checksum: _ignored, ...others } = extra;
  return {
    function: func,
    bounds: [bounds[0], bounds[1]],
    population: population ?? null,
    node_set: node_set ?? null,
    node_sets_file: nodeSets.path,
    node_sets_checksum: nodeSets.checksum,
    limit: limit ?? null,
    base_path: typeof basePathOverride === "string" ? resolve(basePath, basePathOverride) : basePath,
    ...others,
  };
}

/** The node sets file made absolute, and the checksum of its content (it must exist now). */
function nodeSetsFile(
  path: string | null,
  basePath: string,
  where: string,
  fail: (m: string) => never,
): { path: string | null; checksum: string | null } {
  if (!path) return { path: null, checksum: null };
  const absolute = resolve(basePath, path);
  let text: string;
  let content: unknown;
  try {
    text = readFileSync(absolute, "utf8");
  } catch {
    return fail(`${where}: the node sets file ${absolute} does not exist`);
  }
  try {
    content = JSON.parse(text);
  } catch (error) {
    return fail(`${where}: the node sets file ${absolute} is not valid JSON (${jsonError(error, text)})`);
  }
  return { path: absolute, checksum: checksumJson(content) };
}

/**
 * Features whose tables can be named and whose windows and neuron classes exist. BlueETL takes an
 * unknown window or class and fails later with "The query returned 0 records." (the groups then
 * come from the report, and a group without the window has none), or computes groups it was not
 * asked for: refused here, with the names the extraction has.
 */
function checkFeatures(features: FeaturesConfig[], extraction: ExtractionConfig, where: string, fail: (m: string) => never): void {
  for (const config of features) {
    const at = `${where}.features[${config.id}]`;
    const name = config.type === "single" ? checkPlainName(`${config.name ?? "None"}${config.suffix}`, "the features name") : undefined;
    if (name) fail(`${at}: ${name}`);
    const suffix = plainNameProblem(`x${config.suffix}`);
    if (suffix) fail(`${at}.suffix: '${config.suffix}' cannot end a file name in the cache: ${suffix}`);
    for (const [key, known] of [["windows", Object.keys(extraction.windows)], ["neuron_classes", Object.keys(extraction.neuron_classes)]] as const) {
      const unknown = config[key].filter((n) => !known.includes(n));
      if (unknown.length > 0) {
        fail(`${at}.${key}: ${unknown.map((n) => `'${n}'`).join(", ")} ${unknown.length > 1 ? "are" : "is"} not in extraction.${key} (defined: ${known.join(", ") || "none"})`);
      }
    }
  }
}

function featuresConfig(raw: RawFeatures, id: number): FeaturesConfig {
  return {
    id,
    type: raw.type,
    name: raw.name ?? null,
    groupby: raw.groupby,
    function: raw.function,
    neuron_classes: raw.neuron_classes ?? [],
    windows: raw.windows ?? [],
    params: raw.params ?? {},
    params_product: raw.params_product ?? {},
    params_zip: raw.params_zip ?? {},
    suffix: raw.suffix ?? "",
    multi_index: raw.multi_index ?? true,
  };
}
