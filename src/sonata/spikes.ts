/**
 * `spikes.h5`: spike times and node ids per population. Reads stream through the file in
 * blocks, and a time window on a `by_time` file is found by binary search, then read as one
 * slice. What the reads trust is checked on the data they read anyway: every time read must be
 * finite, node ids must be below the population's size when it is given, and before the first
 * binary search the whole file's times are checked once to be non-decreasing (a file that says
 * `by_time` and is not is then read as unsorted, with a warning).
 */
import { SonataError } from "./errors.ts";
import { emitWarning } from "./node.ts";
import { PopulationFile } from "./population-file.ts";
import {
  type Dataset,
  H5File,
  attribute,
  length,
  firstNonFinite,
  readFloat64Into,
  readNodeIdsInto,
  readNumeric,
  visitFloat64,
} from "./hdf5.ts";
import { type NodeIds, isSortedUnique, membership } from "./selection.ts";

export type SpikeSorting = "none" | "by_id" | "by_time";

export interface Spikes {
  nodeIds: Uint32Array;
  times: Float64Array;
}

export interface SpikeQuery {
  /** Only these nodes; every node when omitted, none when empty. */
  nodeIds?: NodeIds;
  /** Start of the closed interval [tStart, tStop] (libsonata's tolerance: 1e-6 ms). */
  tStart?: number;
  tStop?: number;
  /** The size of the node population: a node id read that is not below it is an error. */
  nodeCount?: number;
}

export interface SpikeReaderOptions {
  /** Where warnings go (a `by_time` file that is not sorted); `process.emitWarning` by default. */
  warn?: (message: string) => void;
}

/** libsonata compares times with this tolerance. */
export const TIME_EPSILON = 1e-6;
/** Spikes read per block: 4M spikes are 48 MB of times and ids. */
export const SPIKE_BLOCK = 4 * 1024 * 1024;
/** Below this many candidate rows a binary search reads them all at once. */
const SEARCH_SPAN = 64 * 1024;
const SORTINGS: readonly SpikeSorting[] = ["none", "by_id", "by_time"];

export class SpikeReader extends PopulationFile<SpikePopulation> {
  private warn: (message: string) => void = (message) => emitWarning(message, "SONATA");

  static async open(path: string, options: SpikeReaderOptions = {}): Promise<SpikeReader> {
    const reader = new SpikeReader(await PopulationFile.openWithGroup(path, "spikes", "spikes file"), "spikes", "spikes");
    if (options.warn) reader.warn = options.warn;
    return reader;
  }

  /** A spikes file from its bytes (in a browser: no file system), `name` naming it in errors. */
  static async fromBytes(bytes: Uint8Array, name = "spikes.h5", options: SpikeReaderOptions = {}): Promise<SpikeReader> {
    const reader = new SpikeReader(await PopulationFile.openWithGroup({ bytes, name }, "spikes", "spikes file"), "spikes", "spikes");
    if (options.warn) reader.warn = options.warn;
    return reader;
  }

  protected openPopulation(name: string): SpikePopulation {
    return new SpikePopulation(this.file, name, this.warn);
  }
}

export class SpikePopulation {
  readonly sorting: SpikeSorting;
  /** Number of spikes. */
  readonly size: number;
  readonly timeUnits: string | undefined;
  private readonly timestamps: Dataset;
  private readonly nodeIdsDataset: Dataset;
  private range: [number, number] | undefined;
  /** Whether the times are non-decreasing, once checked (by_time files only). */
  private sortedByTime: boolean | undefined;

  constructor(
    private readonly file: H5File,
    readonly name: string,
    private readonly warn: (message: string) => void = (message) => emitWarning(message, "SONATA"),
  ) {
    const root = `spikes/${name}`;
    this.timestamps = file.dataset(`${root}/timestamps`);
    this.nodeIdsDataset = file.dataset(`${root}/node_ids`);
    this.size = length(this.timestamps);
    if (length(this.nodeIdsDataset) !== this.size) {
      throw new SonataError(`population '${name}': 'node_ids' and 'timestamps' differ in length`, file.path);
    }
    this.sorting = readSorting(file, root);
    const units = attribute(this.timestamps, "units");
    this.timeUnits = typeof units === "string" ? units : undefined;
  }

