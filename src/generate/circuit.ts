/**
 * A synthetic cortical circuit: neurons in six layers and four regions with @library properties
 * (layer, synapse_class, mtype, etype, region...), positions, and node sets of several kinds.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type NodePopulationData, writeNodes } from "../sonata/write/writers.ts";
import { Random } from "./random.ts";

export const LAYERS = ["1", "2", "3", "4", "5", "6"] as const;
const LAYER_SHARE = [0.02, 0.08, 0.17, 0.16, 0.22, 0.35];
const INHIBITORY_SHARE = 0.14; // of layers 2-6; layer 1 is all inhibitory
const LAYER_DEPTH = [0, 165, 310, 700, 900, 1500, 2100]; // um from the pia
export const REGIONS = ["S1FL", "S1HL", "S1J", "S1ULp"] as const;
const REGION_SHARE = [0.3, 0.3, 0.2, 0.2];
const EXCITATORY_MTYPES: Record<string, string[]> = {
  "1": [],
  "2": ["L2_IPC", "L2_TPC:A"],
  "3": ["L3_TPC:A", "L3_TPC:C"],
  "4": ["L4_SSC", "L4_TPC", "L4_UPC"],
  "5": ["L5_TPC:A", "L5_TPC:B", "L5_UPC"],
  "6": ["L6_BPC", "L6_IPC", "L6_TPC:A"],
};
const INHIBITORY_MTYPES: Record<string, string[]> = {
  "1": ["L1_DAC", "L1_NGC"],
  "2": ["L23_LBC", "L23_MC", "L23_NBC"],
  "3": ["L23_LBC", "L23_MC", "L23_NBC"],
  "4": ["L4_LBC", "L4_MC"],
  "5": ["L5_LBC", "L5_MC"],
  "6": ["L6_LBC", "L6_MC"],
};
const INHIBITORY_ETYPES = ["bAC", "bNAC", "cAC", "cNAC", "dSTUT", "bIR"];

/** The neurons of the circuit, as the columns the generator needs (one entry per node). */
export interface Neurons {
  size: number;
  /** Index into LAYERS. */
  layer: Uint8Array;
  inhibitory: Uint8Array;
  region: Uint8Array;
  mtype: string[];
}

export function makeNeurons(size: number, seed: number): Neurons {
  const random = new Random(seed, 0);
  const allMtypes = [...new Set([...Object.values(EXCITATORY_MTYPES), ...Object.values(INHIBITORY_MTYPES)].flat())].sort();
  const region = new Uint8Array(size);
  const layer = new Uint8Array(size);
  const inhibitory = new Uint8Array(size);
  const mtype = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    region[i] = random.weighted(REGION_SHARE);
    layer[i] = random.weighted(LAYER_SHARE);
    inhibitory[i] = layer[i] === 0 || random.uniform() < INHIBITORY_SHARE ? 1 : 0;
    const names = (inhibitory[i] ? INHIBITORY_MTYPES : EXCITATORY_MTYPES)[LAYERS[layer[i]!]!]!;
    mtype[i] = allMtypes.indexOf(names[random.int(names.length)]!);
  }
  // A circuit builder places neurons in blocks: by region, then layer, then mtype.
  const key = (i: number) => (region[i]! * 16 + layer[i]!) * 256 + mtype[i]!;
  const order = Uint32Array.from({ length: size }, (_, i) => i).sort((a, b) => key(a) - key(b) || a - b);
  return {
    size,
    layer: Uint8Array.from(order, (i) => layer[i]!),
    inhibitory: Uint8Array.from(order, (i) => inhibitory[i]!),
    region: Uint8Array.from(order, (i) => region[i]!),
    mtype: Array.from(order, (i) => allMtypes[mtype[i]!]!),
  };
}

