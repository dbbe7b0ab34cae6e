/**
 * Frame reports (`/report/<population>/...`): soma reports have one element per node,
 * compartment reports several. Only the frames and columns asked for are read. The mapping is
 * checked against the data when the population opens: index pointers non-decreasing and within
 * the data's columns, node ids unique, an element id for every column read.
 */
import { SonataError } from "./errors.ts";
import { PopulationFile } from "./population-file.ts";
import {
  type Dataset,
  H5File,
  attribute,
  isFloatDataset,
  length,
  readBlock,
  readNumeric,
  rowsPerBlockRead,
  toFloat64,
  toNodeIds,
} from "./hdf5.ts";
import type { NodeIds } from "./selection.ts";
import { TIME_EPSILON } from "./spikes.ts";

export interface FrameQuery {
  /** Only these nodes, in this order; every node (in file order) when omitted. */
  nodeIds?: NodeIds;
  /** Closed interval [tStart, tStop] with a 1e-6 ms tolerance; the whole report when omitted. */
  tStart?: number;
  tStop?: number;
  /** Keep every `stride`-th frame from the first (1 by default). */
  stride?: number;
  /** The size of the node population: a report of a node id not below it is an error. */
  nodeCount?: number;
}

/** Frames of a report: `data` is frames x columns, row-major; each column is one element. */
export interface Frames {
  times: Float64Array;
  data: Float32Array;
  nodeIds: Uint32Array;
  elementIds: Uint32Array;
}

export interface ReportTimes {
  start: number;
  stop: number;
  dt: number;
}

/** Columns apart by at most this much are read together. */
const COLUMN_GAP = 4096;

export class FrameReportReader extends PopulationFile<FrameReportPopulation> {
  static async open(path: string): Promise<FrameReportReader> {
    return new FrameReportReader(await PopulationFile.openWithGroup(path, "report", "frame report"), "report", "report");
  }

  /** A frame report from its bytes (in a browser: no file system), `name` naming it in errors. */
  static async fromBytes(bytes: Uint8Array, name = "report.h5"): Promise<FrameReportReader> {
    return new FrameReportReader(await PopulationFile.openWithGroup({ bytes, name }, "report", "frame report"), "report", "report");
  }

  protected openPopulation(name: string): FrameReportPopulation {
    return new FrameReportPopulation(this.file, name);
  }
}

/** One node's columns: [first, last) in the data, and where they go in the result. */
interface NodeColumns {
  nodeId: number;
  first: number;
  last: number;
  offset: number;
}

export class FrameReportPopulation {
  readonly times: ReportTimes;
  readonly timeUnits: string | undefined;
  readonly dataUnits: string | undefined;
  /** Whether `mapping/node_ids` says it is sorted. */
  readonly sorted: boolean;
  /** Node ids in file order. */
  readonly nodeIds: Uint32Array;
  /** Node `nodeIds[i]` owns the columns indexPointers[i] .. indexPointers[i + 1] - 1. */
  readonly indexPointers: Float64Array;
  private readonly data: Dataset;
  private readonly elementIdsDataset: Dataset;
  private readonly indexOfNode: Map<number, number>;
  private frameTimes: Float64Array | undefined;
  private maxNodeId: number | undefined;

  constructor(
    private readonly file: H5File,
    readonly name: string,
  ) {
    const root = `report/${name}`;
    const nodeIdsDataset = file.dataset(`${root}/mapping/node_ids`);
    this.nodeIds = toNodeIds(readNumeric(nodeIdsDataset), `${file.path}: ${root}/mapping/node_ids`);
    this.indexPointers = toFloat64(readNumeric(file.dataset(`${root}/mapping/index_pointers`)));
    if (this.indexPointers.length !== this.nodeIds.length + 1) {
      throw new SonataError(
        `'${root}/mapping/index_pointers' has ${this.indexPointers.length} values: expected one more than the ${this.nodeIds.length} node ids`,
        file.path,
      );
    }
    this.elementIdsDataset = file.dataset(`${root}/mapping/element_ids`);
    const timeDataset = file.dataset(`${root}/mapping/time`);
    const [start, stop, dt] = toFloat64(readNumeric(timeDataset));
    if (start === undefined || stop === undefined || dt === undefined || !(dt > 0) || !Number.isFinite(start) || !(stop >= start) || !Number.isFinite(stop)) {
      throw new SonataError(`'${root}/mapping/time' must hold (start, stop, dt), finite, with start <= stop and dt > 0 (got ${[start, stop, dt].join(", ")})`, file.path);
    }
    this.times = { start, stop, dt };
    this.data = file.dataset(`${root}/data`);
    if (!isFloatDataset(this.data) || this.data.metadata.size !== 4 || this.data.shape?.length !== 2) {
      throw new SonataError(`'${root}/data' must be a 2-D float32 dataset`, file.path);
    }
    const units = (object: Dataset) => {
      const value = attribute(object, "units");
      return typeof value === "string" ? value : undefined;
    };
    this.timeUnits = units(timeDataset);
    this.dataUnits = units(this.data);
    this.sorted = Number(attribute(nodeIdsDataset, "sorted") ?? 0) !== 0;
    this.checkPointers(root);
    this.indexOfNode = new Map();
    this.nodeIds.forEach((id, i) => {
      const first = this.indexOfNode.get(id);
      if (first !== undefined) {
        throw new SonataError(`'${root}/mapping/node_ids' holds node ${id} twice (at ${first} and ${i}): which columns are its data?`, file.path);
      }
      this.indexOfNode.set(id, i);
    });
  }