  get path(): string {
    return this.file.path;
  }

  /** First and last spike time (min and max unless sorted by time); [0, 0] when empty. */
  get timeRange(): [number, number] {
    this.range ??= this.computeTimeRange();
    return this.range;
  }

  /**
   * Whether a window can be found by binary search: the file says `by_time` and its times are
   * non-decreasing, checked once over the whole file (a file that is not is read as unsorted).
   */
  get isSortedByTime(): boolean {
    if (this.sorting !== "by_time") return false;
    this.sortedByTime ??= this.checkOrder();
    return this.sortedByTime;
  }

  /** Spikes of the query, in file order (grouped in the order of `nodeIds` for `by_id` files). */
  get(query: SpikeQuery = {}): Spikes {
    const plan = this.plan(query);
    const spikes = plan.filtered ? this.readFiltered(plan) : this.readExact(plan);
    const { nodeIds } = query;
    if (this.sorting === "by_id" && nodeIds && !isSortedUnique(nodeIds)) {
      return groupByRequestOrder(spikes, nodeIds);
    }
    return spikes;
  }

  /** The spikes of the query, block by block in file order: memory stays bounded by a block. */
  blocks(query: SpikeQuery = {}, blockSize = SPIKE_BLOCK): Generator<Spikes> {
    return this.readBlocks(this.plan(query), blockSize);
  }

  /** Which rows to read and how to filter them. */
  private plan(query: SpikeQuery): ReadPlan {
    const { tStart, tStop, nodeIds } = query;
    const bounded = tStart !== undefined || tStop !== undefined;
    const [start, stop] = bounded ? this.checkedInterval(tStart, tStop) : [-Infinity, Infinity];
    if (nodeIds && nodeIds.length === 0) return { lo: 0, hi: 0, low: 0, high: 0, filtered: false };
    const [lo, hi] = this.candidateRows(start, stop);
    const mask = nodeIds ? membership(nodeIds) : undefined;
    // Rows found by binary search on a by_time file are all in the interval already.
    const timeFiltered = bounded && !this.isSortedByTime;
    return {
      lo,
      hi,
      mask,
      low: timeFiltered ? start - TIME_EPSILON : -Infinity,
      high: timeFiltered ? stop + TIME_EPSILON : Infinity,
      filtered: mask !== undefined || timeFiltered,
      nodeCount: query.nodeCount,
    };
  }

  /** Blocks of the plan; with `reuse`, each block overwrites the previous one's buffers. */
  private *readBlocks(plan: ReadPlan, blockSize: number, reuse = false): Generator<Spikes> {
    let buffer: Spikes | undefined;
    for (let from = plan.lo; from < plan.hi; from += blockSize) {
      const to = Math.min(plan.hi, from + blockSize);
      if (!reuse || !buffer) buffer = { nodeIds: new Uint32Array(to - from), times: new Float64Array(to - from) };
      const spikes = { nodeIds: buffer.nodeIds.subarray(0, to - from), times: buffer.times.subarray(0, to - from) };
      this.readChecked(from, to, spikes, plan.nodeCount);
      yield plan.filtered ? filterSpikes(spikes, plan) : spikes;
    }
  }

  /** The kept spikes of every block, copied out so that no block's buffers stay alive. */
  private readFiltered(plan: ReadPlan): Spikes {
    const kept: Spikes[] = [];
    for (const { nodeIds, times } of this.readBlocks(plan, SPIKE_BLOCK, true)) {
      kept.push({ nodeIds: nodeIds.slice(), times: times.slice() });
    }
    return concatSpikes(kept);
  }

