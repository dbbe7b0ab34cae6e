/** `blueetl inspect`: what a SONATA config or file, a campaign config or a cached table holds, in a few lines. */
import { existsSync, readFileSync } from "node:fs";
import { extname } from "node:path";
import YAML from "yaml";
import { readTable } from "../cache/index.ts";
import { SimulationCampaign } from "../campaign/index.ts";
import { CategoricalColumn, type DataFrame } from "../frame/index.ts";
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

const TABLES: Record<string, "parquet" | "feather"> = { ".parquet": "parquet", ".feather": "feather" };

export async function inspect(path: string): Promise<string> {
  const type = TABLES[extname(path)];
  if (type) return showTable(path, 20);
  if ([".json", ".yaml", ".yml"].includes(extname(path))) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      throw new SonataError("file not found", path);
    }
    // A campaign config may be YAML whatever its name, as BlueETL reads it; SONATA configs are JSON.
    if (isCampaign(parsedLeniently(text))) return describeCampaign(path);
    const config = parseJson(text, path) as Record<string, unknown>;
    if (config !== null && typeof config === "object" && "run" in config) return describeSimulation(path);
    return describeCircuit(Circuit.open(path), "");
  }
  return describeH5(path);
}

/** A cached or exported table: its size, index and columns with their dtypes, and its head and tail. */
export function showTable(path: string, rows: number): string {
  const type = TABLES[extname(path)];
  if (!type) throw new SonataError("not a table: expected a .parquet or .feather file", path);
  const table = readTable(path, type);
  const dtype = (df: DataFrame, name: string) => {
    const column = df.column(name);
    return column instanceof CategoricalColumn ? `category of ${column.categories.length}` : column.dtype;
  };
  const listed = (names: readonly string[]) => names.map((n) => `${n} (${dtype(table, n)})`).join(", ");
  return [
    `${path}: ${table.length} rows x ${table.columnNames.length} columns (${type})`,
    `index: ${table.indexNames.length > 0 ? listed(table.indexNames) : "none (a range index)"}`,
    `columns: ${listed(table.columnNames) || "none"}`,
    "",
    table.toString({ maxRows: rows }),
  ].join("\n");
}

function parsedLeniently(text: string): unknown {
  try {
    return YAML.parse(text);
  } catch {
    return undefined;
  }
}

function isCampaign(config: unknown): boolean {
  if (config === null || typeof config !== "object") return false;
  const keys = Object.keys(config);
  return (config as Record<string, unknown>)["format"] === "blueetl" || ["name", "attrs", "data", "dims", "coords"].every((k) => keys.includes(k));
}

/** A campaign: its name and attributes, its conditions and the values they take, each simulation and whether its config is there. */
function describeCampaign(path: string): string {
  const campaign = SimulationCampaign.load(path);
  const lines = [`simulation campaign ${path}: '${campaign.name}', ${campaign.length} simulations${campaign.isCoupled() ? " (coupled)" : ""}`];
  for (const [key, value] of Object.entries(campaign.attrs)) if (!key.startsWith("__")) lines.push(`  ${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
  const conditions = campaign.conditions;
  for (const name of campaign.conditionNames) {
    const column = conditions.column(name);
    const values = [...new Set(Array.from({ length: column.length }, (_, i) => JSON.stringify(column.get(i))))];
    lines.push(`  condition ${name}: ${values.length} values (${values.slice(0, 8).join(", ")}${values.length > 8 ? ", ..." : ""})`);
  }
  for (const row of campaign.rows()) {
    const where = row.path === "" ? "(excluded: no simulation path)" : `${row.path}${existsSync(row.path) ? "" : " (missing)"}`;
    const conditionText = Object.entries(row.conditions).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(" ");
    lines.push(`  ${row.index}: ${conditionText} -> ${where}`);
  }
  return lines.join("\n");
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
