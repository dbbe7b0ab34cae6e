import { createRequire as __blueetlCreateRequire } from 'node:module'; const require = __blueetlCreateRequire(import.meta.url);
import {
  require_dist
} from "./chunk-UYHNWHV6.mjs";
import {
  SonataError,
  h5Ready,
  loadedH5wasm
} from "./chunk-IZCYKTDL.mjs";
import {
  __toESM
} from "./chunk-75GTEED3.mjs";

// src/generate/campaign.ts
import { mkdirSync, writeFileSync as writeFileSync3 } from "node:fs";
import { join as join2, resolve } from "node:path";

// src/sonata/write/enum-attribute.ts
import { readFileSync, writeFileSync } from "node:fs";

// src/sonata/write/lookup3.ts
function lookup3(bytes, initval = 0) {
  let length = bytes.length;
  let a = 3735928559 + length + initval >>> 0;
  let b = a;
  let c = a;
  let k = 0;
  const word = (i) => (bytes[i] | bytes[i + 1] << 8 | bytes[i + 2] << 16 | bytes[i + 3] << 24) >>> 0;
  const rot = (x, r) => (x << r | x >>> 32 - r) >>> 0;
  while (length > 12) {
    a = a + word(k) >>> 0;
    b = b + word(k + 4) >>> 0;
    c = c + word(k + 8) >>> 0;
    a = a - c >>> 0;
    a = (a ^ rot(c, 4)) >>> 0;
    c = c + b >>> 0;
    b = b - a >>> 0;
    b = (b ^ rot(a, 6)) >>> 0;
    a = a + c >>> 0;
    c = c - b >>> 0;
    c = (c ^ rot(b, 8)) >>> 0;
    b = b + a >>> 0;
    a = a - c >>> 0;
    a = (a ^ rot(c, 16)) >>> 0;
    c = c + b >>> 0;
    b = b - a >>> 0;
    b = (b ^ rot(a, 19)) >>> 0;
    a = a + c >>> 0;
    c = c - b >>> 0;
    c = (c ^ rot(b, 4)) >>> 0;
    b = b + a >>> 0;
    length -= 12;
    k += 12;
  }
  if (length === 0) return c;
  const tail = new Uint8Array(12);
  tail.set(bytes.subarray(k, k + length));
  const t = (i) => (tail[i] | tail[i + 1] << 8 | tail[i + 2] << 16 | tail[i + 3] << 24) >>> 0;
  a = a + t(0) >>> 0;
  b = b + t(4) >>> 0;
  c = c + t(8) >>> 0;
  c = (c ^ b) >>> 0;
  c = c - rot(b, 14) >>> 0;
  a = (a ^ c) >>> 0;
  a = a - rot(c, 11) >>> 0;
  b = (b ^ a) >>> 0;
  b = b - rot(a, 25) >>> 0;
  c = (c ^ b) >>> 0;
  c = c - rot(b, 16) >>> 0;
  a = (a ^ c) >>> 0;
  a = a - rot(c, 4) >>> 0;
  b = (b ^ a) >>> 0;
  b = b - rot(a, 14) >>> 0;
  c = (c ^ b) >>> 0;
  c = c - rot(b, 24) >>> 0;
  return c;
}

// src/sonata/write/enum-attribute.ts
var STRING_DATATYPE_SIZE = 8;
var SCALAR_DATASPACE = [2, 0, 0, 0];
var ATTRIBUTE_MESSAGE_VERSION = 3;
function writeEnumAttribute(path, groupPath, name, members, value) {
  const datatype = enumDatatype(members);
  const placeholder = placeholderText(datatype.length + 1 - STRING_DATATYPE_SIZE);
  const file = new (loadedH5wasm()).File(path, "a");
  try {
    file.get(groupPath).create_attribute(name, placeholder, null, `S${placeholder.length}`);
  } finally {
    file.close();
  }
  const bytes = new Uint8Array(readFileSync(path));
  const data = findUnique(bytes, new TextEncoder().encode(placeholder), path);
  const dataspace = data - SCALAR_DATASPACE.length;
  const datatypeAt = dataspace - STRING_DATATYPE_SIZE;
  const header = datatypeAt - (name.length + 1) - 9;
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  if (bytes[header] !== ATTRIBUTE_MESSAGE_VERSION || view.getUint16(header + 2, true) !== name.length + 1 || view.getUint16(header + 4, true) !== STRING_DATATYPE_SIZE || view.getUint16(header + 6, true) !== SCALAR_DATASPACE.length) {
    throw new SonataError(`could not rewrite attribute '${name}' as an enum: unexpected layout`, path);
  }
  view.setUint16(header + 4, datatype.length, true);
  bytes.set(datatype, datatypeAt);
  bytes.set(SCALAR_DATASPACE, datatypeAt + datatype.length);
  bytes[datatypeAt + datatype.length + SCALAR_DATASPACE.length] = value;
  updateHeaderChecksum(bytes, header, path);
  writeFileSync(path, bytes);
}
function enumDatatype(members) {
  const names = Object.keys(members).sort();
  const encoder = new TextEncoder();
  const parts = [
    56,
    names.length & 255,
    names.length >> 8,
    0,
    // version 3, class 8 (enum); member count
    1,
    0,
    0,
    0,
    // size: 1 byte
    16,
    0,
    0,
    0,
    1,
    0,
    0,
    0,
    0,
    0,
    8,
    0
    // base: version 1 fixed-point, unsigned, 1 byte, 8 bits
  ];
  for (const name of names) parts.push(...encoder.encode(name), 0);
  for (const name of names) parts.push(members[name]);
  return Uint8Array.from(parts);
}
function placeholderText(length) {
  const marker = "blueetl-enum-attribute-placeholder-";
  return marker.repeat(Math.ceil(length / marker.length)).slice(0, length);
}
function findUnique(bytes, needle, path) {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const at = buffer.indexOf(needle);
  if (at < 0 || buffer.indexOf(needle, at + 1) >= 0) {
    throw new SonataError("could not find the enum attribute placeholder", path);
  }
  return at;
}
function updateHeaderChecksum(bytes, offset, path) {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  for (let start = offset; start >= 0; start--) {
    if (bytes[start] !== 79 || bytes[start + 1] !== 72 || bytes[start + 2] !== 68 || bytes[start + 3] !== 82) {
      continue;
    }
    const flags = bytes[start + 5];
    let p = start + 6 + (flags & 32 ? 16 : 0) + (flags & 16 ? 4 : 0);
    const width = 1 << (flags & 3);
    let size = 0;
    for (let i = 0; i < width; i++) size += bytes[p + i] * 2 ** (8 * i);
    p += width;
    if (offset < p + size) {
      view.setUint32(p + size, lookup3(bytes.subarray(start, p + size)), true);
      return;
    }
  }
  throw new SonataError("could not find the object header of the enum attribute", path);
}