  /** Node i owns columns [p[i], p[i + 1]): integers, non-decreasing, within the data and the element ids. */
  private checkPointers(root: string): void {
    const pointers = this.indexPointers;
    const width = this.data.shape?.[1] ?? 0;
    const elements = length(this.elementIdsDataset);
    const fail = (message: string) => {
      throw new SonataError(`'${root}/mapping/index_pointers' ${message}`, this.file.path);
    };
    for (let i = 0; i < pointers.length; i++) {
      const p = pointers[i]!;
      if (!Number.isInteger(p) || p < 0) fail(`[${i}] = ${p}: expected a column index >= 0`);
      if (i > 0 && p < pointers[i - 1]!) fail(`decrease at ${i} (${pointers[i - 1]} then ${p}): the columns of node ${this.nodeIds[i - 1]} would be negative or belong to another node`);
    }
    const last = pointers[pointers.length - 1] ?? 0;
    if (last > width) fail(`end at column ${last}, but '${root}/data' has ${width} columns`);
    if (last > elements) fail(`end at column ${last}, but '${root}/mapping/element_ids' has ${elements} values`);
  }

  get path(): string {
    return this.file.path;
  }

  /** Times of every frame: start, start + dt, ... while below stop (accumulated as libsonata does). */
  get frameTimesAll(): Float64Array {
    if (!this.frameTimes) {
      const { start, stop, dt } = this.times;
      const times: number[] = [];
      for (let t = start; t < stop - TIME_EPSILON; t += dt) times.push(t);
      this.frameTimes = Float64Array.from(times);
    }
    return this.frameTimes;
  }

  /** Element ids of the columns of `nodeIds` (every node when omitted), with their node ids. */
  mapping(nodeIds?: NodeIds): { nodeIds: Uint32Array; elementIds: Uint32Array } {
    const layout = this.layout(nodeIds);
    return { nodeIds: layout.columnNodeIds, elementIds: this.readElementIds(layout) };
  }

  get(query: FrameQuery = {}): Frames {
    const { first, last, stride, frames } = this.frames(query);
    if (query.nodeCount !== undefined) this.checkNodeCount(query.nodeCount);
    const layout = this.layout(query.nodeIds);
    const columns = layout.columnNodeIds.length;
    if (columns === 0) {
      return { times: new Float64Array(0), data: new Float32Array(0), nodeIds: new Uint32Array(0), elementIds: new Uint32Array(0) };
    }
    const times = new Float64Array(frames);
    for (let k = 0; k < frames; k++) times[k] = this.frameTimesAll[first + k * stride]!;
    if (last >= (this.data.shape?.[0] ?? 0)) {
      throw new SonataError(`report '${this.name}': 'data' has fewer frames than its time mapping`, this.path);
    }
    const data = new Float32Array(frames * columns);
    for (const block of columnBlocks(layout.entries)) this.readColumns(block, first, frames, stride, data, columns);
    return { times, data, nodeIds: layout.columnNodeIds, elementIds: this.readElementIds(layout) };
  }

  /** The number of frames and of columns `get` would return, without reading any data. */
  shape(query: FrameQuery = {}): { frames: number; columns: number } {
    const { frames } = this.frames(query);
    const columns = this.layout(query.nodeIds).columnNodeIds.length;
    return { frames: columns === 0 ? 0 : frames, columns };
  }

  private frames(query: FrameQuery): { first: number; last: number; stride: number; frames: number } {
    const stride = query.stride ?? 1;
    if (!Number.isInteger(stride) || stride < 1) {
      throw new SonataError(`stride must be a positive integer, got ${stride}`, this.path);
    }
    const [first, last] = this.frameRange(query.tStart, query.tStop);
    return { first, last, stride, frames: Math.floor((last - first) / stride) + 1 };
  }

  private checkNodeCount(nodeCount: number): void {
    this.maxNodeId ??= this.nodeIds.reduce((max, id) => (id > max ? id : max), -1);
    if (this.maxNodeId >= nodeCount) {
      throw new SonataError(
        `report '${this.name}': node id ${this.maxNodeId} of 'mapping/node_ids' is not in the node population (${nodeCount} nodes): is this the report of another circuit?`,
        this.path,
      );
    }
  }