  /** Every row of the plan, read block by block straight into the result. */
  private readExact(plan: ReadPlan): Spikes {
    const n = plan.hi - plan.lo;
    const nodeIds = new Uint32Array(n);
    const times = new Float64Array(n);
    for (let from = plan.lo; from < plan.hi; from += SPIKE_BLOCK) {
      const to = Math.min(plan.hi, from + SPIKE_BLOCK);
      const at = from - plan.lo;
      this.readChecked(from, to, { nodeIds: nodeIds.subarray(at, at + to - from), times: times.subarray(at, at + to - from) }, plan.nodeCount);
    }
    return { nodeIds, times };
  }

  /** Rows [from, to) into `target`, their times checked finite and their node ids below `nodeCount`. */
  private readChecked(from: number, to: number, target: Spikes, nodeCount: number | undefined): void {
    readNodeIdsInto(this.nodeIdsDataset, from, to, target.nodeIds, `${this.path}: spikes/${this.name}/node_ids`);
    const bad = readFloat64Into(this.timestamps, from, to, target.times);
    if (bad >= 0) throw this.badTime(from + bad, target.times[bad]!);
    if (nodeCount === undefined) return;
    const ids = target.nodeIds;
    for (let i = 0; i < ids.length; i++) {
      if (ids[i]! >= nodeCount) {
        throw new SonataError(
          `population '${this.name}': node id ${ids[i]} at row ${from + i} of 'node_ids' is not in the node population (${nodeCount} nodes): are these the spikes of another circuit?`,
          this.path,
        );
      }
    }
  }

  private badTime(row: number, value: number): SonataError {
    return new SonataError(`population '${this.name}': timestamp ${value} at row ${row} of 'timestamps' is not a finite number`, this.path);
  }

  /** One pass over the times: finite (else an error), and non-decreasing (else a warning and false). */
  private checkOrder(): boolean {
    let previous = -Infinity;
    let sorted = true;
    const visit = (times: Float64Array, row: number) => {
      for (let i = 0; i < times.length; i++) {
        const t = times[i]!;
        // False for a NaN too; an infinity passes, but can only be first or last (checked below).
        if (!(t >= previous)) {
          const bad = firstNonFinite(times);
          if (bad >= 0) throw this.badTime(row + bad, times[bad]!);
          this.warn(
            `${this.path}: population '${this.name}' says it is sorted by_time, but timestamp ${t} at row ${row + i} comes after ${previous}: it is read as unsorted (exact, but every read scans the whole file)`,
          );
          return (sorted = false);
        }
        previous = t;
      }
      return true;
    };
    // Block by block: one read of the whole file would grow the HDF5 heap to 256 MB.
    for (let from = 0; from < this.size && sorted; from += SPIKE_BLOCK) visitFloat64(this.timestamps, from, Math.min(this.size, from + SPIKE_BLOCK), visit);
    for (const row of sorted && this.size > 0 ? [0, this.size - 1] : []) {
      const t = this.timeAt(row);
      if (t - t !== 0) throw this.badTime(row, t);
    }
    return sorted;
  }

  private checkedInterval(tStart?: number, tStop?: number): [number, number] {
    const start = tStart ?? this.timeRange[0];
    const stop = tStop ?? this.timeRange[1];
    if (start < -TIME_EPSILON || stop < -TIME_EPSILON) {
      throw new SonataError(`times cannot be negative (tStart=${start}, tStop=${stop})`, this.path);
    }
    if (start > stop) {
      throw new SonataError(`tStart=${start} is after tStop=${stop} (spikes of '${this.name}')`, this.path);
    }
    return [start, stop];
  }

  /** Rows that may hold spikes in [start, stop]: all, or a binary-searched slice for by_time. */
  private candidateRows(start: number, stop: number): [number, number] {
    if ((start === -Infinity && stop === Infinity) || !this.isSortedByTime) return [0, this.size];
    const lo = this.firstRowAtOrAfter(start - TIME_EPSILON, false);
    const hi = this.firstRowAtOrAfter(stop + TIME_EPSILON, true);
    return [lo, Math.max(lo, hi)];
  }