// src/sonata/write/writers.ts
var CHUNK = 1 << 20;
var SORTING_CODES = { none: 0, by_id: 1, by_time: 2 };
async function writeNodes(path, populations) {
  const h5wasm = await h5Ready();
  const file = new h5wasm.File(path, "w");
  try {
    const nodes = file.create_group("nodes");
    for (const population of populations) writeNodePopulation(nodes, population, path);
  } finally {
    file.close();
  }
}
function writeNodePopulation(nodes, population, path) {
  const { name, size } = population;
  const check = (key, column) => {
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
    const library2 = group0.create_group("@library");
    for (const [key, { codes, values }] of enumerations) {
      check(key, codes);
      group0.create_dataset({ name: key, data: codes });
      library2.create_dataset({ name: key, data: values });
    }
  }
  const dynamics = Object.entries(population.dynamics ?? {});
  if (dynamics.length > 0) {
    const group2 = group0.create_group("dynamics_params");
    for (const [key, column] of dynamics) {
      check(key, column);
      group2.create_dataset({ name: key, data: column });
    }
  }
}
var SpikeWriter = class _SpikeWriter {
  constructor(file, timestamps, nodeIds) {
    this.file = file;
    this.timestamps = timestamps;
    this.nodeIds = nodeIds;
  }
  file;
  timestamps;
  nodeIds;
  count = 0;
  static async create(path, population, sorting = "by_time") {
    const h5wasm = await h5Ready();
    const skeleton = new h5wasm.File(path, "w");
    skeleton.create_group("spikes").create_group(population);
    skeleton.close();
    writeEnumAttribute(path, `spikes/${population}`, "sorting", SORTING_CODES, SORTING_CODES[sorting]);
    const file = new h5wasm.File(path, "a");
    const group = file.get(`spikes/${population}`);
    const timestamps = resizable(group, "timestamps", new Float64Array(0), "<d");
    timestamps.create_attribute("units", "ms");
    const nodeIds = resizable(group, "node_ids", new BigUint64Array(0), "<Q");
    return new _SpikeWriter(file, timestamps, nodeIds);
  }
  get size() {
    return this.count;
  }
  append(nodeIds, times) {
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
  close() {
    this.file.close();
  }
};
var FrameReportWriter = class _FrameReportWriter {
  constructor(file, data, columns) {
    this.file = file;
    this.data = data;
    this.columns = columns;
  }
  file;
  data;
  columns;
  rows = 0;
  static async create(path, population, layout) {
    const h5wasm = await h5Ready();
    const nodes = layout.nodeIds.length;
    const perNode = layout.elementsPerNode ?? new Uint32Array(nodes).fill(1);
    const pointers = new BigUint64Array(nodes + 1);
    for (let i = 0; i < nodes; i++) pointers[i + 1] = pointers[i] + BigInt(perNode[i]);
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
      dtype: "<f"
    });
    data.create_attribute("units", layout.dataUnits ?? "mV");
    return new _FrameReportWriter(file, data, columns);
  }
  /** Append whole frames: `values` holds rows x columns values, row-major. */
  appendFrames(values) {
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
  get frames() {
    return this.rows;
  }
  close() {
    this.file.close();
  }
};
function resizable(group, name, empty, dtype) {
  return group.create_dataset({ name, data: empty, shape: [0], maxshape: [null], chunks: [CHUNK], dtype });
}
function widenToUint64(ids) {
  const out = new BigUint64Array(ids.length);
  const words = new Uint32Array(out.buffer);
  for (let i = 0; i < ids.length; i++) words[2 * i] = ids[i];
  return out;
}
function isAscending(ids) {
  for (let i = 1; i < ids.length; i++) if (ids[i] < ids[i - 1]) return false;
  return true;
}