/** Write `circuit/{nodes.h5, node_sets.json, circuit_config.json}` under `dir`. */
export async function writeCircuit(
  dir: string,
  population: string,
  neurons: Neurons,
  seed: number,
  somaNodes: Uint32Array | undefined,
): Promise<void> {
  await writeNodes(join(dir, "nodes.h5"), [nodePopulation(population, neurons, seed)]);
  writeFileSync(join(dir, "node_sets.json"), nodeSetsText(population, somaNodes));
  const config = {
    version: 2,
    manifest: { $BASE_DIR: ".", $NETWORK_NODES_DIR: "$BASE_DIR" },
    node_sets_file: "$BASE_DIR/node_sets.json",
    components: {
      morphologies_dir: "$BASE_DIR/morphologies",
      biophysical_neuron_models_dir: "$BASE_DIR/emodels_hoc",
    },
    networks: {
      nodes: [{ nodes_file: "$NETWORK_NODES_DIR/nodes.h5", populations: { [population]: { type: "biophysical" } } }],
      edges: [],
    },
  };
  writeFileSync(join(dir, "circuit_config.json"), `${JSON.stringify(config, null, 2)}\n`);
}

function nodePopulation(name: string, neurons: Neurons, seed: number): NodePopulationData {
  const random = new Random(seed, 1);
  const n = neurons.size;
  const inh = (i: number) => neurons.inhibitory[i] === 1;
  const etype = Array.from({ length: n }, (_, i) =>
    inh(i) ? INHIBITORY_ETYPES[random.int(INHIBITORY_ETYPES.length)]! : "cADpyr",
  );
  const float32 = (value: (i: number) => number) => Float32Array.from({ length: n }, (_, i) => value(i));
  const angle = float32(() => random.between(-Math.PI, Math.PI));
  const depth = float32((i) => random.between(LAYER_DEPTH[neurons.layer[i]!]!, LAYER_DEPTH[neurons.layer[i]! + 1]!));
  return {
    name,
    size: n,
    enumerations: {
      etype: library(etype),
      layer: library(Array.from(neurons.layer, (l) => LAYERS[l]!)),
      model_template: library(etype.map((e) => `hoc:${e}`)),
      model_type: library(new Array<string>(n).fill("biophysical")),
      morph_class: library(Array.from(neurons.inhibitory, (v) => (v ? "INT" : "PYR"))),
      mtype: library(neurons.mtype),
      region: library(Array.from(neurons.region, (r) => REGIONS[r]!)),
      synapse_class: library(Array.from(neurons.inhibitory, (v) => (v ? "INH" : "EXC"))),
    },
    attributes: {
      morphology: neurons.mtype.map((m) => `${m.replace(":", "")}_morph_${String(random.int(300)).padStart(3, "0")}`),
      x: float32((i) => random.between(0, 1000) + 1200 * neurons.region[i]!),
      y: float32((i) => LAYER_DEPTH[LAYER_DEPTH.length - 1]! - depth[i]!),
      z: float32(() => random.between(0, 1000)),
      orientation_w: float32((i) => Math.cos(angle[i]! / 2)),
      orientation_x: new Float32Array(n),
      orientation_y: float32((i) => Math.sin(angle[i]! / 2)),
      orientation_z: new Float32Array(n),
    },
    dynamics: {
      holding_current: float32(() => -0.05 + 0.02 * random.normal()),
      threshold_current: float32(() => Math.abs(0.1 + 0.03 * random.normal())),
    },
  };
}

/** Values as codes into their sorted distinct values, as @library attributes are stored. */
function library(values: string[]): { codes: Uint32Array; values: string[] } {
  const distinct = [...new Set(values)].sort();
  const code = new Map(distinct.map((v, i) => [v, i]));
  return { codes: Uint32Array.from(values, (v) => code.get(v)!), values: distinct };
}

function nodeSetsText(population: string, somaNodes: Uint32Array | undefined): string {
  const sets: Record<string, unknown> = {
    All: { population },
    Excitatory: { synapse_class: "EXC" },
    Inhibitory: { synapse_class: "INH" },
  };
  for (const layer of LAYERS) sets[`Layer${layer}`] = { layer };
  sets["Layer23"] = { layer: ["2", "3"] };
  sets["Layer4_EXC"] = { layer: "4", synapse_class: "EXC" };
  sets["Layer456"] = ["Layer4", "Layer5", "Layer6"];
  sets["TPC"] = { mtype: { $regex: "_TPC" } };
  for (const region of REGIONS) sets[region] = { region };
  sets["Stimulated"] = ["Layer4", "Layer5"];
  if (somaNodes) sets["soma_report_cells"] = { node_id: [...somaNodes] };
  // One set per line: the node_id list of the soma report can be long.
  const lines = Object.entries(sets).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{\n${lines.join(",\n")}\n}\n`;
}
