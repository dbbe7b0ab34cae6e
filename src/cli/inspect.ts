/** `blueetl inspect`: what a SONATA config or file holds, in a few lines. */
import { readFileSync } from "node:fs";
import {
  Circuit,
  EdgeStorage,
  FrameReportReader,
  NodeStorage,
  Simulation,
  SonataError,
  SpikeReader,
  parseJson,
} from "../sonata/index.ts";

export async function inspect(path: string): Promise<string> {
  if (path.endsWith(".json")) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      throw new SonataError("file not found", path);
    }
    const json = parseJson(text, path) as Record<string, unknown>;
    return json !== null && typeof json === "object" && "run" in json ? describeSimulation(path) : describeCircuit(Circuit.open(path), "");
  }
  return describeH5(path);
}

async function describeSimulation(path: string): Promise<string> {
  const simulation = Simulation.open(path);
  const { config } = simulation;
  const lines = [`simulation ${config.path}`, `  run: tstop ${config.run.tstop} ms, dt ${config.run.dt} ms`];
  try {
    lines.push(await describeCircuit(simulation.circuit(), "  "));
    lines.push(`  spikes: ${config.output.spikesFile}`);
    if (simulation.isComplete()) lines.push(describeSpikes(await simulation.spikes(), "    "));
    else lines.push("    (missing: the simulation is incomplete)");
    for (const report of config.reports.values()) {
      lines.push(`  report ${report.name} (${report.type}, sections ${report.sections}): ${report.fileName}`);
      lines.push(describeFrames(await simulation.report(report.name), "    "));
    }
  } finally {
    await simulation.close();
  }
  return lines.join("\n");
}

async function describeCircuit(circuit: Circuit, indent: string): Promise<string> {
  const lines = [`${indent}circuit ${circuit.path}`];
  for (const name of circuit.nodePopulationNames) {
    const nodes = await circuit.nodePopulation(name);
    const enumerations = nodes.enumerationNames;
    const others = nodes.attributeNames.filter((a) => !enumerations.includes(a));
    lines.push(
      `${indent}  population ${name}: ${nodes.size} nodes; @library ${enumerations.join(", ") || "none"}; other ${others.join(", ") || "none"}`,
    );
  }
  const sets = circuit.nodeSets().names;
  lines.push(`${indent}  node sets (${sets.length}): ${sets.join(", ")}`);
  await circuit.close();
  return lines.join("\n");
}

async function describeH5(path: string): Promise<string> {
  for (const open of [describeSpikesFile, describeReportFile, describeNodesFile, describeEdgesFile]) {
    try {
      return await open(path);
    } catch (error) {
      if (!(error instanceof SonataError) || !/not a SONATA/.test(error.message)) throw error;
    }
  }
  throw new SonataError("not a SONATA nodes, edges, spikes or report file", path);
}

async function describeSpikesFile(path: string): Promise<string> {
  return `spikes ${path}\n${describeSpikes(await SpikeReader.open(path), "  ")}`;
}

async function describeReportFile(path: string): Promise<string> {
  return `frame report ${path}\n${describeFrames(await FrameReportReader.open(path), "  ")}`;
}

async function describeNodesFile(path: string): Promise<string> {
  const storage = await NodeStorage.open(path);
  const lines = [`nodes ${path}`];
  for (const name of storage.populationNames) {
    const nodes = storage.population(name);
    lines.push(`  population ${name}: ${nodes.size} nodes; attributes ${nodes.attributeNames.join(", ")}`);
  }
  storage.close();
  return lines.join("\n");
}

async function describeEdgesFile(path: string): Promise<string> {
  const storage = await EdgeStorage.open(path);
  const lines = [`edges ${path}`];
  for (const name of storage.populationNames) {
    const edges = storage.population(name);
    lines.push(`  population ${name}: ${edges.size} edges from ${edges.source} to ${edges.target}`);
  }
  storage.close();
  return lines.join("\n");
}

function describeSpikes(reader: SpikeReader, indent: string): string {
  const lines = reader.populationNames.map((name) => {
    const spikes = reader.population(name);
    const [first, last] = spikes.timeRange;
    return `${indent}population ${name}: ${spikes.size} spikes, sorted ${spikes.sorting}, ${first} .. ${last} ${spikes.timeUnits ?? ""}`.trimEnd();
  });
  reader.close();
  return lines.join("\n");
}

function describeFrames(reader: FrameReportReader, indent: string): string {
  const lines = reader.populationNames.map((name) => {
    const report = reader.population(name);
    const { start, stop, dt } = report.times;
    const columns = report.mapping().nodeIds.length;
    return `${indent}population ${name}: ${report.nodeIds.length} nodes, ${columns} elements, ${report.frameTimesAll.length} frames from ${start} to ${stop} ms every ${dt} ms`;
  });
  reader.close();
  return lines.join("\n");
}