// src/generate/random.ts
var Random = class {
  s0;
  s1;
  s2;
  s3;
  spare;
  /** An independent stream for `seed` and the stream ids (e.g. simulation index). */
  constructor(seed, ...stream) {
    let h = splitmix32(seed >>> 0);
    for (const id of stream) h = splitmix32((h ^ id >>> 0) >>> 0);
    this.s0 = splitmix32(h + 1);
    this.s1 = splitmix32(h + 2);
    this.s2 = splitmix32(h + 3);
    this.s3 = splitmix32(h + 4) | 1;
  }
  /** A uniform 32-bit unsigned integer. */
  nextUint32() {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }
  /** Uniform in [0, 1). */
  uniform() {
    return this.nextUint32() / 4294967296;
  }
  /** Uniform integer in [0, n). */
  int(n) {
    return Math.floor(this.uniform() * n);
  }
  between(lo, hi) {
    return lo + (hi - lo) * this.uniform();
  }
  /** Standard normal (Box-Muller, both values used). */
  normal() {
    if (this.spare !== void 0) {
      const value = this.spare;
      this.spare = void 0;
      return value;
    }
    const u = 1 - this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
  /** Exponential with the given mean. */
  exponential(mean) {
    return -mean * Math.log(1 - this.uniform());
  }
  /** An index drawn with the given (unnormalised) weights. */
  weighted(weights) {
    const total = weights.reduce((a, b) => a + b, 0);
    let x = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    return weights.length - 1;
  }
  /** `k` distinct integers of [0, n), sorted. */
  sample(n, k) {
    const pool = Uint32Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
    }
    return pool.slice(0, k).sort();
  }
};
function rotl(x, k) {
  return (x << k | x >>> 32 - k) >>> 0;
}
function splitmix32(x) {
  let z = x + 2654435769 >>> 0;
  z = Math.imul(z ^ z >>> 16, 2246822507) >>> 0;
  z = Math.imul(z ^ z >>> 13, 3266489909) >>> 0;
  return (z ^ z >>> 16) >>> 0;
}

