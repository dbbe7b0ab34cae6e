/**
 * The neurons of each neuron class, per circuit: the nodes of a population (or node set)
 * matching the class' query, intersected with its `node_id`, and at most `limit` of them drawn
 * with numpy's generator, in BlueETL's order so that the same seed picks the same neurons.
 */
import type { NeuronClassConfig } from "../config/index.ts";
import {
  CategoricalColumn,
  type Column,
  DataFrame,
  NumericColumn,
  type NumericDType,
  ObjectColumn,
  codesArray,
  compareStrings,
  numeric,
} from "../frame/index.ts";
import type { NumpyRandom } from "../numeric/index.ts";
import { type Circuit, type NodePopulation, NodeSets, type NumericArray, intersectSorted, sortedUnique } from "../sonata/index.ts";
import { CIRCUIT_ID, GID, NEURON_CLASS, NEURON_CLASS_INDEX } from "./columns.ts";
import { ExtractionError, checkNotEmpty } from "./errors.ts";
import type { Simulations } from "./simulations.ts";

const DYNAMICS = "@dynamics:";

export async function extractNeurons(
  simulations: Simulations,
  classes: Record<string, NeuronClassConfig>,
  random: NumpyRandom,
  /** Where a neuron class that matches no neuron is said (BlueETL drops it without a word). */
  warn?: (message: string) => void,
): Promise<DataFrame> {
  const properties = propertyNames(classes);
  // Drawn in the config's order of the classes (numpy's draws depend on it).
  const selections: NeuronSelection[] = [];
  const empty = new Map<string, number[]>();
  for (const [circuitId, circuit] of circuitsById(simulations)) {
    const cells = new Map<string, Promise<DataFrame>>();
    for (const [name, config] of Object.entries(classes)) {
      const gids = await selectNeurons(circuit, config, properties, cells, random);
      if (gids.length === 0) empty.set(name, [...(empty.get(name) ?? []), circuitId]);
      else selections.push({ circuitId, name, gids });
    }
  }
  for (const [name, circuits] of empty) {
    warn?.(`neuron class '${name}' matches no neuron in circuit ${circuits.join(", ")} (${describeClass(classes[name]!)}): it is in no table of this analysis`);
  }
  checkNotEmpty(selections.reduce((n, s) => n + s.gids.length, 0), "Neurons");
  return neuronsTable(selections).sortBy([CIRCUIT_ID, NEURON_CLASS, GID, NEURON_CLASS_INDEX], { ignoreIndex: true });
}

interface NeuronSelection {
  circuitId: number;
  name: string;
  gids: Float64Array;
}

/**
 * The neurons of each class of each circuit, laid out by circuit and class as the sort puts them,
 * so that it finds them in order when each class' gids are (a class drawn at random is not).
 */
function neuronsTable(selections: NeuronSelection[]): DataFrame {
  const categories = [...new Set(selections.map((s) => s.name))].sort(compareStrings);
  const ordered = [...selections].sort((a, b) => a.circuitId - b.circuitId || compareStrings(a.name, b.name));
  const n = ordered.reduce((total, s) => total + s.gids.length, 0);
  const circuitIds = new Int16Array(n);
  const codes = codesArray(categories.length, n);
  const gids = new Float64Array(n);
  const indexes = new Float64Array(n);
  let at = 0;
  for (const { circuitId, name, gids: selected } of ordered) {
    const code = categories.indexOf(name);
    for (let i = 0; i < selected.length; i++, at++) {
      circuitIds[at] = circuitId;
      codes[at] = code;
      gids[at] = selected[i]!;
      indexes[at] = i;
    }
  }
  return new DataFrame({
    [CIRCUIT_ID]: numeric("int16", circuitIds),
    [NEURON_CLASS]: new CategoricalColumn(codes, categories),
    [GID]: numeric("int64", gids),
    [NEURON_CLASS_INDEX]: numeric("int64", indexes),
  });
}

/** What selects the neurons of a class, as the config says it. */
function describeClass(config: NeuronClassConfig): string {
  const parts = [`population ${config.population ?? "(none)"}`];
  if (config.node_set) parts.push(`node_set ${config.node_set}`);
  if (Object.keys(config.query).length > 0) parts.push(`query ${JSON.stringify(config.query)}`);
  if (config.node_id !== null) parts.push(`node_id of ${config.node_id.length}`);
  return parts.join(", ");
}

/** The first circuit of each circuit id, in ascending id order. */
export function circuitsById(simulations: Simulations): Array<[number, Circuit]> {
  const byId = new Map<number, Circuit>();
  for (const entry of simulations.entries.values()) if (!byId.has(entry.circuitId)) byId.set(entry.circuitId, entry.circuit);
  const kept = new Set<number>();
  const ids = simulations.table.column(CIRCUIT_ID);
  for (let i = 0; i < ids.length; i++) kept.add(ids.get(i) as number);
  return [...kept].sort((a, b) => a - b).map((id) => [id, byId.get(id)!]);
}

