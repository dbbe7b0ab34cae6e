/** The JSON and YAML configs of a generated campaign: simulations, campaign, analysis. */
import YAML from "yaml";
import { EVOKED_BEFORE, EVOKED_LENGTH, SIMULATION_DT, type Stimuli } from "./activity.ts";

export interface SimulationSpec {
  seed: number;
  calcium: number;
  durationMs: number;
  stimuli: Stimuli;
  somaDt: number | undefined;
}

export function simulationConfig(spec: SimulationSpec): object {
  const { stimuli } = spec;
  const reports = spec.somaDt
    ? {
        soma: {
          cells: "soma_report_cells",
          variable_name: "v",
          sections: "soma",
          type: "compartment",
          unit: "mV",
          dt: spec.somaDt,
          start_time: 0,
          end_time: spec.durationMs,
          file_name: "soma",
          enabled: true,
        },
      }
    : {};
  return {
    version: 1,
    manifest: { $OUTPUT_DIR: "./reporting", $CIRCUIT_DIR: "../../circuit" },
    run: { tstop: spec.durationMs, dt: SIMULATION_DT, random_seed: spec.seed },
    target_simulator: "CORENEURON",
    network: "$CIRCUIT_DIR/circuit_config.json",
    node_set: "All",
    conditions: { celsius: 34, v_init: -80, extracellular_calcium: spec.calcium },
    inputs: {
      stimulus: {
        module: "pulse",
        input_type: "current_clamp",
        node_set: "Stimulated",
        delay: stimuli.start,
        duration: stimuli.count * stimuli.period,
        amp_start: 0.5,
        width: 5,
        frequency: 1000 / stimuli.period,
      },
    },
    output: { output_dir: "$OUTPUT_DIR", spikes_file: "spikes.h5", spikes_sort_order: "by_time" },
    reports,
  };
}

/**
 * The campaign in bbp-workflow's xarray format: `seed` alone, or `ca` x `seed` when the
 * simulations split in two calcium levels. Paths are relative to the campaign folder.
 */
export function campaignConfig(name: string, seeds: number[], calcium: number[], durationMs: number): object {
  const perCalcium = seeds.length / calcium.length;
  const paths = calcium.map((_, c) => Array.from({ length: perCalcium }, (_, s) => String(c * perCalcium + s)));
  const seedCoord = { dims: ["seed"], attrs: {}, data: seeds.slice(0, perCalcium) };
  const twoLevels = calcium.length > 1;
  return {
    dims: twoLevels ? ["ca", "seed"] : ["seed"],
    attrs: {
      path_prefix: ".",
      blue_config_template: "simulation_sonata.tmpl",
      tstop: durationMs,
      circuit_config: "../circuit/circuit_config.json",
    },
    data: twoLevels ? paths : paths[0],
    coords: twoLevels ? { ca: { dims: ["ca"], attrs: {}, data: calcium }, seed: seedCoord } : { seed: seedCoord },
    name,
  };
}

type Query = Record<string, string[]>;

/** Neuron classes of the spikes analysis: the first six partition the circuit. */
export const SPIKE_NEURON_CLASSES: Array<[string, Query]> = [
  ["L1_INH", { layer: ["1"], synapse_class: ["INH"] }],
  ["L23_EXC", { layer: ["2", "3"], synapse_class: ["EXC"] }],
  ["L4_EXC", { layer: ["4"], synapse_class: ["EXC"] }],
  ["L5_EXC", { layer: ["5"], synapse_class: ["EXC"] }],
  ["L6_EXC", { layer: ["6"], synapse_class: ["EXC"] }],
  ["L26_INH", { layer: ["2", "3", "4", "5", "6"], synapse_class: ["INH"] }],
  ["L23_INH", { layer: ["2", "3"], synapse_class: ["INH"] }],
  ["L4_INH", { layer: ["4"], synapse_class: ["INH"] }],
  ["L5_INH", { layer: ["5"], synapse_class: ["INH"] }],
  ["L6_INH", { layer: ["6"], synapse_class: ["INH"] }],
  ["ALL_EXC", { synapse_class: ["EXC"] }],
  ["ALL_INH", { synapse_class: ["INH"] }],
];
const SOMA_NEURON_CLASSES: Array<[string, Query]> = [
  ["L23_EXC", { layer: ["2", "3"], synapse_class: ["EXC"] }],
  ["L4_EXC", { layer: ["4"], synapse_class: ["EXC"] }],
  ["L56_EXC", { layer: ["5", "6"], synapse_class: ["EXC"] }],
  ["ALL_INH", { synapse_class: ["INH"] }],
];
/** Parameters of the features' params_product, two values each. */
const PRODUCT_PARAMS: Array<[string, unknown[]]> = [
  ["ratio", [0.25, 0.75]],
  ["bin_size", [1, 2]],
  ["sigma", [2, 4]],
  ["shift", [0, 5]],
  ["label", ["a", "b"]],
];