// src/generate/activity.ts
var SIMULATION_DT = 0.025;
var STIMULUS_PERIOD = 200;
var EVOKED_BEFORE = 20;
var EVOKED_LENGTH = 150;
var REFRACTORY = 2;
var BLOCK = 100;
var RESPONSE_PROBABILITY = [0.1, 0.25, 0.3, 0.55, 0.4, 0.25];
var RESPONSE_LATENCY = [10, 8, 7, 4, 7, 9];
function stimuli(durationMs) {
  const start = Math.floor(0.4 * durationMs / 10) * 10;
  const count = Math.floor((durationMs - start - (EVOKED_LENGTH - EVOKED_BEFORE)) / STIMULUS_PERIOD) + 1;
  if (count < 1 || start < 50) throw new Error(`--duration-ms ${durationMs} is too short: at least 500 ms are needed`);
  return { start, period: STIMULUS_PERIOD, count };
}
function firingRates(neurons, meanRateHz, seed) {
  const random = new Random(seed, 2);
  const rates = Float64Array.from(
    { length: neurons.size },
    (_, i) => (neurons.inhibitory[i] ? 3 : 1) * Math.exp(0.5 * random.normal())
  );
  const mean = rates.reduce((a, b) => a + b, 0) / Math.max(rates.length, 1);
  return rates.map((r) => r * meanRateHz / mean);
}
function* simulate(neurons, rates, durationMs, rateFactor, random) {
  const n = neurons.size;
  const schedule = stimuli(durationMs);
  const next = Float64Array.from(rates, (r) => firstSpike(r * rateFactor, random));
  const pending = new SpikeBuffer();
  let stimulus = 0;
  for (let start = 0; start < durationMs; start += BLOCK) {
    const stop = Math.min(durationMs, start + BLOCK);
    const block = new SpikeBuffer();
    for (let i = 0; i < n; i++) {
      const meanInterval = 1e3 / (rates[i] * rateFactor);
      while (next[i] < stop) {
        block.push(next[i], i);
        next[i] += REFRACTORY + random.exponential(Math.max(meanInterval - REFRACTORY, 0.1));
      }
    }
    for (; stimulus < schedule.count && schedule.start + stimulus * schedule.period < stop; stimulus++) {
      respond(neurons, schedule.start + stimulus * schedule.period, random, pending);
    }
    pending.moveBefore(stop, block);
    yield { start, stop, spikes: block.sorted(n, durationMs) };
  }
}
function firstSpike(rateHz, random) {
  return random.exponential(1e3 / rateHz);
}
function respond(neurons, t, random, out) {
  for (let i = 0; i < neurons.size; i++) {
    const layer = neurons.layer[i];
    if (random.uniform() >= RESPONSE_PROBABILITY[layer]) continue;
    let time = t + RESPONSE_LATENCY[layer] + 1.5 * Math.abs(random.normal());
    const burst = 1 + random.int(3);
    for (let k = 0; k < burst; k++) {
      out.push(time, i);
      time += 2 + 2 * random.uniform();
    }
  }
}
var SpikeBuffer = class {
  times = new Float64Array(1024);
  ids = new Uint32Array(1024);
  size = 0;
  push(time, id) {
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
  moveBefore(t, target) {
    let kept = 0;
    for (let i = 0; i < this.size; i++) {
      if (this.times[i] < t) target.push(this.times[i], this.ids[i]);
      else {
        this.times[kept] = this.times[i];
        this.ids[kept] = this.ids[i];
        kept++;
      }
    }
    this.size = kept;
  }
  /** The spikes on the simulation's time grid, sorted by time then node, without duplicates. */
  sorted(nodes, durationMs) {
    const keys = new Float64Array(this.size);
    let m = 0;
    for (let i = 0; i < this.size; i++) {
      const tick = Math.round(this.times[i] / SIMULATION_DT);
      if (tick * SIMULATION_DT < durationMs) keys[m++] = tick * nodes + this.ids[i];
    }
    const sorted = keys.subarray(0, m).sort();
    const nodeIds = new Uint32Array(m);
    const times = new Float64Array(m);
    let k = 0;
    for (let i = 0; i < m; i++) {
      if (i > 0 && sorted[i] === sorted[i - 1]) continue;
      const tick = Math.floor(sorted[i] / nodes);
      nodeIds[k] = sorted[i] - tick * nodes;
      times[k] = tick * SIMULATION_DT;
      k++;
    }
    return { nodeIds: nodeIds.subarray(0, k), times: times.subarray(0, k) };
  }
};
var SomaVoltage = class {
  constructor(nodes, rest, dt, durationMs, random) {
    this.nodes = nodes;
    this.rest = rest;
    this.dt = dt;
    this.durationMs = durationMs;
    this.random = random;
    let max = 0;
    for (const id of nodes) max = Math.max(max, id);
    this.column = new Int32Array(max + 1).fill(-1);
    nodes.forEach((id, c) => this.column[id] = c);
    this.v = Float64Array.from(rest, (r) => r + 2 * random.normal());
  }
  nodes;
  rest;
  dt;
  durationMs;
  random;
  column;
  v;
  t = 0;
  /** Spikes of reported cells not yet shown: times and columns. */
  pendingTimes = [];
  pendingColumns = [];
  /** The frames whose time (on libsonata's accumulated grid) is before `stop`, row-major. */
  frames(stop, spikes) {
    for (let s = 0; s < spikes.times.length; s++) {
      const c = this.column[spikes.nodeIds[s]] ?? -1;
      if (c >= 0) {
        this.pendingTimes.push(spikes.times[s]);
        this.pendingColumns.push(c);
      }
    }
    const k = this.nodes.length;
    const a = this.dt / 10;
    const b = 2 * Math.sqrt(2 * a);
    let count = 0;
    for (let t = this.t; t < stop && t < this.durationMs - 1e-6; t += this.dt) count++;
    const out = new Float32Array(count * k);
    let p = 0;
    for (let f = 0; f < count; f++, this.t += this.dt) {
      const row = f * k;
      for (let c = 0; c < k; c++) {
        this.v[c] += a * (this.rest[c] - this.v[c]) + b * this.random.normal();
        out[row + c] = this.v[c];
      }
      for (; p < this.pendingTimes.length && this.pendingTimes[p] <= this.t; p++) {
        const c = this.pendingColumns[p];
        out[row + c] = 20;
        this.v[c] = -75;
      }
    }
    this.pendingTimes = this.pendingTimes.slice(p);
    this.pendingColumns = this.pendingColumns.slice(p);
    return out;
  }
};

// src/generate/circuit.ts
import { writeFileSync as writeFileSync2 } from "node:fs";
import { join } from "node:path";
var LAYERS = ["1", "2", "3", "4", "5", "6"];
var LAYER_SHARE = [0.02, 0.08, 0.17, 0.16, 0.22, 0.35];
var INHIBITORY_SHARE = 0.14;
var LAYER_DEPTH = [0, 165, 310, 700, 900, 1500, 2100];
var REGIONS = ["S1FL", "S1HL", "S1J", "S1ULp"];
var REGION_SHARE = [0.3, 0.3, 0.2, 0.2];
var EXCITATORY_MTYPES = {
  "1": [],
  "2": ["L2_IPC", "L2_TPC:A"],
  "3": ["L3_TPC:A", "L3_TPC:C"],
  "4": ["L4_SSC", "L4_TPC", "L4_UPC"],
  "5": ["L5_TPC:A", "L5_TPC:B", "L5_UPC"],
  "6": ["L6_BPC", "L6_IPC", "L6_TPC:A"]
};
var INHIBITORY_MTYPES = {
  "1": ["L1_DAC", "L1_NGC"],
  "2": ["L23_LBC", "L23_MC", "L23_NBC"],
  "3": ["L23_LBC", "L23_MC", "L23_NBC"],
  "4": ["L4_LBC", "L4_MC"],
  "5": ["L5_LBC", "L5_MC"],
  "6": ["L6_LBC", "L6_MC"]
};
var INHIBITORY_ETYPES = ["bAC", "bNAC", "cAC", "cNAC", "dSTUT", "bIR"];
function makeNeurons(size, seed) {
  const random = new Random(seed, 0);
  const allMtypes = [...new Set([...Object.values(EXCITATORY_MTYPES), ...Object.values(INHIBITORY_MTYPES)].flat())].sort();
  const region = new Uint8Array(size);
  const layer = new Uint8Array(size);
  const inhibitory = new Uint8Array(size);
  const mtype = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    region[i] = random.weighted(REGION_SHARE);
    layer[i] = random.weighted(LAYER_SHARE);
    inhibitory[i] = layer[i] === 0 || random.uniform() < INHIBITORY_SHARE ? 1 : 0;
    const names = (inhibitory[i] ? INHIBITORY_MTYPES : EXCITATORY_MTYPES)[LAYERS[layer[i]]];
    mtype[i] = allMtypes.indexOf(names[random.int(names.length)]);
  }
  const key = (i) => (region[i] * 16 + layer[i]) * 256 + mtype[i];
  const order = Uint32Array.from({ length: size }, (_, i) => i).sort((a, b) => key(a) - key(b) || a - b);
  return {
    size,
    layer: Uint8Array.from(order, (i) => layer[i]),
    inhibitory: Uint8Array.from(order, (i) => inhibitory[i]),
    region: Uint8Array.from(order, (i) => region[i]),
    mtype: Array.from(order, (i) => allMtypes[mtype[i]])
  };
}
async function writeCircuit(dir, population, neurons, seed, somaNodes) {
  await writeNodes(join(dir, "nodes.h5"), [nodePopulation(population, neurons, seed)]);
  writeFileSync2(join(dir, "node_sets.json"), nodeSetsText(population, somaNodes));
  const config = {
    version: 2,
    manifest: { $BASE_DIR: ".", $NETWORK_NODES_DIR: "$BASE_DIR" },
    node_sets_file: "$BASE_DIR/node_sets.json",
    components: {
      morphologies_dir: "$BASE_DIR/morphologies",
      biophysical_neuron_models_dir: "$BASE_DIR/emodels_hoc"
    },
    networks: {
      nodes: [{ nodes_file: "$NETWORK_NODES_DIR/nodes.h5", populations: { [population]: { type: "biophysical" } } }],
      edges: []
    }
  };
  writeFileSync2(join(dir, "circuit_config.json"), `${JSON.stringify(config, null, 2)}
`);
}
function nodePopulation(name, neurons, seed) {
  const random = new Random(seed, 1);
  const n = neurons.size;
  const inh = (i) => neurons.inhibitory[i] === 1;
  const etype = Array.from(
    { length: n },
    (_, i) => inh(i) ? INHIBITORY_ETYPES[random.int(INHIBITORY_ETYPES.length)] : "cADpyr"
  );
  const float32 = (value) => Float32Array.from({ length: n }, (_, i) => value(i));
  const angle = float32(() => random.between(-Math.PI, Math.PI));
  const depth = float32((i) => random.between(LAYER_DEPTH[neurons.layer[i]], LAYER_DEPTH[neurons.layer[i] + 1]));
  return {
    name,
    size: n,
    enumerations: {
      etype: library(etype),
      layer: library(Array.from(neurons.layer, (l) => LAYERS[l])),
      model_template: library(etype.map((e) => `hoc:${e}`)),
      model_type: library(new Array(n).fill("biophysical")),
      morph_class: library(Array.from(neurons.inhibitory, (v) => v ? "INT" : "PYR")),
      mtype: library(neurons.mtype),
      region: library(Array.from(neurons.region, (r) => REGIONS[r])),
      synapse_class: library(Array.from(neurons.inhibitory, (v) => v ? "INH" : "EXC"))
    },
    attributes: {
      morphology: neurons.mtype.map((m) => `${m.replace(":", "")}_morph_${String(random.int(300)).padStart(3, "0")}`),
      x: float32((i) => random.between(0, 1e3) + 1200 * neurons.region[i]),
      y: float32((i) => LAYER_DEPTH[LAYER_DEPTH.length - 1] - depth[i]),
      z: float32(() => random.between(0, 1e3)),
      orientation_w: float32((i) => Math.cos(angle[i] / 2)),
      orientation_x: new Float32Array(n),
      orientation_y: float32((i) => Math.sin(angle[i] / 2)),
      orientation_z: new Float32Array(n)
    },
    dynamics: {
      holding_current: float32(() => -0.05 + 0.02 * random.normal()),
      threshold_current: float32(() => Math.abs(0.1 + 0.03 * random.normal()))
    }
  };
}
function library(values) {
  const distinct = [...new Set(values)].sort();
  const code = new Map(distinct.map((v, i) => [v, i]));
  return { codes: Uint32Array.from(values, (v) => code.get(v)), values: distinct };
}
function nodeSetsText(population, somaNodes) {
  const sets = {
    All: { population },
    Excitatory: { synapse_class: "EXC" },
    Inhibitory: { synapse_class: "INH" }
  };
  for (const layer of LAYERS) sets[`Layer${layer}`] = { layer };
  sets["Layer23"] = { layer: ["2", "3"] };
  sets["Layer4_EXC"] = { layer: "4", synapse_class: "EXC" };
  sets["Layer456"] = ["Layer4", "Layer5", "Layer6"];
  sets["TPC"] = { mtype: { $regex: "_TPC" } };
  for (const region of REGIONS) sets[region] = { region };
  sets["Stimulated"] = ["Layer4", "Layer5"];
  if (somaNodes) sets["soma_report_cells"] = { node_id: [...somaNodes] };
  const lines = Object.entries(sets).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{
${lines.join(",\n")}
}
`;
}

// src/generate/configs.ts
var import_yaml = __toESM(require_dist(), 1);
function simulationConfig(spec) {
  const { stimuli: stimuli2 } = spec;
  const reports = spec.somaDt ? {
    soma: {
      cells: "soma_report_cells",
      variable_name: "v",
      sections: "soma",
      type: "compartment",
      unit: "mV",
      dt: spec.somaDt,
      start_time: 0,
      end_time: spec.durationMs,
      file_name: "soma",
      enabled: true
    }
  } : {};
  return {
    version: 1,
    manifest: { $OUTPUT_DIR: "./reporting", $CIRCUIT_DIR: "../../circuit" },
    run: { tstop: spec.durationMs, dt: SIMULATION_DT, random_seed: spec.seed },
    target_simulator: "CORENEURON",
    network: "$CIRCUIT_DIR/circuit_config.json",
    node_set: "All",
    conditions: { celsius: 34, v_init: -80, extracellular_calcium: spec.calcium },
    inputs: {
      stimulus: {
        module: "pulse",
        input_type: "current_clamp",
        node_set: "Stimulated",
        delay: stimuli2.start,
        duration: stimuli2.count * stimuli2.period,
        amp_start: 0.5,
        width: 5,
        frequency: 1e3 / stimuli2.period
      }
    },
    output: { output_dir: "$OUTPUT_DIR", spikes_file: "spikes.h5", spikes_sort_order: "by_time" },
    reports
  };
}
function campaignConfig(name, seeds, calcium, durationMs) {
  const perCalcium = seeds.length / calcium.length;
  const paths = calcium.map((_, c) => Array.from({ length: perCalcium }, (_2, s) => String(c * perCalcium + s)));
  const seedCoord = { dims: ["seed"], attrs: {}, data: seeds.slice(0, perCalcium) };
  const twoLevels = calcium.length > 1;
  return {
    dims: twoLevels ? ["ca", "seed"] : ["seed"],
    attrs: {
      path_prefix: ".",
      blue_config_template: "simulation_sonata.tmpl",
      tstop: durationMs,
      circuit_config: "../circuit/circuit_config.json"
    },
    data: twoLevels ? paths : paths[0],
    coords: twoLevels ? { ca: { dims: ["ca"], attrs: {}, data: calcium }, seed: seedCoord } : { seed: seedCoord },
    name
  };
}
var SPIKE_NEURON_CLASSES = [
  ["L1_INH", { layer: ["1"], synapse_class: ["INH"] }],
  ["L23_EXC", { layer: ["2", "3"], synapse_class: ["EXC"] }],
  ["L4_EXC", { layer: ["4"], synapse_class: ["EXC"] }],
  ["L5_EXC", { layer: ["5"], synapse_class: ["EXC"] }],
  ["L6_EXC", { layer: ["6"], synapse_class: ["EXC"] }],
  ["L26_INH", { layer: ["2", "3", "4", "5", "6"], synapse_class: ["INH"] }],
  ["L23_INH", { layer: ["2", "3"], synapse_class: ["INH"] }],
  ["L4_INH", { layer: ["4"], synapse_class: ["INH"] }],
  ["L5_INH", { layer: ["5"], synapse_class: ["INH"] }],
  ["L6_INH", { layer: ["6"], synapse_class: ["INH"] }],
  ["ALL_EXC", { synapse_class: ["EXC"] }],
  ["ALL_INH", { synapse_class: ["INH"] }]
];
var SOMA_NEURON_CLASSES = [
  ["L23_EXC", { layer: ["2", "3"], synapse_class: ["EXC"] }],
  ["L4_EXC", { layer: ["4"], synapse_class: ["EXC"] }],
  ["L56_EXC", { layer: ["5", "6"], synapse_class: ["EXC"] }],
  ["ALL_INH", { synapse_class: ["INH"] }]
];
var PRODUCT_PARAMS = [
  ["ratio", [0.25, 0.75]],
  ["bin_size", [1, 2]],
  ["sigma", [2, 4]],
  ["shift", [0, 5]],
  ["label", ["a", "b"]]
];
function analysisConfig(spec) {
  const { stimuli: stimuli2 } = spec;
  const flow = (value) => import_yaml.default.stringify(value, { collectionStyle: "flow", flowCollectionPadding: false, lineWidth: 0 }).trim();
  const evoked = {
    bounds: [0, EVOKED_LENGTH],
    initial_offset: stimuli2.start - EVOKED_BEFORE,
    n_trials: stimuli2.count,
    trial_steps_value: stimuli2.period,
    window_type: "evoked"
  };
  const lines = [
    `# BlueETL analysis config made by: ${spec.commandLine}`,
    `# stimuli at ${stimuli2.start} + k * ${stimuli2.period} ms, k = 0..${stimuli2.count - 1}`,
    "version: 4",
    "simulation_campaign: campaign/config.json",
    "cache:",
    "  path: analysis_output",
    "analysis:"
  ];
  if (spec.spikes) {
    lines.push("  spikes:", "    extraction:", "      report: {type: spikes}", "      neuron_classes:");
    for (const [name, query] of SPIKE_NEURON_CLASSES.slice(0, spec.neuronClasses)) {
      lines.push(`        ${name}: ${flow({ query })}`);
    }
    lines.push(
      `      population: ${flow(spec.population)}`,
      "      windows:",
      `        spont: ${flow({ bounds: [0, stimuli2.start], window_type: "spontaneous" })}`,
      `        evoked: ${flow(evoked)}`
    );
    if (spec.windows === 3) {
      const steps = Array.from({ length: Math.min(stimuli2.count, 4) }, (_, i) => i * stimuli2.period);
      const early = { bounds: [0, 60], initial_offset: stimuli2.start, trial_steps_list: steps, window_type: "evoked" };
      lines.push(`        evoked_list: ${flow(early)}`);
    }
    lines.push(
      "    features:",
      "    - type: multi",
      "      groupby: [simulation_id, circuit_id, neuron_class, window]",
      "      function: blueetl.external.bnac.calculate_features.calculate_features_multi",
      "      params: {export_all_neurons: true}"
    );
    const product = paramsProduct(spec.paramCombos);
    if (product) lines.push(`      params_product: ${flow(product)}`);
  }
  if (spec.soma) {
    lines.push("  soma:", "    extraction:", "      report: {type: soma, name: soma}", "      neuron_classes:");
    for (const [name, query] of SOMA_NEURON_CLASSES) lines.push(`        ${name}: ${flow({ query })}`);
    lines.push(
      `      population: ${flow(spec.population)}`,
      "      windows:",
      `        spont: ${flow({ bounds: [0, stimuli2.start], t_step: 0.5, window_type: "spontaneous" })}`,
      `        evoked: ${flow(evoked)}`,
      "    features:",
      "    - type: multi",
      "      groupby: [simulation_id, circuit_id]",
      "      function: blueetl.external.soma.calculate_features.calculate_features_by_simulation_circuit"
    );
  }
  return `${lines.join("\n")}
`;
}
function paramsProduct(combos) {
  if (combos <= 1) return void 0;
  const k = Math.log2(combos);
  if (Number.isInteger(k) && k <= PRODUCT_PARAMS.length) return Object.fromEntries(PRODUCT_PARAMS.slice(0, k));
  return { ratio: Array.from({ length: combos }, (_, i) => Math.round((i + 1) * 1e9) / 1e10) };
}

