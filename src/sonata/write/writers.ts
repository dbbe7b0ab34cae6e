/**
 * Writers of SONATA files: nodes, spikes and frame reports. Spikes and frames are appended in
 * blocks to resizable datasets, so a campaign larger than memory can be written.
 */
import h5wasm, { type Dataset, type File as RawFile, type Group } from "h5wasm/node";
import { SonataError } from "../errors.ts";
import { type NumericArray, h5Ready } from "../hdf5.ts";
import type { ReportTimes } from "../frame-report.ts";
import type { SpikeSorting } from "../spikes.ts";
import { writeEnumAttribute } from "./enum-attribute.ts";

/** Elements per chunk of the resizable datasets (8 MB of float64). */
const CHUNK = 1 << 20;
const SORTING_CODES: Record<SpikeSorting, number> = { none: 0, by_id: 1, by_time: 2 };

export type Column = NumericArray | string[];

export interface NodePopulationData {
  name: string;
  size: number;
  /** Attributes of group 0, one value per node. */
  attributes?: Record<string, Column>;
  /** Attributes stored as codes into an `@library` list of strings. */
  enumerations?: Record<string, { codes: Uint32Array; values: string[] }>;
  dynamics?: Record<string, Column>;
}

/** Write a nodes file with the given populations (node_type_id is -1 for every node). */
export async function writeNodes(path: string, populations: NodePopulationData[]): Promise<void> {
  await h5Ready();
  const file = new h5wasm.File(path, "w");
  try {
    const nodes = file.create_group("nodes");
    for (const population of populations) writeNodePopulation(nodes, population, path);
  } finally {
    file.close();
  }
}

function writeNodePopulation(nodes: Group, population: NodePopulationData, path: string): void {
  const { name, size } = population;
  const check = (key: string, column: { length: number }) => {
    if (column.length !== size) {
      throw new SonataError(`population '${name}': '${key}' has ${column.length} values for ${size} nodes`, path);
    }
  };
  const group = nodes.create_group(name);
  group.create_dataset({ name: "node_type_id", data: new BigInt64Array(size).fill(-1n) });
  const group0 = group.create_group("0");
  for (const [key, column] of Object.entries(population.attributes ?? {})) {
    check(key, column);
    group0.create_dataset({ name: key, data: column });
  }
  const enumerations = Object.entries(population.enumerations ?? {});
  if (enumerations.length > 0) {
    const library = group0.create_group("@library");
    for (const [key, { codes, values }] of enumerations) {
      check(key, codes);
      group0.create_dataset({ name: key, data: codes });
      library.create_dataset({ name: key, data: values });
    }
  }
  const dynamics = Object.entries(population.dynamics ?? {});
  if (dynamics.length > 0) {
    const group = group0.create_group("dynamics_params");
    for (const [key, column] of dynamics) {
      check(key, column);
      group.create_dataset({ name: key, data: column });
    }
  }
}

/** Appends spikes of one population to a new `spikes.h5`. */
export class SpikeWriter {
  private count = 0;

  private constructor(
    private readonly file: RawFile,
    private readonly timestamps: Dataset,
    private readonly nodeIds: Dataset,
  ) {}

  static async create(path: string, population: string, sorting: SpikeSorting = "by_time"): Promise<SpikeWriter> {
    await h5Ready();
    const skeleton = new h5wasm.File(path, "w");
    skeleton.create_group("spikes").create_group(population);
    skeleton.close();
    writeEnumAttribute(path, `spikes/${population}`, "sorting", SORTING_CODES, SORTING_CODES[sorting]);
    const file = new h5wasm.File(path, "a");
    const group = file.get(`spikes/${population}`) as Group;
    const timestamps = resizable(group, "timestamps", new Float64Array(0), "<d");
    timestamps.create_attribute("units", "ms");
    const nodeIds = resizable(group, "node_ids", new BigUint64Array(0), "<Q");
    return new SpikeWriter(file, timestamps, nodeIds);
  }

  get size(): number {
    return this.count;
  }

  append(nodeIds: Uint32Array, times: Float64Array): void {
    const n = times.length;
    if (nodeIds.length !== n) throw new SonataError("append: node ids and times differ in length");
    if (n === 0) return;
    const start = this.count;
    this.count += n;
    this.timestamps.resize([this.count]);
    this.nodeIds.resize([this.count]);
    this.timestamps.write_slice([[start, this.count]], times);
    this.nodeIds.write_slice([[start, this.count]], widenToUint64(nodeIds));
  }