export interface AnalysisSpec {
  commandLine: string;
  population: string;
  stimuli: Stimuli;
  neuronClasses: number;
  windows: 2 | 3;
  paramCombos: number;
  spikes: boolean;
  soma: boolean;
}

/** A BlueETL analysis config (version 4) for the campaign, as YAML text. */
export function analysisConfig(spec: AnalysisSpec): string {
  const { stimuli } = spec;
  const flow = (value: unknown) => YAML.stringify(value, { collectionStyle: "flow", flowCollectionPadding: false, lineWidth: 0 }).trim();
  const evoked = {
    bounds: [0, EVOKED_LENGTH],
    initial_offset: stimuli.start - EVOKED_BEFORE,
    n_trials: stimuli.count,
    trial_steps_value: stimuli.period,
    window_type: "evoked",
  };
  const lines = [
    `# BlueETL analysis config made by: ${spec.commandLine}`,
    `# stimuli at ${stimuli.start} + k * ${stimuli.period} ms, k = 0..${stimuli.count - 1}`,
    "version: 4",
    "simulation_campaign: campaign/config.json",
    "cache:",
    "  path: analysis_output",
    "analysis:",
  ];
  if (spec.spikes) {
    lines.push("  spikes:", "    extraction:", "      report: {type: spikes}", "      neuron_classes:");
    for (const [name, query] of SPIKE_NEURON_CLASSES.slice(0, spec.neuronClasses)) {
      lines.push(`        ${name}: ${flow({ query })}`);
    }
    lines.push(
      `      population: ${flow(spec.population)}`,
      "      windows:",
      `        spont: ${flow({ bounds: [0, stimuli.start], window_type: "spontaneous" })}`,
      `        evoked: ${flow(evoked)}`,
    );
    if (spec.windows === 3) {
      const steps = Array.from({ length: Math.min(stimuli.count, 4) }, (_, i) => i * stimuli.period);
      const early = { bounds: [0, 60], initial_offset: stimuli.start, trial_steps_list: steps, window_type: "evoked" };
      lines.push(`        evoked_list: ${flow(early)}`);
    }
    lines.push(
      "    features:",
      "    - type: multi",
      "      groupby: [simulation_id, circuit_id, neuron_class, window]",
      "      function: blueetl.external.bnac.calculate_features.calculate_features_multi",
      "      params: {export_all_neurons: true}",
    );
    const product = paramsProduct(spec.paramCombos);
    if (product) lines.push(`      params_product: ${flow(product)}`);
  }
  if (spec.soma) {
    lines.push("  soma:", "    extraction:", "      report: {type: soma, name: soma}", "      neuron_classes:");
    for (const [name, query] of SOMA_NEURON_CLASSES) lines.push(`        ${name}: ${flow({ query })}`);
    lines.push(
      `      population: ${flow(spec.population)}`,
      "      windows:",
      `        spont: ${flow({ bounds: [0, stimuli.start], t_step: 0.5, window_type: "spontaneous" })}`,
      `        evoked: ${flow(evoked)}`,
      "    features:",
      "    - type: multi",
      "      groupby: [simulation_id, circuit_id]",
      "      function: blueetl.external.soma.calculate_features.calculate_features_by_simulation_circuit",
    );
  }
  return `${lines.join("\n")}\n`;
}

/** `combos` parameter sets: 2^k from the first k product parameters, else `combos` ratios. */
function paramsProduct(combos: number): Record<string, unknown[]> | undefined {
  if (combos <= 1) return undefined;
  const k = Math.log2(combos);
  if (Number.isInteger(k) && k <= PRODUCT_PARAMS.length) return Object.fromEntries(PRODUCT_PARAMS.slice(0, k));
  return { ratio: Array.from({ length: combos }, (_, i) => Math.round((i + 1) * 1e9) / 1e10) };
}