/** Every property any query uses, sorted: the same columns are read for every class. */
function propertyNames(classes: Record<string, NeuronClassConfig>): string[] {
  const names = new Set<string>();
  for (const config of Object.values(classes)) {
    const queries = Array.isArray(config.query) ? config.query : [config.query];
    for (const query of queries) for (const key of Object.keys(query)) names.add(key);
  }
  return [...names].sort();
}

async function selectNeurons(
  circuit: Circuit,
  config: NeuronClassConfig,
  properties: string[],
  cells: Map<string, Promise<DataFrame>>,
  random: NumpyRandom,
): Promise<Float64Array> {
  const nodeSet = config.node_set || null;
  const key = JSON.stringify([config.population, nodeSet, nodeSet ? config.node_sets_file : null]);
  let table = cells.get(key);
  if (!table) {
    table = loadCells(circuit, config.population, nodeSet, config.node_sets_file, properties);
    cells.set(key, table);
  }
  const matching = (await table).q(config.query).column("node_ids") as NumericColumn;
  let gids: Float64Array = Float64Array.from(matching.values);
  if (config.node_id !== null) gids = Float64Array.from(intersectSorted(sortedUnique(gids), sortedUnique(config.node_id)));
  if (config.limit && gids.length > config.limit) gids = random.choice(gids, config.limit);
  return gids.sort();
}

/** The nodes of a population, or of a node set, with the queried properties as columns. */
export async function loadCells(
  circuit: Circuit,
  population: string | null,
  nodeSet: string | null,
  nodeSetsFile: string | null,
  properties: string[],
): Promise<DataFrame> {
  const nodes = await circuit.nodePopulation(requirePopulation(population));
  const ids = nodeSet ? nodeSetIds(circuit, nodes, nodeSet, nodeSetsFile) : nodes.selectAll();
  const unknown = properties.filter((p) => !(p.startsWith(DYNAMICS) ? nodes.dynamicsAttributeNames.includes(p.slice(DYNAMICS.length)) : nodes.hasAttribute(p)));
  if (unknown.length > 0) {
    throw new ExtractionError(
      `Unknown node properties: [${unknown.map((p) => `'${p}'`).join(", ")}] (population '${nodes.name}' has: ${nodes.attributeNames.join(", ")})`,
    );
  }
  const columns: Array<[string, Column]> = [["node_ids", numeric("int64", ids)]];
  for (const property of properties) columns.push([property, propertyColumn(nodes, property, ids)]);
  return new DataFrame(columns, { index: ["node_ids"] });
}

export function requirePopulation(population: string | null): string {
  if (!population) throw new ExtractionError("a node population is required: set 'population' in the neuron class or in extraction");
  return population;
}

/** Node ids of a node set of the circuit, with an extra node sets file merged over its own. */
export function nodeSetIds(circuit: Circuit, nodes: NodePopulation, nodeSet: string, nodeSetsFile: string | null): Uint32Array {
  const sets = nodeSetsFile ? circuit.nodeSets().merge(NodeSets.fromFile(nodeSetsFile)) : circuit.nodeSets();
  return sets.materialize(nodeSet, nodes);
}

/** A node property as bluepysnap gives it: @library values categorical when few, else strings. */
function propertyColumn(nodes: NodePopulation, property: string, ids: Uint32Array): Column {
  if (property.startsWith(DYNAMICS)) return valuesColumn(nodes.getDynamicsAttribute(property.slice(DYNAMICS.length), ids));
  if (nodes.attributeKind(property) === "enumeration") {
    const { codes, values } = nodes.getEnumeration(property, ids);
    if (values.length < 0.5 * nodes.size) return new CategoricalColumn(codes, values);
    return new ObjectColumn(Array.from(codes, (c) => values[c]!));
  }
  return valuesColumn(nodes.getAttribute(property, ids));
}

function valuesColumn(values: NumericArray | string[]): Column {
  if (Array.isArray(values)) return new ObjectColumn(values);
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) return numeric("int64", Array.from(values, Number));
  const dtype = DTYPE_OF.get(values.constructor as never);
  return new NumericColumn(dtype ?? "float64", values as never);
}

const DTYPE_OF = new Map<unknown, NumericDType>([
  [Float64Array, "float64"],
  [Float32Array, "float32"],
  [Int32Array, "int32"],
  [Int16Array, "int16"],
  [Int8Array, "int8"],
  [Uint32Array, "uint32"],
  [Uint16Array, "uint16"],
  [Uint8Array, "uint8"],
]);
