/**
 * `blueetl convert-spikes`: spikes from a CSV file (space-separated, with a header naming
 * `node_ids` or `ids`, and `timestamps` or `times`) turned into a one-simulation SONATA campaign
 * with its analysis config, laid out as BlueETL's converter does:
 *
 *   analysis_config.yaml, simulation_campaign_config.json,
 *   circuit/{circuit_config.json, node_sets.json, synthetic_nodes.h5},
 *   simulation/{simulation_config.json, synthetic_spikes.h5}
 */
import { createReadStream, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import YAML from "yaml";
import { SpikeWriter, writeNodes } from "../sonata/write/writers.ts";

export const DEFAULT_NODE_POPULATION = "synthetic";

export interface ConversionSummary {
  spikes: number;
  neurons: number;
  analysisConfig: string;
}

/** Where the conversion says what it read and writes (BlueETL's messages, shown with `-v`). */
export interface ConversionLog {
  info(message: string): void;
}

export async function convertSpikes(input: string, outputDir: string, population = DEFAULT_NODE_POPULATION, log?: ConversionLog): Promise<ConversionSummary> {
  const { nodeIds, times } = await readSpikesCsv(input);
  log?.info(`Loaded file ${input}`);
  const order = sortedByTime(nodeIds, times);
  let [minId, maxId, minTime, maxTime] = [Infinity, -1, Infinity, -Infinity];
  for (let i = 0; i < times.length; i++) {
    minId = Math.min(minId, nodeIds[i]!);
    maxId = Math.max(maxId, nodeIds[i]!);
    minTime = Math.min(minTime, times[i]!);
    maxTime = Math.max(maxTime, times[i]!);
  }
  log?.info(`CSV stats: rows=${times.length}, unique_ids=${new Set(nodeIds).size}, min_id=${minId}, max_id=${maxId}, min_ts=${minTime}, max_ts=${maxTime}`);
  const out = resolve(outputDir);
  const writing = (path: string) => {
    log?.info(`Writing ${join(out, path)}`);
    return join(out, path);
  };
  for (const dir of ["circuit", "simulation"]) mkdirSync(join(out, dir), { recursive: true });
  await writeNodes(writing("circuit/synthetic_nodes.h5"), [{ name: population, size: maxId + 1, attributes: { _: new Int8Array(maxId + 1) } }]);
  const json = (path: string, value: unknown) => writeFileSync(writing(path), `${JSON.stringify(value, null, 2)}\n`);
  json("circuit/node_sets.json", { empty: { population, node_id: [] } });
  json("circuit/circuit_config.json", {
    version: "2.4",
    metadata: { status: "partial" },
    node_sets_file: "node_sets.json",
    networks: { nodes: [{ nodes_file: "synthetic_nodes.h5", populations: { [population]: {} } }], edges: [] },
  });
  const writer = await SpikeWriter.create(writing("simulation/synthetic_spikes.h5"), population, "by_time");
  writer.append(Uint32Array.from(order, (i) => nodeIds[i]!), Float64Array.from(order, (i) => times[i]!));
  writer.close();
  json("simulation/simulation_config.json", {
    version: "2.4",
    network: "../circuit/circuit_config.json",
    run: { tstop: Math.ceil(maxTime), dt: 1.0, random_seed: 0 },
    output: { output_dir: ".", spikes_file: "synthetic_spikes.h5" },
    metadata: { note: "Synthetic simulation" },
  });
  // BlueETL writes this campaign as YAML despite its .json name; a YAML reader reads both.
  const campaign = {
    format: "blueetl",
    version: 1,
    name: "synthetic",
    attrs: { path_prefix: out, circuit_config: join(out, "circuit", "circuit_config.json"), __coupled__: "coupled" },
    data: [{ simulation_path: "simulation/simulation_config.json" }],
  };
  writeFileSync(writing("simulation_campaign_config.json"), YAML.stringify(campaign));
  writeFileSync(writing("analysis_config.yaml"), YAML.stringify(analysisConfig(population)));
  return { spikes: times.length, neurons: maxId + 1, analysisConfig: join(out, "analysis_config.yaml") };
}

/**
 * BlueETL's analysis config for the converted campaign. BlueETL writes `population: synthetic`
 * whatever the population is called, which breaks the config for any other name: we write the
 * real name (the same file for the default).
 */
function analysisConfig(population: string): object {
  return {
    version: 4,
    simulation_campaign: "simulation_campaign_config.json",
    cache: { path: "analysis" },
    analysis: {
      spikes: {
        extraction: {
          report: { type: "spikes" },
          neuron_classes: { all: {} },
          limit: null,
          population,
          node_set: null,
          windows: { w1: { bounds: [0.0, 1000.0] }, w2: { bounds: [1000.0, 2000.0] } },
        },
        features: [
          {
            type: "multi",
            groupby: ["simulation_id", "circuit_id", "neuron_class", "window"],
            function: "blueetl.external.bnac.calculate_features.calculate_features_multi",
            params: { export_all_neurons: true },
          },
        ],
      },
    },
  };
}

/** The two columns of the CSV, read line by line into typed arrays. */
async function readSpikesCsv(path: string): Promise<{ nodeIds: Float64Array; times: Float64Array }> {
  const nodeIds = new ChunkedArray();
  const times = new ChunkedArray();
  let columns: { id: number; time: number } | undefined;
  let line = 0;
  if (!existsSync(path)) throw new Error(`${path}: the CSV file does not exist`);
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const text of lines) {
    line++;
    if (text === "") continue;
    const fields = text.split(" ");
    if (!columns) {
      const find = (names: string[]) => fields.findIndex((f) => names.includes(f));
      columns = { id: find(["node_ids", "ids"]), time: find(["timestamps", "times"]) };
      const missing = [columns.id < 0 ? "node_ids (or ids)" : "", columns.time < 0 ? "timestamps (or times)" : ""].filter(Boolean);
      if (missing.length > 0) {
        throw new Error(`${path}: missing columns in the CSV file: ${missing.join(", ")} (the header has: ${fields.join(", ")})`);
      }
      continue;
    }
    const id = Number(fields[columns.id]);
    const time = Number(fields[columns.time]);
    if (!Number.isInteger(id) || id < 0 || !Number.isFinite(time)) {
      throw new Error(`${path}, line ${line}: expected a node id (an integer from 0) and a time, got '${text}'`);
    }
    nodeIds.push(id);
    times.push(time);
  }
  if (!columns) throw new Error(`${path}: the CSV file is empty (expected a header and one spike per line)`);
  if (times.length === 0) throw new Error(`${path}: the CSV file has no spikes`);
  return { nodeIds: nodeIds.toArray(), times: times.toArray() };
}

/** Row order by time, then node id (as BlueETL sorts the CSV). */
function sortedByTime(nodeIds: Float64Array, times: Float64Array): Uint32Array {
  const order = Uint32Array.from({ length: times.length }, (_, i) => i);
  return order.sort((a, b) => times[a]! - times[b]! || nodeIds[a]! - nodeIds[b]!);
}

/** A growing list of numbers in fixed-size typed chunks. */
class ChunkedArray {
  private readonly chunks: Float64Array[] = [];
  private current = new Float64Array(1 << 16);
  private used = 0;
  length = 0;

  push(value: number): void {
    if (this.used === this.current.length) {
      this.chunks.push(this.current);
      this.current = new Float64Array(this.current.length);
      this.used = 0;
    }
    this.current[this.used++] = value;
    this.length++;
  }

  toArray(): Float64Array {
    const out = new Float64Array(this.length);
    let at = 0;
    for (const chunk of [...this.chunks, this.current.subarray(0, this.used)]) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}
