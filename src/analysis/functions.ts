/**
 * The functions a config names, checked before any work: built-in names (a misspelt BlueETL name
 * is not sent to Python), TypeScript modules and their exports, Python modules and attributes.
 * `validateConfig` runs every check `run` makes before it extracts anything.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { SimulationCampaign } from "../campaign/index.ts";
import { ConfigError, type MultiAnalysisConfig, type SingleAnalysisConfig, loadAnalysisConfig } from "../config/index.ts";
import { TRIAL_STEPS_FUNCTIONS, loadFunction } from "../extract/index.ts";
import { FEATURE_FUNCTIONS } from "../features/index.ts";
import { isPythonName } from "../python/index.ts";
import { checkPython } from "./python.ts";

/** BlueETL 0.13.4's functions that are not built in here: run in Python, from an installed BlueETL. */
const BLUEETL_ONLY = ["blueetl.external.bluecv.gid.calculate_features_by_gid", "blueetl.external.bluecv.neuron_class.calculate_features_by_neuron_class"];

/** A function named in a config, where, and what kind. */
export interface FunctionUse {
  name: string;
  /** `analysis.spikes.features[1]`, `analysis.spikes.extraction.trial_steps.ts1`. */
  where: string;
  what: "feature function" | "trial steps function";
  /** The features config's index in the analysis' features, for a feature function. */
  features?: number;
  analysis: string;
}

export function functionUses(config: MultiAnalysisConfig): FunctionUse[] {
  return Object.entries(config.analysis).flatMap(([analysis, single]) => analysisFunctionUses(analysis, single));
}

/** The trial steps functions, then the feature functions of one analysis. */
export function analysisFunctionUses(analysis: string, single: SingleAnalysisConfig): FunctionUse[] {
  const uses: FunctionUse[] = [];
  for (const [label, steps] of Object.entries(single.extraction.trial_steps)) {
    uses.push({ name: steps.function, where: `analysis.${analysis}.extraction.trial_steps.${label}`, what: "trial steps function", analysis });
  }
  single.features.forEach((features, i) => {
    uses.push({ name: features.function, where: `analysis.${analysis}.features[${features.id}]`, what: "feature function", features: i, analysis });
  });
  return uses;
}

/**
 * A name under `blueetl.` that is no function of BlueETL 0.13.4 (a misspelt built-in): said
 * before anything is loaded, rather than sent to Python as a module that cannot be found.
 */
export function checkBuiltinNames(config: MultiAnalysisConfig, file?: string): void {
  for (const use of functionUses(config)) {
    const names = builtins(use);
    if (!use.name.startsWith("blueetl.") || names.includes(use.name) || BLUEETL_ONLY.includes(use.name)) continue;
    const closest = [...names].sort((a, b) => editDistance(a, use.name) - editDistance(b, use.name))[0]!;
    throw new ConfigError(`${use.where}.function: '${use.name}' is not a ${use.what} of BlueETL 0.13.4: did you mean '${closest}'?`, file);
  }
}

function builtins(use: FunctionUse): string[] {
  return Object.keys(use.what === "feature function" ? FEATURE_FUNCTIONS : TRIAL_STEPS_FUNCTIONS);
}

/** The functions of `uses` that are neither built in nor Python imported (TypeScript modules, their exports): an error names the config key. */
export async function loadTypeScriptFunctions(uses: readonly FunctionUse[], basePath: string): Promise<void> {
  for (const use of uses) {
    if (builtins(use).includes(use.name) || isPythonName(use.name)) continue;
    try {
      if (use.what === "feature function") await loadFunction(use.name, FEATURE_FUNCTIONS, basePath, use.what);
      else await loadFunction(use.name, TRIAL_STEPS_FUNCTIONS, basePath, use.what);
    } catch (error) {
      const named = new ConfigError(`${use.where}.function: ${(error as Error).message}`);
      named.cause = (error as Error).cause ?? error;
      throw named;
    }
  }
}

export interface Validation {
  /** Deprecations, as `run` warns of them. */
  warnings: string[];
  /** What `run` will need that is not there yet (a campaign file a later step makes). */
  notes: string[];
}

/**
 * `validate-config`: the keys and values, references and versions as the loader checks them, the
 * campaign when it is there, and every function the config names. The cache is not opened.
 */
export async function validateConfig(path: string): Promise<Validation> {
  const { config, warnings } = loadAnalysisConfig(path, {}, { allowMissingCampaign: true });
  const notes: string[] = [];
  const campaigns = new Set(Object.values(config.analysis).map((a) => a.simulation_campaign));
  for (const campaign of campaigns) {
    if (existsSync(campaign)) SimulationCampaign.load(campaign);
    else notes.push(`the simulation campaign ${campaign} does not exist yet: run needs it (or its copy in the cache)`);
  }
  const basePath = dirname(resolve(path));
  checkBuiltinNames(config, resolve(path));
  checkPython(config, basePath);
  await loadTypeScriptFunctions(functionUses(config), basePath);
  return { warnings, notes };
}

/** Levenshtein's distance, for the closest built-in name. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}
