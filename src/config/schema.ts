/**
 * The structure of an analysis config (version 4), as BlueETL's JSON schema and models check
 * it: unknown keys are refused, types are strict (no "5" for 5), numbers must be finite.
 */
import * as z from "zod";

// zod numbers refuse NaN and Infinity, as BlueETL's models do (allow_inf_nan=False).
const finite = () => z.number();
const integer = () => z.number().int();
// BlueETL takes a negative limit or n_trials silently (dropping neurons, or the window): refused here.
const count = (what: string) => z.number().int().min(0, { message: `expected an integer >= 0 (${what})` });
const query = () => z.union([z.record(z.string(), z.unknown()), z.array(z.record(z.string(), z.unknown()))]);
const nullableString = () => z.string().nullable().optional();

export const cacheSchema = z.strictObject({
  path: z.string().optional(),
  clear: z.boolean().optional(),
  readonly: z.boolean().optional(),
  skip_features: z.boolean().optional(),
  store_type: z.enum(["parquet", "feather"]).optional(),
});

export const windowSchema = z.strictObject({
  initial_offset: finite().optional(),
  bounds: z.tuple([finite(), finite()]),
  t_step: finite().optional(),
  n_trials: count("the number of trials; 0 is one trial").optional(),
  trial_steps_value: finite().optional(),
  trial_steps_list: z.array(finite()).optional(),
  trial_steps_label: z.string().optional(),
  window_type: z.string().optional(),
});

/** Trial steps accept extra keys: they are passed to the function. */
export const trialStepsSchema = z.looseObject({
  function: z.string(),
  bounds: z.tuple([finite(), finite()]),
  population: nullableString(),
  node_set: nullableString(),
  node_sets_file: nullableString(),
  limit: count("the most neurons drawn; 0 or null is no limit").nullable().optional(),
});

export const neuronClassSchema = z.strictObject({
  query: query().optional(),
  population: nullableString(),
  node_set: nullableString(),
  node_sets_file: nullableString(),
  limit: count("the most neurons drawn; 0 or null is no limit").nullable().optional(),
  node_id: z.array(integer()).nullable().optional(),
});

export const extractionSchema = z.strictObject({
  report: z.strictObject({ type: z.enum(["spikes", "soma", "compartment"]), name: z.string().optional() }),
  neuron_classes: z.record(z.string(), neuronClassSchema).optional(),
  limit: count("the most neurons drawn; 0 or null is no limit").nullable().optional(),
  population: nullableString(),
  node_set: nullableString(),
  node_sets_file: nullableString(),
  windows: z.record(z.string(), z.union([z.string(), windowSchema])).optional(),
  trial_steps: z.record(z.string(), trialStepsSchema).optional(),
});

export const featuresSchema = z.strictObject({
  type: z.enum(["single", "multi"]),
  name: z.string().optional(),
  groupby: z.array(z.string()),
  function: z.string(),
  neuron_classes: z.array(z.string()).optional(),
  windows: z.array(z.string()).optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  params_product: z.record(z.string(), z.unknown()).optional(),
  params_zip: z.record(z.string(), z.unknown()).optional(),
  suffix: z.string().optional(),
  multi_index: z.boolean().optional(),
});

export const analysisSchema = z.strictObject({
  simulations_filter: z.record(z.string(), z.unknown()).optional(),
  simulations_filter_in_memory: z.record(z.string(), z.unknown()).optional(),
  extraction: extractionSchema,
  features: z.array(featuresSchema).optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
});

/** Ours, not BlueETL's: where the work runs (never part of a checksum). */
export const clusterSchema = z.strictObject({
  executor: z.enum(["local", "slurm"]).optional(),
  partition: z.string().optional(),
  // YAML 1.1 (PyYAML's, ours) reads an unquoted 1:00:00 as the number 3600: SLURM would take it as minutes.
  time: z.string({ error: 'expected a string, quoted: e.g. "2:00:00" or "30" (minutes); YAML reads an unquoted 1:00:00 as the number 3600' }).optional(),
  mem: z.string({ error: 'expected a string: e.g. "4G"' }).optional(),
  array_parallelism: z.number().int().min(1, { message: "expected an integer >= 1 (the most tasks running at once)" }).optional(),
  sbatch_args: z.array(z.string()).optional(),
  simulations_per_task: z.number().int().min(1, { message: "expected an integer >= 1" }).optional(),
  feature_tasks: z.number().int().min(1, { message: "expected an integer >= 1" }).optional(),
  wait: z.boolean().optional(),
});

export const multiAnalysisSchema = z.strictObject({
  version: integer(),
  simulation_campaign: z.string(),
  output: z.string().optional(),
  clear_cache: z.boolean().optional(),
  cache: cacheSchema.optional(),
  simulations_filter: z.record(z.string(), z.unknown()).optional(),
  simulations_filter_in_memory: z.record(z.string(), z.unknown()).optional(),
  analysis: z.record(z.string(), analysisSchema),
  custom: z.record(z.string(), z.unknown()).optional(),
  cluster: clusterSchema.optional(),
});

export type RawConfig = z.infer<typeof multiAnalysisSchema>;
export type RawWindow = z.infer<typeof windowSchema>;
export type RawTrialSteps = z.infer<typeof trialStepsSchema>;
export type RawNeuronClass = z.infer<typeof neuronClassSchema>;
export type RawFeatures = z.infer<typeof featuresSchema>;
