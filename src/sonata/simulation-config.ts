/** `simulation_config.json`: run, output, reports and the circuit it runs on. */
import { SonataError } from "./errors.ts";
import { nodePath } from "./node.ts";
import {
  type JsonObject,
  isObject,
  optionalString,
  readConfigWithManifest,
  requiredNumber,
  toAbsolute,
} from "./json-config.ts";

export type SpikesSortOrder = "none" | "by_id" | "by_time";

export interface RunConfig {
  tstop: number;
  dt: number;
  randomSeed: number | undefined;
}

export interface OutputConfig {
  outputDir: string;
  /** Absolute path of the spikes file: `<output_dir>/<spikes_file>`. */
  spikesFile: string;
  spikesSortOrder: SpikesSortOrder;
  logFile: string | undefined;
}

export interface ReportConfig {
  name: string;
  type: string;
  /** `soma` (a soma report) or `all`, `axon`, `dend`, `apic` (compartment reports). */
  sections: string;
  /** Node set of the reported cells: the simulation's `node_set` when not given. */
  cells: string | undefined;
  variableName: string;
  unit: string;
  dt: number;
  startTime: number;
  endTime: number;
  /** Absolute path of the report file, `<output_dir>/<file_name or name>.h5`. */
  fileName: string;
  enabled: boolean;
}

const SORT_ORDERS: readonly SpikesSortOrder[] = ["none", "by_id", "by_time"];

export class SimulationConfig {
  /** Absolute path of the circuit config (`network`, `circuit_config.json` by default). */
  readonly network: string;
  readonly run: RunConfig;
  readonly output: OutputConfig;
  readonly nodeSet: string | undefined;
  readonly nodeSetsFile: string | undefined;
  readonly reports: ReadonlyMap<string, ReportConfig>;

  private constructor(
    readonly path: string,
    readonly json: JsonObject,
  ) {
    const base = nodePath().dirname(path);
    this.network = toAbsolute(base, optionalString(json, "network", path, "") ?? "circuit_config.json");
    this.run = parseRun(json, path);
    this.output = parseOutput(json, base, path);
    this.nodeSet = optionalString(json, "node_set", path, "");
    const nodeSetsFile = optionalString(json, "node_sets_file", path, "");
    this.nodeSetsFile = nodeSetsFile ? toAbsolute(base, nodeSetsFile) : undefined;
    this.reports = parseReports(json, this.output.outputDir, this.nodeSet, path);
  }

  static fromFile(path: string): SimulationConfig {
    const absolute = nodePath().resolve(path);
    return new SimulationConfig(absolute, readConfigWithManifest(absolute));
  }

  report(name: string): ReportConfig {
    const report = this.reports.get(name);
    if (!report) {
      const known = [...this.reports.keys()].join(", ") || "none";
      throw new SonataError(`unknown report '${name}' (the simulation has: ${known})`, this.path);
    }
    return report;
  }
}

function parseRun(json: JsonObject, file: string): RunConfig {
  const run = json["run"];
  if (!isObject(run)) throw new SonataError("the 'run' section is required", file);
  const seed = run["random_seed"];
  return {
    tstop: requiredNumber(run, "tstop", file, "run."),
    dt: requiredNumber(run, "dt", file, "run."),
    randomSeed: typeof seed === "number" ? seed : undefined,
  };
}

function parseOutput(json: JsonObject, base: string, file: string): OutputConfig {
  const output = json["output"] ?? {};
  if (!isObject(output)) throw new SonataError("'output' must be an object", file);
  const outputDir = toAbsolute(base, optionalString(output, "output_dir", file, "output.") ?? "output");
  const sortOrder = optionalString(output, "spikes_sort_order", file, "output.") ?? "by_time";
  if (!SORT_ORDERS.includes(sortOrder as SpikesSortOrder)) {
    throw new SonataError(
      `'output.spikes_sort_order' is '${sortOrder}': expected none, by_id or by_time`,
      file,
    );
  }
  const logFile = optionalString(output, "log_file", file, "output.");
  return {
    outputDir,
    spikesFile: toAbsolute(outputDir, optionalString(output, "spikes_file", file, "output.") ?? "out.h5"),
    spikesSortOrder: sortOrder as SpikesSortOrder,
    logFile: logFile ? toAbsolute(outputDir, logFile) : undefined,
  };
}

function parseReports(
  json: JsonObject,
  outputDir: string,
  nodeSet: string | undefined,
  file: string,
): Map<string, ReportConfig> {
  const reports = new Map<string, ReportConfig>();
  const section = json["reports"];
  if (section === undefined || section === null) return reports;
  if (!isObject(section)) throw new SonataError("'reports' must be an object", file);
  for (const [name, entry] of Object.entries(section)) {
    const where = `reports.${name}.`;
    if (!isObject(entry)) throw new SonataError(`'reports.${name}' must be an object`, file);
    const type = optionalString(entry, "type", file, where);
    if (!type) throw new SonataError(`'${where}type' is required`, file);
    let fileName = optionalString(entry, "file_name", file, where) ?? `${name}.h5`;
    if (!fileName.endsWith(".h5")) fileName += ".h5";
    const enabled = entry["enabled"];
    reports.set(name, {
      name,
      type,
      sections: optionalString(entry, "sections", file, where) ?? "soma",
      cells: optionalString(entry, "cells", file, where) ?? nodeSet,
      variableName: optionalString(entry, "variable_name", file, where) ?? "",
      unit: optionalString(entry, "unit", file, where) ?? "mV",
      dt: requiredNumber(entry, "dt", file, where),
      startTime: requiredNumber(entry, "start_time", file, where),
      endTime: requiredNumber(entry, "end_time", file, where),
      fileName: toAbsolute(outputDir, fileName),
      enabled: typeof enabled === "boolean" ? enabled : true,
    });
  }
  return reports;
}
