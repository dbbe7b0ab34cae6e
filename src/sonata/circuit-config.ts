/** `circuit_config.json`: node populations, node sets file and components, paths made absolute. */
import { SonataError } from "./errors.ts";
import { nodePath } from "./node.ts";
import {
  type Json,
  type JsonObject,
  isObject,
  optionalString,
  readConfigWithManifest,
  toAbsolute,
} from "./json-config.ts";

export interface NodePopulationConfig {
  name: string;
  nodesFile: string;
  nodeTypesFile: string | undefined;
  /** `type` of the population (biophysical, virtual...): biophysical by default, as in libsonata. */
  type: string;
  /** Every other key of the population entry, with the network's components under it. */
  properties: JsonObject;
}

export class CircuitConfig {
  /** The config with manifest variables expanded and every file or dir path made absolute. */
  readonly json: JsonObject;
  readonly nodeSetsFile: string | undefined;
  readonly components: JsonObject;
  private readonly nodes: Map<string, NodePopulationConfig>;

  private constructor(
    readonly path: string,
    json: JsonObject,
  ) {
    const base = nodePath().dirname(path);
    this.json = resolvePaths(json, base) as JsonObject;
    const nodeSetsFile = optionalString(this.json, "node_sets_file", path, "");
    this.nodeSetsFile = nodeSetsFile || undefined;
    const components = this.json["components"];
    this.components = isObject(components) ? components : {};
    this.nodes = parseNodePopulations(this.json, this.components, path);
  }

  static fromFile(path: string): CircuitConfig {
    const absolute = nodePath().resolve(path);
    return new CircuitConfig(absolute, readConfigWithManifest(absolute));
  }

  /** Node population names, in the order of the config. */
  get nodePopulationNames(): string[] {
    return [...this.nodes.keys()];
  }

  nodePopulation(name: string): NodePopulationConfig {
    const population = this.nodes.get(name);
    if (!population) {
      const known = this.nodePopulationNames.join(", ") || "none";
      throw new SonataError(`unknown node population '${name}' (the circuit has: ${known})`, this.path);
    }
    return population;
  }
}

/** Keys whose string values are paths, relative to the config's folder unless absolute. */
function isPathKey(key: string): boolean {
  return key.endsWith("_file") || key.endsWith("_dir") || key === "alternate_morphologies";
}

function resolvePaths(value: Json, base: string, pathValued = false): Json {
  if (typeof value === "string") return pathValued && value !== "" ? toAbsolute(base, value) : value;
  if (Array.isArray(value)) return value.map((v) => resolvePaths(v, base, pathValued));
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = key === "manifest" ? v : resolvePaths(v, base, pathValued || isPathKey(key));
    }
    return out;
  }
  return value;
}

function parseNodePopulations(
  json: JsonObject,
  components: JsonObject,
  file: string,
): Map<string, NodePopulationConfig> {
  const populations = new Map<string, NodePopulationConfig>();
  const networks = json["networks"];
  if (networks === undefined) {
    const metadata = json["metadata"];
    if (isObject(metadata) && metadata["status"] === "partial") return populations;
    throw new SonataError("'networks' is required (unless metadata.status is 'partial')", file);
  }
  if (!isObject(networks)) throw new SonataError("'networks' must be an object", file);
  const nodes = networks["nodes"] ?? [];
  if (!Array.isArray(nodes)) throw new SonataError("'networks.nodes' must be a list", file);
  nodes.forEach((entry, i) => {
    const where = `networks.nodes[${i}].`;
    if (!isObject(entry)) throw new SonataError(`'networks.nodes[${i}]' must be an object`, file);
    const nodesFile = optionalString(entry, "nodes_file", file, where);
    if (!nodesFile) throw new SonataError(`'${where}nodes_file' is required`, file);
    const entries = entry["populations"];
    if (!isObject(entries)) throw new SonataError(`'${where}populations' must be an object`, file);
    for (const [name, value] of Object.entries(entries)) {
      if (populations.has(name)) {
        throw new SonataError(`node population '${name}' is defined twice`, file);
      }
      const properties = { ...components, ...(isObject(value) ? value : {}) };
      populations.set(name, {
        name,
        nodesFile,
        nodeTypesFile: optionalString(entry, "node_types_file", file, where) || undefined,
        type: typeof properties["type"] === "string" ? properties["type"] : "biophysical",
        properties,
      });
    }
  });
  return populations;
}
