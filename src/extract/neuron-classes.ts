/** The neuron_classes table: one row per circuit and neuron class with neurons, and its config. */
import { pythonJson, type NeuronClassConfig } from "../config/index.ts";
import { type CategoricalColumn, DataFrame, numeric, objects } from "../frame/index.ts";
import { inferColumn } from "../campaign/index.ts";
import { CIRCUIT_ID, NEURON_CLASS } from "./columns.ts";
import { checkNotEmpty } from "./errors.ts";

export function extractNeuronClasses(neurons: DataFrame, classes: Record<string, NeuronClassConfig>): DataFrame {
  const groups = neurons.groupBy([CIRCUIT_ID, NEURON_CLASS]);
  const rows = [...groups].map(({ key, rows: members }) => {
    const config = classes[key[NEURON_CLASS] as string]!;
    return {
      circuitId: key[CIRCUIT_ID] as number,
      count: members.length,
      limit: config.limit,
      population: config.population,
      nodeSet: config.node_set,
      gids: config.node_id === null ? null : pythonJson(config.node_id),
      query: pythonJson(config.query),
    };
  });
  checkNotEmpty(rows.length, "NeuronClasses");
  const firstRows = groups.grouping.firstRows;
  return new DataFrame({
    [CIRCUIT_ID]: numeric("int16", rows.map((r) => r.circuitId)),
    [NEURON_CLASS]: (neurons.column(NEURON_CLASS) as CategoricalColumn).take(firstRows).compact(),
    count: numeric("int64", rows.map((r) => r.count)),
    limit: inferColumn(rows.map((r) => r.limit)),
    population: objects(rows.map((r) => r.population)),
    node_set: objects(rows.map((r) => r.nodeSet)),
    gids: objects(rows.map((r) => r.gids)),
    query: objects(rows.map((r) => r.query)),
  });
}
