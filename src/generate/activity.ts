/**
 * The activity of a synthetic simulation: background firing (Poisson with a refractory period,
 * inhibitory cells faster), plus a stimulus repeated every 200 ms from 40% of the simulation on,
 * to which cells answer with a burst at a layer-dependent probability and latency. Produced in
 * time blocks, each sorted by time then node id, so a simulation of any length streams to disk.
 */
import type { Spikes } from "../sonata/index.ts";
import type { Neurons } from "./circuit.ts";
import { Random } from "./random.ts";

export const SIMULATION_DT = 0.025; // ms: spike times are on this grid
export const STIMULUS_PERIOD = 200; // ms
export const EVOKED_BEFORE = 20; // ms of an evoked window before its stimulus
export const EVOKED_LENGTH = 150; // ms
const REFRACTORY = 2; // ms
const BLOCK = 100; // ms of activity produced at a time
// Response to the stimulus by layer 1..6: probability and latency (ms).
const RESPONSE_PROBABILITY = [0.1, 0.25, 0.3, 0.55, 0.4, 0.25];
const RESPONSE_LATENCY = [10, 8, 7, 4, 7, 9];

export interface Stimuli {
  start: number;
  period: number;
  count: number;
}

/** Stimuli from 40% of the simulation, as many as have a whole evoked window before the end. */
export function stimuli(durationMs: number): Stimuli {
  const start = Math.floor((0.4 * durationMs) / 10) * 10;
  const count = Math.floor((durationMs - start - (EVOKED_LENGTH - EVOKED_BEFORE)) / STIMULUS_PERIOD) + 1;
  if (count < 1 || start < 50) throw new Error(`--duration-ms ${durationMs} is too short: at least 500 ms are needed`);
  return { start, period: STIMULUS_PERIOD, count };
}

/** Firing rate of each neuron (Hz), whose mean over the circuit is `meanRateHz`. */
export function firingRates(neurons: Neurons, meanRateHz: number, seed: number): Float64Array {
  const random = new Random(seed, 2);
  const rates = Float64Array.from({ length: neurons.size }, (_, i) =>
    (neurons.inhibitory[i] ? 3 : 1) * Math.exp(0.5 * random.normal()),
  );
  const mean = rates.reduce((a, b) => a + b, 0) / Math.max(rates.length, 1);
  return rates.map((r) => (r * meanRateHz) / mean);
}

export interface Block {
  start: number;
  stop: number;
  spikes: Spikes;
}

/** The spikes of one simulation, in blocks of BLOCK ms sorted by (time, node id). */
export function* simulate(
  neurons: Neurons,
  rates: Float64Array,
  durationMs: number,
  rateFactor: number,
  random: Random,
): Generator<Block> {
  const n = neurons.size;
  const schedule = stimuli(durationMs);
  const next = Float64Array.from(rates, (r) => firstSpike(r * rateFactor, random));
  const pending = new SpikeBuffer();
  let stimulus = 0;
  for (let start = 0; start < durationMs; start += BLOCK) {
    const stop = Math.min(durationMs, start + BLOCK);
    const block = new SpikeBuffer();
    for (let i = 0; i < n; i++) {
      const meanInterval = 1000 / (rates[i]! * rateFactor);
      while (next[i]! < stop) {
        block.push(next[i]!, i);
        next[i]! += REFRACTORY + random.exponential(Math.max(meanInterval - REFRACTORY, 0.1));
      }
    }
    for (; stimulus < schedule.count && schedule.start + stimulus * schedule.period < stop; stimulus++) {
      respond(neurons, schedule.start + stimulus * schedule.period, random, pending);
    }
    pending.moveBefore(stop, block);
    yield { start, stop, spikes: block.sorted(n, durationMs) };
  }
}

function firstSpike(rateHz: number, random: Random): number {
  return random.exponential(1000 / rateHz);
}

/** A burst of 1-3 spikes from the cells that answer the stimulus at time `t`. */
function respond(neurons: Neurons, t: number, random: Random, out: SpikeBuffer): void {
  for (let i = 0; i < neurons.size; i++) {
    const layer = neurons.layer[i]!;
    if (random.uniform() >= RESPONSE_PROBABILITY[layer]!) continue;
    let time = t + RESPONSE_LATENCY[layer]! + 1.5 * Math.abs(random.normal());
    const burst = 1 + random.int(3);
    for (let k = 0; k < burst; k++) {
      out.push(time, i);
      time += 2 + 2 * random.uniform();
    }
  }
}

