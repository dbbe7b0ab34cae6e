/**
 * A simulation campaign: the simulations of a sweep and their conditions. Reads bbp-workflow's
 * xarray format (coupled or not) and BlueETL's own `format: blueetl`, JSON or YAML alike.
 */
import { readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import YAML from "yaml";
import { type Column, DataFrame, type Query, type Row, isPlainObject, numeric, objects } from "../frame/index.ts";

export const SIMULATION_PATH = "simulation_path";
const SONATA_CONFIG = "simulation_config.json";
const BLUEPY_CONFIG = "BlueConfig";

export class CampaignError extends Error {
  constructor(message: string, file?: string) {
    super(file ? `${file}: ${message}` : message);
    this.name = "CampaignError";
  }
}

/** One campaign row: its position, simulation config path ("" when excluded) and conditions. */
export interface SimulationRow {
  index: number;
  path: string;
  conditions: Row;
}

type Records = Array<Record<string, unknown>>;

export class SimulationCampaign {
  readonly name: string;
  readonly attrs: Record<string, unknown>;
  /** Conditions then `simulation_path` (absolute), one row per simulation. */
  readonly table: DataFrame;

  constructor(table: DataFrame, name: string, attrs: Record<string, unknown>, configDir?: string) {
    this.name = name;
    this.attrs = { ...attrs };
    if (configDir) {
      for (const key of ["path_prefix", "circuit_config"]) {
        if (typeof this.attrs[key] === "string") this.attrs[key] = resolve(configDir, this.attrs[key] as string);
      }
    }
    const prefix = typeof this.attrs["path_prefix"] === "string" ? (this.attrs["path_prefix"] as string) : "";
    const filename = this.isSonata() ? SONATA_CONFIG : BLUEPY_CONFIG;
    const paths = table.column(SIMULATION_PATH);
    const resolved = Array.from({ length: table.length }, (_, i) => resolveSimulationPath(prefix, String(paths.get(i) ?? ""), filename));
    this.table = table.assign({ [SIMULATION_PATH]: objects(resolved) });
  }

  /** Load a campaign config, detecting its format. */
  static load(path: string): SimulationCampaign {
    const file = resolve(path);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new CampaignError("the simulation campaign config file does not exist", file);
    }
    let document: YAML.Document;
    try {
      document = YAML.parseDocument(text, { version: "1.1", uniqueKeys: false });
      if (document.errors.length > 0) throw document.errors[0];
    } catch (error) {
      throw new CampaignError(`invalid YAML or JSON: ${(error as Error).message}`, file);
    }
    const config = document.toJS() as unknown;
    const floats = floatLiterals(document.contents, text);
    if (isPlainObject(config) && config["format"] === "blueetl") return fromBlueetl(config, dirname(file), floats, file);
    if (isPlainObject(config) && sameKeys(config, ["name", "attrs", "data", "dims", "coords"])) {
      return fromXarray(config, dirname(file), floats, file);
    }
    throw new CampaignError("Unable to detect the configuration format (expected bbp-workflow's xarray format or 'format: blueetl')", file);
  }

  /** Build a campaign from BlueETL's dict format (`data` as records). */
  static fromDict(config: Record<string, unknown>, configDir?: string): SimulationCampaign {
    return fromBlueetl(config, configDir, new Set(), undefined);
  }

  get conditionNames(): string[] {
    return this.table.columnNames.filter((n) => n !== SIMULATION_PATH);
  }

  get conditions(): DataFrame {
    return this.table.select(this.conditionNames);
  }

  get length(): number {
    return this.table.length;
  }

  isCoupled(): boolean {
    return Boolean(this.attrs["__coupled__"]);
  }

  /** Whether the simulations are SONATA: `attrs.circuit_config` ends with `.json`. */
  isSonata(): boolean {
    const circuit = this.attrs["circuit_config"];
    if (typeof circuit !== "string" || circuit === "") {
      throw new CampaignError("circuit_config is missing in the simulation campaign");
    }
    return circuit.endsWith(".json");
  }

  row(index: number): SimulationRow {
    const row = this.table.row(index);
    const { [SIMULATION_PATH]: path, ...conditions } = row;
    return { index, path: String(path ?? ""), conditions };
  }

  *rows(): Generator<SimulationRow> {
    for (let i = 0; i < this.length; i++) yield this.row(i);
  }

  /** The rows matching the query (`etl.q` syntax), with a `simulation_id` column = row position. */
  get(query?: Query | Query[]): DataFrame {
    const withIds = this.table.assign({ simulation_id: numeric("int64", Float64Array.from({ length: this.length }, (_, i) => i)) });
    return withIds.q(query);
  }

  /** Positions of the rows matching the query. */
  ids(query?: Query | Query[]): number[] {
    const column = this.get(query).column("simulation_id");
    return Array.from({ length: column.length }, (_, i) => column.get(i) as number);
  }

  /** BlueETL's own format, with the resolved absolute paths (reloading it gives the same campaign). */
  toDict(): Record<string, unknown> {
    return { format: "blueetl", version: 1, name: this.name, attrs: this.attrs, data: this.table.records() };
  }

  equals(other: SimulationCampaign): boolean {
    return JSON.stringify(this.toDict()) === JSON.stringify(other.toDict());
  }
}

function resolveSimulationPath(prefix: string, path: string, filename: string): string {
  if (!path || path.startsWith("https://")) return path; // excluded simulation, or a URL
  const absolute = resolve(prefix, path);
  return basename(absolute) === filename ? absolute : resolve(absolute, filename);
}