// src/generate/campaign.ts
var DEFAULT_CAMPAIGN = {
  neurons: 1e4,
  sims: 4,
  durationMs: 2e3,
  rateHz: 5,
  seed: 1,
  somaNodes: 0,
  somaDt: 0.1,
  neuronClasses: 6,
  windows: 2,
  paramCombos: 4,
  analyses: "auto",
  population: "S1nonbarrel_neurons"
};
async function makeCampaign(options, progress) {
  checkOptions(options);
  const out = resolve(options.out);
  const { population, seed, durationMs } = options;
  const schedule = stimuli(durationMs);
  const withSoma = options.somaNodes > 0;
  const neurons = makeNeurons(options.neurons, seed);
  const somaNodes = withSoma ? new Random(seed, 3).sample(options.neurons, options.somaNodes) : void 0;
  mkdirSync(join2(out, "circuit"), { recursive: true });
  await writeCircuit(join2(out, "circuit"), population, neurons, seed, somaNodes);
  const rates = firingRates(neurons, options.rateHz, seed);
  const calcium = options.sims % 2 === 0 ? [1.05, 1.2] : [1.1];
  const rateFactors = calcium.length === 2 ? [0.9, 1.1] : [1];
  const perCalcium = options.sims / calcium.length;
  const seedRandom = new Random(seed, 4);
  const distinctSeeds = Array.from({ length: perCalcium }, () => 1e5 + seedRandom.int(9e5));
  const seeds = calcium.flatMap(() => distinctSeeds);
  const name = `synthetic-n${options.neurons}-s${options.sims}-t${durationMs}-seed${seed}`;
  writeJson(join2(out, "campaign", "config.json"), campaignConfig(name, seeds, calcium, durationMs));
  const spikes = [];
  let somaFrames;
  for (let sim = 0; sim < options.sims; sim++) {
    const level = Math.floor(sim / perCalcium);
    const dir = join2(out, "campaign", String(sim));
    mkdirSync(join2(dir, "reporting"), { recursive: true });
    writeJson(
      join2(dir, "simulation_config.json"),
      simulationConfig({
        seed: seeds[sim],
        calcium: calcium[level],
        durationMs,
        stimuli: schedule,
        somaDt: withSoma ? options.somaDt : void 0
      })
    );
    const written = await writeSimulation(dir, options, neurons, rates, rateFactors[level], sim, somaNodes);
    spikes.push(written.spikes);
    somaFrames = written.frames;
    progress?.(sim + 1, options.sims, `simulation ${sim}: ${written.spikes} spikes`);
  }
  const analysisPath = join2(out, "analysis_config.yaml");
  const spikesAnalysis = options.analyses !== "soma";
  const somaAnalysis = options.analyses === "soma" || options.analyses === "both" || options.analyses === "auto" && withSoma;
  writeFileSync3(
    analysisPath,
    analysisConfig({
      commandLine: commandLine(options),
      population,
      stimuli: schedule,
      neuronClasses: options.neuronClasses,
      windows: options.windows,
      paramCombos: options.paramCombos,
      spikes: spikesAnalysis,
      soma: somaAnalysis
    })
  );
  writeJson(join2(out, "generator.json"), {
    command: commandLine(options),
    options: { ...options, out: void 0 },
    stimuli: schedule,
    inhibitory_neurons: neurons.inhibitory.reduce((a, b) => a + b, 0),
    spikes,
    total_spikes: spikes.reduce((a, b) => a + b, 0),
    soma_frames: somaFrames
  });
  return { out, neurons: options.neurons, spikes, somaFrames, analysisConfig: analysisPath };
}
async function writeSimulation(dir, options, neurons, rates, rateFactor, sim, somaNodes) {
  const { population, seed, durationMs } = options;
  const spikeWriter = await SpikeWriter.create(join2(dir, "reporting", "spikes.h5"), population, "by_time");
  let soma;
  if (somaNodes) {
    const random = new Random(seed, 5, sim);
    const rest = Float64Array.from(somaNodes, (id) => (neurons.inhibitory[id] ? -62 : -68) + 3 * random.normal());
    soma = {
      voltage: new SomaVoltage(somaNodes, rest, options.somaDt, durationMs, random),
      writer: await FrameReportWriter.create(join2(dir, "reporting", "soma.h5"), population, {
        nodeIds: somaNodes,
        times: { start: 0, stop: durationMs, dt: options.somaDt }
      })
    };
  }
  try {
    for (const block of simulate(neurons, rates, durationMs, rateFactor, new Random(seed, 6, sim))) {
      spikeWriter.append(block.spikes.nodeIds, block.spikes.times);
      soma?.writer.appendFrames(soma.voltage.frames(block.stop, block.spikes));
    }
    return { spikes: spikeWriter.size, frames: soma?.writer.frames };
  } finally {
    spikeWriter.close();
    soma?.writer.close();
  }
}
function checkOptions(options) {
  const fail = (message) => {
    throw new Error(`make-campaign: ${message}`);
  };
  if (!Number.isInteger(options.neurons) || options.neurons < 10) fail("--neurons must be an integer >= 10");
  if (!Number.isInteger(options.sims) || options.sims < 1) fail("--sims must be an integer >= 1");
  if (!(options.rateHz > 0)) fail("--rate-hz must be > 0");
  if (!(options.somaDt > 0)) fail("--soma-dt must be > 0");
  if (!Number.isInteger(options.somaNodes) || options.somaNodes < 0 || options.somaNodes > options.neurons) {
    fail("--soma-nodes must be between 0 and --neurons");
  }
  if (options.neuronClasses < 1 || options.neuronClasses > SPIKE_NEURON_CLASSES.length) {
    fail(`--neuron-classes must be between 1 and ${SPIKE_NEURON_CLASSES.length}`);
  }
  if ((options.analyses === "soma" || options.analyses === "both") && options.somaNodes === 0) {
    fail("a soma analysis needs --soma-nodes > 0");
  }
  if (!Number.isInteger(options.paramCombos) || options.paramCombos < 1) fail("--param-combos must be an integer >= 1");
}
function commandLine(options) {
  const o = options;
  return [
    "blueetl make-campaign",
    `--neurons ${o.neurons} --sims ${o.sims} --duration-ms ${o.durationMs} --rate-hz ${o.rateHz} --seed ${o.seed}`,
    o.somaNodes ? `--soma-nodes ${o.somaNodes} --soma-dt ${o.somaDt}` : "",
    `--neuron-classes ${o.neuronClasses} --windows ${o.windows} --param-combos ${o.paramCombos}`,
    `--analyses ${o.analyses} --population ${o.population}`
  ].filter(Boolean).join(" ");
}
function writeJson(path, value) {
  mkdirSync(resolve(path, ".."), { recursive: true });
  writeFileSync3(path, `${JSON.stringify(value, null, 2)}
`);
}