/** A growable list of (time, node id) pairs. */
class SpikeBuffer {
  private times = new Float64Array(1024);
  private ids = new Uint32Array(1024);
  private size = 0;

  push(time: number, id: number): void {
    if (this.size === this.times.length) {
      const times = new Float64Array(this.size * 2);
      times.set(this.times);
      this.times = times;
      const ids = new Uint32Array(this.size * 2);
      ids.set(this.ids);
      this.ids = ids;
    }
    this.times[this.size] = time;
    this.ids[this.size] = id;
    this.size++;
  }

  /** Move the spikes before `t` to `target`, keeping the others. */
  moveBefore(t: number, target: SpikeBuffer): void {
    let kept = 0;
    for (let i = 0; i < this.size; i++) {
      if (this.times[i]! < t) target.push(this.times[i]!, this.ids[i]!);
      else {
        this.times[kept] = this.times[i]!;
        this.ids[kept] = this.ids[i]!;
        kept++;
      }
    }
    this.size = kept;
  }

  /** The spikes on the simulation's time grid, sorted by time then node, without duplicates. */
  sorted(nodes: number, durationMs: number): Spikes {
    const keys = new Float64Array(this.size);
    let m = 0;
    for (let i = 0; i < this.size; i++) {
      const tick = Math.round(this.times[i]! / SIMULATION_DT);
      if (tick * SIMULATION_DT < durationMs) keys[m++] = tick * nodes + this.ids[i]!;
    }
    const sorted = keys.subarray(0, m).sort();
    const nodeIds = new Uint32Array(m);
    const times = new Float64Array(m);
    let k = 0;
    for (let i = 0; i < m; i++) {
      if (i > 0 && sorted[i] === sorted[i - 1]) continue;
      const tick = Math.floor(sorted[i]! / nodes);
      nodeIds[k] = sorted[i]! - tick * nodes;
      times[k] = tick * SIMULATION_DT;
      k++;
    }
    return { nodeIds: nodeIds.subarray(0, k), times: times.subarray(0, k) };
  }
}

/**
 * Membrane potential of the reported cells: an Ornstein-Uhlenbeck process around a resting
 * potential, with a peak and a reset at each of the cell's spikes.
 */
export class SomaVoltage {
  private readonly column: Int32Array;
  private readonly v: Float64Array;
  private t = 0;
  /** Spikes of reported cells not yet shown: times and columns. */
  private pendingTimes: number[] = [];
  private pendingColumns: number[] = [];

  constructor(
    readonly nodes: Uint32Array,
    private readonly rest: Float64Array,
    private readonly dt: number,
    private readonly durationMs: number,
    private readonly random: Random,
  ) {
    let max = 0;
    for (const id of nodes) max = Math.max(max, id);
    this.column = new Int32Array(max + 1).fill(-1);
    nodes.forEach((id, c) => (this.column[id] = c));
    this.v = Float64Array.from(rest, (r) => r + 2 * random.normal());
  }

  /** The frames whose time (on libsonata's accumulated grid) is before `stop`, row-major. */
  frames(stop: number, spikes: Spikes): Float32Array {
    for (let s = 0; s < spikes.times.length; s++) {
      const c = this.column[spikes.nodeIds[s]!] ?? -1;
      if (c >= 0) {
        this.pendingTimes.push(spikes.times[s]!);
        this.pendingColumns.push(c);
      }
    }
    const k = this.nodes.length;
    const a = this.dt / 10; // tau = 10 ms
    const b = 2 * Math.sqrt(2 * a); // sd = 2 mV
    let count = 0;
    for (let t = this.t; t < stop && t < this.durationMs - 1e-6; t += this.dt) count++;
    const out = new Float32Array(count * k);
    let p = 0;
    for (let f = 0; f < count; f++, this.t += this.dt) {
      const row = f * k;
      for (let c = 0; c < k; c++) {
        this.v[c]! += a * (this.rest[c]! - this.v[c]!) + b * this.random.normal();
        out[row + c] = this.v[c]!;
      }
      // A spike shows as a peak in the first frame at or after it, then the potential resets.
      for (; p < this.pendingTimes.length && this.pendingTimes[p]! <= this.t; p++) {
        const c = this.pendingColumns[p]!;
        out[row + c] = 20;
        this.v[c] = -75;
      }
    }
    this.pendingTimes = this.pendingTimes.slice(p);
    this.pendingColumns = this.pendingColumns.slice(p);
    return out;
  }
}