  /** First row whose time is >= t (> t when `strict`), reading few single values then one slice. */
  private firstRowAtOrAfter(t: number, strict: boolean): number {
    const before = (time: number) => (strict ? time <= t : time < t);
    let lo = 0;
    let hi = this.size;
    while (hi - lo > SEARCH_SPAN) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (before(this.timeAt(mid))) lo = mid + 1;
      else hi = mid;
    }
    const times = readNumeric(this.timestamps, lo, hi);
    let i = 0;
    while (i < times.length && before(Number(times[i]))) i++;
    return lo + i;
  }

  private timeAt(row: number): number {
    return Number(readNumeric(this.timestamps, row, row + 1)[0]);
  }

  private computeTimeRange(): [number, number] {
    if (this.size === 0) return [0, 0];
    if (this.isSortedByTime) return [this.timeAt(0), this.timeAt(this.size - 1)];
    let min = Infinity;
    let max = -Infinity;
    for (let from = 0; from < this.size; from += SPIKE_BLOCK) {
      const times = readNumeric(this.timestamps, from, Math.min(this.size, from + SPIKE_BLOCK));
      for (let i = 0; i < times.length; i++) {
        const t = Number(times[i]);
        if (t - t !== 0) throw this.badTime(from + i, t);
        if (t < min) min = t;
        if (t > max) max = t;
      }
    }
    return [min, max];
  }
}

function readSorting(file: H5File, root: string): SpikeSorting {
  const value = attribute(file.group(root), "sorting");
  if (value === undefined) return "none";
  const sorting = SORTINGS[Number(value)];
  if (sorting === undefined) {
    throw new SonataError(`'${root}' has sorting=${String(value)}: expected 0 (none), 1 (by_id) or 2 (by_time)`, file.path);
  }
  return sorting;
}

interface ReadPlan {
  lo: number;
  hi: number;
  mask?: Uint8Array | undefined;
  low: number;
  high: number;
  /** Whether rows must be tested (by node or time) rather than taken whole. */
  filtered: boolean;
  nodeCount?: number | undefined;
}


/** Keep the spikes of the plan's nodes and interval, compacting the arrays in place. */
function filterSpikes({ nodeIds, times }: Spikes, { mask, low, high }: ReadPlan): Spikes {
  let n = 0;
  for (let i = 0; i < nodeIds.length; i++) {
    const t = times[i]!;
    const id = nodeIds[i]!;
    if (t >= low && t <= high && (!mask || mask[id] === 1)) {
      nodeIds[n] = id;
      times[n] = t;
      n++;
    }
  }
  return { nodeIds: nodeIds.subarray(0, n), times: times.subarray(0, n) };
}

export function concatSpikes(blocks: Spikes[]): Spikes {
  if (blocks.length === 1) return blocks[0]!;
  let total = 0;
  for (const block of blocks) total += block.times.length;
  const nodeIds = new Uint32Array(total);
  const times = new Float64Array(total);
  let at = 0;
  for (const block of blocks) {
    nodeIds.set(block.nodeIds, at);
    times.set(block.times, at);
    at += block.times.length;
  }
  return { nodeIds, times };
}

/** libsonata's by_id order: the spikes of each requested node in turn, in request order. */
function groupByRequestOrder(spikes: Spikes, request: NodeIds): Spikes {
  const rank = new Map<number, number>();
  for (const id of request) if (!rank.has(id)) rank.set(id, rank.size);
  const counts = new Uint32Array(rank.size + 1);
  for (const id of spikes.nodeIds) counts[rank.get(id)! + 1]!++;
  for (let r = 1; r < counts.length; r++) counts[r]! += counts[r - 1]!;
  const nodeIds = new Uint32Array(spikes.nodeIds.length);
  const times = new Float64Array(spikes.times.length);
  for (let i = 0; i < spikes.nodeIds.length; i++) {
    const at = counts[rank.get(spikes.nodeIds[i]!)!]!++;
    nodeIds[at] = spikes.nodeIds[i]!;
    times[at] = spikes.times[i]!;
  }
  return { nodeIds, times };
}