// src/generate/convert-spikes.ts
var import_yaml2 = __toESM(require_dist(), 1);
import { createReadStream, existsSync, mkdirSync as mkdirSync2, writeFileSync as writeFileSync4 } from "node:fs";
import { join as join3, resolve as resolve2 } from "node:path";
import { createInterface } from "node:readline";
var DEFAULT_NODE_POPULATION = "synthetic";
async function convertSpikes(input, outputDir, population = DEFAULT_NODE_POPULATION) {
  const { nodeIds, times } = await readSpikesCsv(input);
  const order = sortedByTime(nodeIds, times);
  let maxId = -1;
  let maxTime = -Infinity;
  for (let i = 0; i < times.length; i++) {
    if (nodeIds[i] > maxId) maxId = nodeIds[i];
    if (times[i] > maxTime) maxTime = times[i];
  }
  const out = resolve2(outputDir);
  for (const dir of ["circuit", "simulation"]) mkdirSync2(join3(out, dir), { recursive: true });
  await writeNodes(join3(out, "circuit", "synthetic_nodes.h5"), [{ name: population, size: maxId + 1, attributes: { _: new Int8Array(maxId + 1) } }]);
  const json = (path, value) => writeFileSync4(join3(out, path), `${JSON.stringify(value, null, 2)}
`);
  json("circuit/node_sets.json", { empty: { population, node_id: [] } });
  json("circuit/circuit_config.json", {
    version: "2.4",
    metadata: { status: "partial" },
    node_sets_file: "node_sets.json",
    networks: { nodes: [{ nodes_file: "synthetic_nodes.h5", populations: { [population]: {} } }], edges: [] }
  });
  const writer = await SpikeWriter.create(join3(out, "simulation", "synthetic_spikes.h5"), population, "by_time");
  writer.append(Uint32Array.from(order, (i) => nodeIds[i]), Float64Array.from(order, (i) => times[i]));
  writer.close();
  json("simulation/simulation_config.json", {
    version: "2.4",
    network: "../circuit/circuit_config.json",
    run: { tstop: Math.ceil(maxTime), dt: 1, random_seed: 0 },
    output: { output_dir: ".", spikes_file: "synthetic_spikes.h5" },
    metadata: { note: "Synthetic simulation" }
  });
  const campaign = {
    format: "blueetl",
    version: 1,
    name: "synthetic",
    attrs: { path_prefix: out, circuit_config: join3(out, "circuit", "circuit_config.json"), __coupled__: "coupled" },
    data: [{ simulation_path: "simulation/simulation_config.json" }]
  };
  writeFileSync4(join3(out, "simulation_campaign_config.json"), import_yaml2.default.stringify(campaign));
  writeFileSync4(join3(out, "analysis_config.yaml"), import_yaml2.default.stringify(analysisConfig2(population)));
  return { spikes: times.length, neurons: maxId + 1, analysisConfig: join3(out, "analysis_config.yaml") };
}
function analysisConfig2(population) {
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
          windows: { w1: { bounds: [0, 1e3] }, w2: { bounds: [1e3, 2e3] } }
        },
        features: [
          {
            type: "multi",
            groupby: ["simulation_id", "circuit_id", "neuron_class", "window"],
            function: "blueetl.external.bnac.calculate_features.calculate_features_multi",
            params: { export_all_neurons: true }
          }
        ]
      }
    }
  };
}
async function readSpikesCsv(path) {
  const nodeIds = new ChunkedArray();
  const times = new ChunkedArray();
  let columns;
  let line = 0;
  if (!existsSync(path)) throw new Error(`${path}: the CSV file does not exist`);
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const text of lines) {
    line++;
    if (text === "") continue;
    const fields = text.split(" ");
    if (!columns) {
      const find = (names) => fields.findIndex((f) => names.includes(f));
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
function sortedByTime(nodeIds, times) {
  const order = Uint32Array.from({ length: times.length }, (_, i) => i);
  return order.sort((a, b) => times[a] - times[b] || nodeIds[a] - nodeIds[b]);
}
var ChunkedArray = class {
  chunks = [];
  current = new Float64Array(1 << 16);
  used = 0;
  length = 0;
  push(value) {
    if (this.used === this.current.length) {
      this.chunks.push(this.current);
      this.current = new Float64Array(this.current.length);
      this.used = 0;
    }
    this.current[this.used++] = value;
    this.length++;
  }
  toArray() {
    const out = new Float64Array(this.length);
    let at = 0;
    for (const chunk of [...this.chunks, this.current.subarray(0, this.used)]) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
};

export {
  DEFAULT_CAMPAIGN,
  makeCampaign,
  DEFAULT_NODE_POPULATION,
  convertSpikes
};