  close(): void {
    this.file.close();
  }
}

export interface FrameReportLayout {
  /** Reported node ids, one entry per node. */
  nodeIds: Uint32Array;
  /** Columns of each node (1 for a soma report); all 1 when omitted. */
  elementsPerNode?: Uint32Array;
  /** Element (section) id of each column; all 0 when omitted. */
  elementIds?: Uint32Array;
  /** `mapping/index_pointers` as given, whatever the columns: only to make broken files for tests. */
  indexPointers?: BigUint64Array;
  times: ReportTimes;
  dataUnits?: string;
}

/** Appends frames (rows of float32 values, one column per element) to a new frame report. */
export class FrameReportWriter {
  private rows = 0;

  private constructor(
    private readonly file: RawFile,
    private readonly data: Dataset,
    readonly columns: number,
  ) {}

  static async create(path: string, population: string, layout: FrameReportLayout): Promise<FrameReportWriter> {
    await h5Ready();
    const nodes = layout.nodeIds.length;
    const perNode = layout.elementsPerNode ?? new Uint32Array(nodes).fill(1);
    const pointers = new BigUint64Array(nodes + 1);
    for (let i = 0; i < nodes; i++) pointers[i + 1] = pointers[i]! + BigInt(perNode[i]!);
    const columns = Number(pointers[nodes]);
    const elementIds = layout.elementIds ?? new Uint32Array(columns);
    if (elementIds.length !== columns) {
      throw new SonataError(`frame report '${population}': ${elementIds.length} element ids for ${columns} columns`, path);
    }
    const file = new h5wasm.File(path, "w");
    const group = file.create_group("report").create_group(population);
    const mapping = group.create_group("mapping");
    const ids = mapping.create_dataset({ name: "node_ids", data: widenToUint64(layout.nodeIds) });
    ids.create_attribute("sorted", isAscending(layout.nodeIds) ? 1 : 0, null, "<B");
    mapping.create_dataset({ name: "index_pointers", data: layout.indexPointers ?? pointers });
    mapping.create_dataset({ name: "element_ids", data: elementIds });
    const { start, stop, dt } = layout.times;
    mapping.create_dataset({ name: "time", data: Float64Array.from([start, stop, dt]) }).create_attribute("units", "ms");
    const rowsPerChunk = Math.max(1, Math.floor(CHUNK / Math.max(columns, 1)));
    const data = group.create_dataset({
      name: "data",
      data: new Float32Array(0),
      shape: [0, columns],
      maxshape: [null, columns],
      chunks: [rowsPerChunk, Math.max(columns, 1)],
      dtype: "<f",
    });
    data.create_attribute("units", layout.dataUnits ?? "mV");
    return new FrameReportWriter(file, data, columns);
  }

  /** Append whole frames: `values` holds rows x columns values, row-major. */
  appendFrames(values: Float32Array): void {
    if (values.length % this.columns !== 0) {
      throw new SonataError(`appendFrames: ${values.length} values are not whole frames of ${this.columns} columns`);
    }
    const rows = values.length / this.columns;
    if (rows === 0) return;
    const start = this.rows;
    this.rows += rows;
    this.data.resize([this.rows, this.columns]);
    this.data.write_slice([[start, this.rows], [0, this.columns]], values);
  }

  get frames(): number {
    return this.rows;
  }

  close(): void {
    this.file.close();
  }
}

function resizable(group: Group, name: string, empty: NumericArray, dtype: string): Dataset {
  return group.create_dataset({ name, data: empty, shape: [0], maxshape: [null], chunks: [CHUNK], dtype });
}

function widenToUint64(ids: Uint32Array): BigUint64Array {
  const out = new BigUint64Array(ids.length);
  const words = new Uint32Array(out.buffer);
  for (let i = 0; i < ids.length; i++) words[2 * i] = ids[i]!;
  return out;
}

function isAscending(ids: Uint32Array): boolean {
  for (let i = 1; i < ids.length; i++) if (ids[i]! < ids[i - 1]!) return false;
  return true;
}