function fromBlueetl(config: Record<string, unknown>, configDir: string | undefined, floats: Set<string>, file?: string): SimulationCampaign {
  const data = config["data"];
  if (!Array.isArray(data) || !data.every(isPlainObject)) throw new CampaignError("'data' must be a list of records", file);
  const records = data as Records;
  if (!records.every((r) => SIMULATION_PATH in r)) throw new CampaignError(`every record of 'data' needs '${SIMULATION_PATH}'`, file);
  const names = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const table = new DataFrame(names.map((n) => [n, inferColumn(records.map((r) => r[n] ?? null), floats.has(`data.*.${n}`))] as [string, Column]));
  return new SimulationCampaign(table, String(config["name"] ?? ""), attrsOf(config, file), configDir);
}

/** xarray's `DataArray.to_dict()`: rows are the cartesian product of the dims, in C order. */
function fromXarray(config: Record<string, unknown>, configDir: string, floats: Set<string>, file: string): SimulationCampaign {
  const dims = config["dims"];
  const coords = config["coords"];
  if (!Array.isArray(dims) || !dims.every((d) => typeof d === "string")) throw new CampaignError("'dims' must be a list of names", file);
  if (!isPlainObject(coords)) throw new CampaignError("'coords' must be a mapping", file);
  const paths = flatten(config["data"], dims.length, file);
  const coordValues = (name: string): unknown[] => {
    const coord = coords[name];
    if (!isPlainObject(coord) || !Array.isArray(coord["data"])) throw new CampaignError(`coords.${name} must have a 'data' list`, file);
    return coord["data"] as unknown[];
  };
  const attrs = attrsOf(config, file);
  const extra = Object.keys(coords).filter((name) => !dims.includes(name));
  const columns: Array<[string, Column]> = [];
  if (extra.length === 0) {
    // One coordinate per dim: a row per combination, the first dim varying slowest.
    const sizes = dims.map((d) => coordValues(d).length);
    if (sizes.reduce((a, b) => a * b, 1) !== paths.length) throw new CampaignError("'data' does not match the sizes of the coords", file);
    dims.forEach((dim, k) => {
      const values = coordValues(dim);
      const inner = sizes.slice(k + 1).reduce((a, b) => a * b, 1);
      columns.push([dim, inferColumn(paths.map((_, i) => values[Math.floor(i / inner) % values.length]), floats.has(`coords.${dim}.data.*`))]);
    });
  } else {
    // Coupled coordinates: one dim without its own coordinate, every condition a coordinate over it.
    if (dims.length !== 1 || dims[0]! in coords) {
      throw new CampaignError("coupled coordinates need a single dimension without its own coordinate", file);
    }
    for (const name of extra) {
      const values = coordValues(name);
      if (values.length !== paths.length) throw new CampaignError(`coords.${name} has ${values.length} values for ${paths.length} simulations`, file);
      columns.push([name, inferColumn(values, floats.has(`coords.${name}.data.*`))]);
    }
    attrs["__coupled__"] = dims[0];
  }
  columns.push([SIMULATION_PATH, objects(paths)]);
  return new SimulationCampaign(new DataFrame(columns), String(config["name"] ?? ""), attrs, configDir);
}

function flatten(data: unknown, depth: number, file: string): string[] {
  let level: unknown[] = [data];
  for (let d = 0; d < depth; d++) {
    if (!level.every(Array.isArray)) throw new CampaignError("'data' must be nested lists, one level per dim", file);
    level = level.flat();
  }
  return level.map((p) => (p === null || p === undefined ? "" : String(p)));
}

function attrsOf(config: Record<string, unknown>, file?: string): Record<string, unknown> {
  const attrs = config["attrs"] ?? {};
  if (!isPlainObject(attrs)) throw new CampaignError("'attrs' must be a mapping", file);
  return { ...attrs };
}

function sameKeys(object: Record<string, unknown>, keys: string[]): boolean {
  const own = Object.keys(object);
  return own.length === keys.length && keys.every((k) => own.includes(k));
}

/**
 * A column from values as pandas infers it: integers -> int64, any float (or integers with
 * missing values) -> float64, booleans -> bool, anything else -> object. `float` says the file
 * wrote the numbers as floats (`1.0`), which JavaScript cannot tell from integers.
 */
export function inferColumn(values: readonly unknown[], float = false): Column {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length > 0 && present.every((v) => typeof v === "boolean") && present.length === values.length) {
    return numeric("bool", values.map(Number));
  }
  if (present.length > 0 && present.every((v) => typeof v === "number")) {
    const integer = !float && present.every(Number.isInteger) && present.length === values.length;
    return numeric(integer ? "int64" : "float64", values.map((v) => (typeof v === "number" ? v : NaN)));
  }
  return objects(values.map((v) => (v === undefined ? null : v)));
}

/** Paths (`coords.ca.data.*`, `data.*.ca`) of the number lists written with float syntax. */
function floatLiterals(node: unknown, text: string): Set<string> {
  const out = new Set<string>();
  const visit = (n: unknown, path: string[]): void => {
    if (YAML.isMap(n)) {
      for (const pair of n.items) visit(pair.value, [...path, String(YAML.isScalar(pair.key) ? pair.key.value : pair.key)]);
    } else if (YAML.isSeq(n)) {
      n.items.forEach((item) => visit(item, [...path, "*"]));
    } else if (YAML.isScalar(n) && typeof n.value === "number" && n.range) {
      if (/[.eE]|nan|inf/i.test(text.slice(n.range[0], n.range[1]))) out.add(path.join("."));
    }
  };
  visit(node, []);
  return out;
}