  /** Indexes of the first and last frame in [tStart, tStop], with libsonata's errors. */
  private frameRange(tStart?: number, tStop?: number): [number, number] {
    const times = this.frameTimesAll;
    const start = tStart ?? this.times.start;
    const stop = tStop ?? this.times.stop;
    if (start < -TIME_EPSILON || stop < -TIME_EPSILON) {
      throw new SonataError(`times cannot be negative (tStart=${start}, tStop=${stop})`, this.path);
    }
    let first = 0;
    while (first < times.length && !(start < times[first]! + TIME_EPSILON)) first++;
    if (first === times.length) {
      throw new SonataError(
        `tStart=${start} is after the end of report '${this.name}' (last frame at ${times[times.length - 1]})`,
        this.path,
      );
    }
    let last = times.length - 1;
    while (last >= 0 && !(stop > times[last]! - TIME_EPSILON)) last--;
    if (last < 0) {
      throw new SonataError(`tStop=${stop} is before the beginning of report '${this.name}' (${times[0]})`, this.path);
    }
    if (first > last) throw new SonataError(`tStart=${start} is after tStop=${stop}`, this.path);
    return [first, last];
  }

  private layout(nodeIds?: NodeIds) {
    const entries: NodeColumns[] = [];
    let offset = 0;
    const add = (index: number) => {
      const first = this.indexPointers[index]!;
      const last = this.indexPointers[index + 1]!;
      entries.push({ nodeId: this.nodeIds[index]!, first, last, offset });
      offset += last - first;
    };
    if (nodeIds === undefined) {
      for (let i = 0; i < this.nodeIds.length; i++) add(i);
    } else {
      for (const id of nodeIds) {
        const index = this.indexOfNode.get(id);
        if (index !== undefined) add(index);
      }
    }
    const columnNodeIds = new Uint32Array(offset);
    for (const e of entries) columnNodeIds.fill(e.nodeId, e.offset, e.offset + e.last - e.first);
    return { entries, columnNodeIds };
  }

  private readElementIds(layout: { entries: NodeColumns[]; columnNodeIds: Uint32Array }): Uint32Array {
    const out = new Uint32Array(layout.columnNodeIds.length);
    for (const block of columnBlocks(layout.entries)) {
      const ids = readNumeric(this.elementIdsDataset, block.start, block.stop);
      for (const e of block.entries) {
        for (let c = e.first; c < e.last; c++) out[e.offset + c - e.first] = Number(ids[c - block.start]);
      }
    }
    return out;
  }

  /** Copy the columns of one block for the chosen frames into `out`, a few frames per read. */
  private readColumns(
    block: ColumnBlock,
    firstFrame: number,
    frames: number,
    stride: number,
    out: Float32Array,
    outColumns: number,
  ): void {
    const width = block.stop - block.start;
    const segments = copySegments(block);
    const framesPerRead = rowsPerBlockRead(this.data, width);
    for (let k0 = 0; k0 < frames; k0 += framesPerRead) {
      const k1 = Math.min(frames, k0 + framesPerRead);
      const rowStart = firstFrame + k0 * stride;
      const rowStop = firstFrame + (k1 - 1) * stride + 1;
      const values = readBlock(this.data, rowStart, rowStop, stride, block.start, block.stop) as Float32Array;
      for (let k = k0; k < k1; k++) {
        const src = (k - k0) * width;
        const dst = k * outColumns;
        for (const s of segments) {
          if (s.length === 1) out[dst + s.to] = values[src + s.from]!;
          else out.set(values.subarray(src + s.from, src + s.from + s.length), dst + s.to);
        }
      }
    }
  }
}

interface ColumnBlock {
  start: number;
  stop: number;
  entries: NodeColumns[];
}

/** Node column ranges grouped into blocks of nearby columns, each read with one hyperslab. */
function columnBlocks(entries: NodeColumns[]): ColumnBlock[] {
  const sorted = [...entries].sort((a, b) => a.first - b.first);
  const blocks: ColumnBlock[] = [];
  for (const e of sorted) {
    const last = blocks[blocks.length - 1];
    if (last && e.first - last.stop <= COLUMN_GAP) {
      last.stop = Math.max(last.stop, e.last);
      last.entries.push(e);
    } else {
      blocks.push({ start: e.first, stop: e.last, entries: [e] });
    }
  }
  return blocks;
}

/** Copies from a block row to an output row, merged where both sides are contiguous. */
function copySegments(block: ColumnBlock): Array<{ from: number; to: number; length: number }> {
  const segments: Array<{ from: number; to: number; length: number }> = [];
  for (const e of block.entries) {
    const from = e.first - block.start;
    const size = e.last - e.first;
    const previous = segments[segments.length - 1];
    if (previous && previous.from + previous.length === from && previous.to + previous.length === e.offset) {
      previous.length += size;
    } else if (size > 0) {
      segments.push({ from, to: e.offset, length: size });
    }
  }
  return segments;
}

