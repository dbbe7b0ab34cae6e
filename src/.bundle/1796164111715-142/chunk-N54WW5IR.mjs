import { createRequire as __blueetlCreateRequire } from 'node:module'; const require = __blueetlCreateRequire(import.meta.url);
import {
  H5File,
  SonataError,
  attribute,
  firstNonFinite,
  isEnumDataset,
  isFloatDataset,
  isIntegerDataset,
  isStringDataset,
  length,
  readBlock,
  readFloat64Into,
  readNodeIdsInto,
  readNumeric,
  readStrings,
  rowsPerBlockRead,
  toFloat64,
  toNodeIds,
  visitFloat64
} from "./chunk-IL5HNKFS.mjs";

// src/sonata/circuit-config.ts
import { dirname, resolve as resolve2 } from "node:path";

// src/sonata/json-config.ts
import { readFileSync } from "node:fs";
import { posix, resolve } from "node:path";
var VARIABLE_NAME = /^\$[a-zA-Z0-9_]*$/;
var MAX_EXPANSIONS = 10;
function readJsonFile(path) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new SonataError("file not found", path);
  }
  return parseJson(text, path);
}
function parseJson(text, file) {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error.message;
    const at = / at position (\d+)/.exec(message);
    const before = at ? text.slice(0, Number(at[1])) : "";
    const where = at ? ` at line ${before.split("\n").length}, column ${before.length - before.lastIndexOf("\n")}` : "";
    throw new SonataError(`invalid JSON: ${message.replace(/ (in JSON )?at position \d+.*$/, where)}`, file);
  }
}
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function readConfigWithManifest(path) {
  const raw = readJsonFile(path);
  if (!isObject(raw)) throw new SonataError("the config must be a JSON object", path);
  const variables = manifestVariables(raw, path);
  const expanded = expandVariables(raw, variables);
  checkNoUnexpandedVariable(expanded, path, "");
  return expanded;
}
function manifestVariables(config, file) {
  const manifest = config["manifest"];
  const variables = /* @__PURE__ */ new Map();
  if (manifest === void 0) return variables;
  if (!isObject(manifest)) throw new SonataError("'manifest' must be an object", file);
  for (const [name, value] of Object.entries(manifest)) {
    if (!VARIABLE_NAME.test(name)) {
      throw new SonataError(`invalid manifest variable '${name}': expected $NAME`, file);
    }
    if (typeof value !== "string") {
      throw new SonataError(`manifest variable '${name}' must be a string`, file);
    }
    variables.set(name, value);
  }
  const names = [...variables.keys()].sort();
  for (let iteration = 1; ; iteration++) {
    let changed = false;
    const next = new Map(variables);
    for (const name of names) {
      for (const [other, value] of next) {
        const at = value.indexOf(name);
        if (at >= 0) {
          next.set(other, value.slice(0, at) + variables.get(name) + value.slice(at + name.length));
          changed = true;
        }
      }
    }
    if (!changed) return next;
    if (iteration >= MAX_EXPANSIONS) {
      throw new SonataError("manifest variables refer to each other in a cycle", file);
    }
    variables.clear();
    for (const [k, v] of next) variables.set(k, v);
  }
}
function expandVariables(value, variables) {
  if (typeof value === "string") return expandString(value, variables);
  if (Array.isArray(value)) return value.map((v) => expandVariables(v, variables));
  if (isObject(value)) {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = expandVariables(v, variables);
    return out;
  }
  return value;
}
function expandString(text, variables) {
  let out = text;
  let replaced = false;
  for (const name of [...variables.keys()].sort()) {
    const at = out.indexOf(name);
    if (at >= 0) {
      out = out.slice(0, at) + variables.get(name) + out.slice(at + name.length);
      replaced = true;
    }
  }
  return replaced ? normalizeLexically(out) : out;
}
function checkNoUnexpandedVariable(value, file, key) {
  if (typeof value === "string") {
    const match = /(?:^|\/)(\$[A-Za-z_][A-Za-z0-9_]*)/.exec(value);
    if (match) {
      throw new SonataError(
        `'${key}' uses the manifest variable ${match[1]}, which the manifest does not define`,
        file
      );
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkNoUnexpandedVariable(v, file, `${key}[${i}]`));
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (key === "" && k === "manifest") continue;
      checkNoUnexpandedVariable(v, file, key ? `${key}.${k}` : k);
    }
  }
}
function normalizeLexically(path) {
  if (path === "") return path;
  const normal = posix.normalize(path);
  return normal === "./" ? "." : normal;
}
function toAbsolute(base, path) {
  return resolve(base, path);
}
function optionalString(object, key, file, where) {
  const value = object[key];
  if (value === void 0 || value === null) return void 0;
  if (typeof value !== "string") throw new SonataError(`'${where}${key}' must be a string`, file);
  return value;
}
function requiredNumber(object, key, file, where) {
  const value = object[key];
  if (value === void 0) throw new SonataError(`'${where}${key}' is required`, file);
  if (typeof value !== "number") throw new SonataError(`'${where}${key}' must be a number`, file);
  return value;
}

// src/sonata/circuit-config.ts
var CircuitConfig = class _CircuitConfig {
  constructor(path, json) {
    this.path = path;
    const base = dirname(path);
    this.json = resolvePaths(json, base);
    const nodeSetsFile = optionalString(this.json, "node_sets_file", path, "");
    this.nodeSetsFile = nodeSetsFile || void 0;
    const components = this.json["components"];
    this.components = isObject(components) ? components : {};
    this.nodes = parseNodePopulations(this.json, this.components, path);
  }
  path;
  /** The config with manifest variables expanded and every file or dir path made absolute. */
  json;
  nodeSetsFile;
  components;
  nodes;
  static fromFile(path) {
    const absolute = resolve2(path);
    return new _CircuitConfig(absolute, readConfigWithManifest(absolute));
  }
  /** Node population names, in the order of the config. */
  get nodePopulationNames() {
    return [...this.nodes.keys()];
  }
  nodePopulation(name) {
    const population = this.nodes.get(name);
    if (!population) {
      const known = this.nodePopulationNames.join(", ") || "none";
      throw new SonataError(`unknown node population '${name}' (the circuit has: ${known})`, this.path);
    }
    return population;
  }
};
function isPathKey(key) {
  return key.endsWith("_file") || key.endsWith("_dir") || key === "alternate_morphologies";
}
function resolvePaths(value, base, pathValued = false) {
  if (typeof value === "string") return pathValued && value !== "" ? toAbsolute(base, value) : value;
  if (Array.isArray(value)) return value.map((v) => resolvePaths(v, base, pathValued));
  if (isObject(value)) {
    const out = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = key === "manifest" ? v : resolvePaths(v, base, pathValued || isPathKey(key));
    }
    return out;
  }
  return value;
}
function parseNodePopulations(json, components, file) {
  const populations = /* @__PURE__ */ new Map();
  const networks = json["networks"];
  if (networks === void 0) {
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
      const properties = { ...components, ...isObject(value) ? value : {} };
      populations.set(name, {
        name,
        nodesFile,
        nodeTypesFile: optionalString(entry, "node_types_file", file, where) || void 0,
        type: typeof properties["type"] === "string" ? properties["type"] : "biophysical",
        properties
      });
    }
  });
  return populations;
}

// src/sonata/simulation-config.ts
import { dirname as dirname2, extname, resolve as resolve3 } from "node:path";
var SORT_ORDERS = ["none", "by_id", "by_time"];
var SimulationConfig = class _SimulationConfig {
  constructor(path, json) {
    this.path = path;
    this.json = json;
    const base = dirname2(path);
    this.network = toAbsolute(base, optionalString(json, "network", path, "") ?? "circuit_config.json");
    this.run = parseRun(json, path);
    this.output = parseOutput(json, base, path);
    this.nodeSet = optionalString(json, "node_set", path, "");
    const nodeSetsFile = optionalString(json, "node_sets_file", path, "");
    this.nodeSetsFile = nodeSetsFile ? toAbsolute(base, nodeSetsFile) : void 0;
    this.reports = parseReports(json, this.output.outputDir, this.nodeSet, path);
  }
  path;
  json;
  /** Absolute path of the circuit config (`network`, `circuit_config.json` by default). */
  network;
  run;
  output;
  nodeSet;
  nodeSetsFile;
  reports;
  static fromFile(path) {
    const absolute = resolve3(path);
    return new _SimulationConfig(absolute, readConfigWithManifest(absolute));
  }
  report(name) {
    const report = this.reports.get(name);
    if (!report) {
      const known = [...this.reports.keys()].join(", ") || "none";
      throw new SonataError(`unknown report '${name}' (the simulation has: ${known})`, this.path);
    }
    return report;
  }
};
function parseRun(json, file) {
  const run = json["run"];
  if (!isObject(run)) throw new SonataError("the 'run' section is required", file);
  const seed = run["random_seed"];
  return {
    tstop: requiredNumber(run, "tstop", file, "run."),
    dt: requiredNumber(run, "dt", file, "run."),
    randomSeed: typeof seed === "number" ? seed : void 0
  };
}
function parseOutput(json, base, file) {
  const output = json["output"] ?? {};
  if (!isObject(output)) throw new SonataError("'output' must be an object", file);
  const outputDir = toAbsolute(base, optionalString(output, "output_dir", file, "output.") ?? "output");
  const sortOrder = optionalString(output, "spikes_sort_order", file, "output.") ?? "by_time";
  if (!SORT_ORDERS.includes(sortOrder)) {
    throw new SonataError(
      `'output.spikes_sort_order' is '${sortOrder}': expected none, by_id or by_time`,
      file
    );
  }
  const logFile = optionalString(output, "log_file", file, "output.");
  return {
    outputDir,
    spikesFile: toAbsolute(outputDir, optionalString(output, "spikes_file", file, "output.") ?? "out.h5"),
    spikesSortOrder: sortOrder,
    logFile: logFile ? toAbsolute(outputDir, logFile) : void 0
  };
}
function parseReports(json, outputDir, nodeSet, file) {
  const reports = /* @__PURE__ */ new Map();
  const section = json["reports"];
  if (section === void 0 || section === null) return reports;
  if (!isObject(section)) throw new SonataError("'reports' must be an object", file);
  for (const [name, entry] of Object.entries(section)) {
    const where = `reports.${name}.`;
    if (!isObject(entry)) throw new SonataError(`'reports.${name}' must be an object`, file);
    const type = optionalString(entry, "type", file, where);
    if (!type) throw new SonataError(`'${where}type' is required`, file);
    let fileName = optionalString(entry, "file_name", file, where) ?? `${name}.h5`;
    if (extname(fileName) !== ".h5") fileName += ".h5";
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
      enabled: typeof enabled === "boolean" ? enabled : true
    });
  }
  return reports;
}

// src/sonata/selection.ts
function allNodes(n) {
  const ids = new Uint32Array(n);
  for (let i = 0; i < n; i++) ids[i] = i;
  return ids;
}
function isSortedUnique(ids) {
  for (let i = 1; i < ids.length; i++) if (ids[i] <= ids[i - 1]) return false;
  return true;
}
function sortedUnique(ids) {
  if (ids instanceof Uint32Array && isSortedUnique(ids)) return ids;
  const sorted = Uint32Array.from(ids).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i];
  }
  return sorted.slice(0, n);
}
function intersectSorted(a, b) {
  const out = new Uint32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x === y) {
      out[n++] = x;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out.slice(0, n);
}
function unionSorted(a, b) {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i] : Infinity;
    const y = j < b.length ? b[j] : Infinity;
    if (x <= y) {
      out[n++] = x;
      i++;
      if (x === y) j++;
    } else {
      out[n++] = y;
      j++;
    }
  }
  return out.slice(0, n);
}
function selectWhere(n, keep) {
  const out = new Uint32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if (keep(i)) out[m++] = i;
  return out.slice(0, m);
}
function readRuns(sorted, maxGap) {
  const runs = [];
  let start = -1;
  let stop = -1;
  for (const id of sorted) {
    if (start < 0) {
      start = id;
      stop = id + 1;
    } else if (id - stop <= maxGap) {
      stop = id + 1;
    } else {
      runs.push([start, stop]);
      start = id;
      stop = id + 1;
    }
  }
  if (start >= 0) runs.push([start, stop]);
  return runs;
}
function membership(ids) {
  let max = -1;
  for (let i = 0; i < ids.length; i++) if (ids[i] > max) max = ids[i];
  const mask = new Uint8Array(max + 1);
  for (let i = 0; i < ids.length; i++) mask[ids[i]] = 1;
  return mask;
}

// src/sonata/population-attributes.ts
var READ_GAP = 4096;
var AttributePopulation = class {
  constructor(file, root, name, size, element) {
    this.file = file;
    this.root = root;
    this.name = name;
    this.size = size;
    this.element = element;
  }
  file;
  root;
  name;
  size;
  element;
  get path() {
    return this.file.path;
  }
  /** Attributes of group 0, sorted by name (`@library` ones included, dynamics excluded). */
  get attributeNames() {
    return this.datasetNames(`${this.root}/0`);
  }
  /** Attributes stored as codes into an `@library` list of strings. */
  get enumerationNames() {
    return this.datasetNames(`${this.root}/0/@library`).filter((name) => this.hasAttribute(name));
  }
  get dynamicsAttributeNames() {
    return this.datasetNames(`${this.root}/0/dynamics_params`);
  }
  hasAttribute(name) {
    return this.file.has(`${this.root}/0/${name}`) && !this.file.isGroup(`${this.root}/0/${name}`);
  }
  attributeKind(name) {
    if (this.isEnumeration(name)) return "enumeration";
    const dataset = this.attributeDataset(name);
    if (isStringDataset(dataset)) return "string";
    if (isFloatDataset(dataset)) return "float";
    if (isIntegerDataset(dataset) || isEnumDataset(dataset)) return "integer";
    throw new SonataError(`attribute '${name}' of population '${this.name}' has an unsupported type`, this.path);
  }
  /**
   * Values of an attribute for `ids` (every element when omitted), in the order of `ids`.
   * `@library` attributes are decoded to their strings; see `getEnumeration` for the codes.
   */
  getAttribute(name, ids) {
    if (this.isEnumeration(name)) {
      const { codes, values } = this.getEnumeration(name, ids);
      return Array.from(codes, (code) => values[code]);
    }
    return this.readColumn(this.attributeDataset(name), ids);
  }
  /** Codes and values of an `@library` attribute; codes index `values`. */
  getEnumeration(name, ids) {
    if (!this.isEnumeration(name)) {
      throw new SonataError(`attribute '${name}' of population '${this.name}' is not an @library enumeration`, this.path);
    }
    const values = this.enumerationValues(name);
    const raw = this.readColumn(this.attributeDataset(name), ids);
    if (Array.isArray(raw)) {
      throw new SonataError(`attribute '${name}' of population '${this.name}' must hold integer codes`, this.path);
    }
    const codes = new Int32Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const code = Number(raw[i]);
      if (!(code >= 0 && code < values.length)) {
        throw new SonataError(
          `attribute '${name}' of population '${this.name}' has code ${code}, outside its @library of ${values.length} values`,
          this.path
        );
      }
      codes[i] = code;
    }
    return { codes, values };
  }
  /** The `@library` list of an enumerated attribute. */
  enumerationValues(name) {
    return readStrings(this.file.dataset(`${this.root}/0/@library/${name}`));
  }
  getDynamicsAttribute(name, ids) {
    const path = `${this.root}/0/dynamics_params/${name}`;
    if (!this.file.has(path)) {
      throw new SonataError(`no dynamics attribute '${name}' in population '${this.name}'`, this.path);
    }
    return this.readColumn(this.file.dataset(path), ids);
  }
  isEnumeration(name) {
    return this.file.has(`${this.root}/0/@library/${name}`) && this.hasAttribute(name);
  }
  attributeDataset(name) {
    if (!this.hasAttribute(name)) {
      throw new SonataError(`no attribute '${name}' in population '${this.name}'`, this.path);
    }
    return this.file.dataset(`${this.root}/0/${name}`);
  }
  datasetNames(group) {
    if (!this.file.isGroup(group)) return [];
    return this.file.keys(group).filter((key) => !this.file.isGroup(`${group}/${key}`)).sort();
  }
  readColumn(dataset, ids) {
    if (length(dataset) !== this.size) {
      throw new SonataError(`'${dataset.path}' has ${length(dataset)} values for the ${this.size} ${this.element}s of population '${this.name}'`, this.path);
    }
    const strings = isStringDataset(dataset);
    const read = (start, stop) => strings ? readStrings(dataset, start, stop) : readNumeric(dataset, start, stop);
    if (ids === void 0) return read(0, this.size);
    this.checkIds(ids);
    return gather(ids, this.size, read);
  }
  checkIds(ids) {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!(id >= 0 && id < this.size && Number.isInteger(id))) {
        throw new SonataError(
          `${this.element} id ${id} is out of range: population '${this.name}' has ${this.element} ids 0..${this.size - 1}`,
          this.path
        );
      }
    }
  }
};
function gather(ids, size, read) {
  if (ids.length * 8 >= size) {
    const all = read(0, size);
    return pick(all, ids.length, (i) => ids[i]);
  }
  const order = Uint32Array.from({ length: ids.length }, (_, i) => i).sort((a, b) => ids[a] - ids[b]);
  const runs = readRuns(sortedUnique(ids), READ_GAP);
  let out;
  let run = 0;
  let block;
  for (const i of order) {
    const id = ids[i];
    while (id >= runs[run][1]) {
      run++;
      block = void 0;
    }
    const [start, stop] = runs[run];
    block ??= read(start, stop);
    out ??= emptyOf(block, ids.length);
    out[i] = block[id - start];
  }
  return out ?? read(0, 0);
}
function pick(all, n, index) {
  const out = emptyOf(all, n);
  for (let i = 0; i < n; i++) out[i] = all[index(i)];
  return out;
}
function emptyOf(sample, n) {
  if (Array.isArray(sample)) return new Array(n);
  const Ctor = sample.constructor;
  return new Ctor(n);
}

// src/sonata/population-file.ts
var PopulationFile = class {
  constructor(file, top, populationKind) {
    this.file = file;
    this.top = top;
    this.populationKind = populationKind;
  }
  file;
  top;
  populationKind;
  opened = /* @__PURE__ */ new Map();
  /** Open `path` and check it has the top group of its kind (`nodes`, `spikes`, `report`). */
  static async openWithGroup(path, top, fileKind) {
    const file = await H5File.open(path);
    if (!file.isGroup(top)) {
      file.close();
      throw new SonataError(`no group '/${top}': not a SONATA ${fileKind}`, path);
    }
    return file;
  }
  get path() {
    return this.file.path;
  }
  get populationNames() {
    return this.file.keys(this.top);
  }
  /** The population `name`, opened once (what a reader has checked in it stays checked). */
  population(name) {
    let population = this.opened.get(name);
    if (population) return population;
    if (!this.file.isGroup(`${this.top}/${name}`)) {
      const known = this.populationNames.join(", ") || "none";
      throw new SonataError(`no ${this.populationKind} population '${name}' (the file has: ${known})`, this.path);
    }
    this.opened.set(name, population = this.openPopulation(name));
    return population;
  }
  close() {
    this.file.close();
  }
};

// src/sonata/nodes.ts
var NodeStorage = class _NodeStorage extends PopulationFile {
  static async open(path) {
    return new _NodeStorage(await PopulationFile.openWithGroup(path, "nodes", "nodes file"), "nodes", "node");
  }
  openPopulation(name) {
    return new NodePopulation(this.file, name);
  }
};
var NodePopulation = class extends AttributePopulation {
  constructor(file, name) {
    super(file, `nodes/${name}`, name, length(file.dataset(`nodes/${name}/node_type_id`)), "node");
  }
  nodeTypeIds(ids) {
    return this.readColumn(this.file.dataset(`${this.root}/node_type_id`), ids);
  }
  selectAll() {
    return allNodes(this.size);
  }
};

// src/sonata/edges.ts
var EdgeStorage = class _EdgeStorage extends PopulationFile {
  static async open(path) {
    return new _EdgeStorage(await PopulationFile.openWithGroup(path, "edges", "edges file"), "edges", "edge");
  }
  openPopulation(name) {
    return new EdgePopulation(this.file, name);
  }
};
var EdgePopulation = class extends AttributePopulation {
  constructor(file, name) {
    super(file, `edges/${name}`, name, length(file.dataset(`edges/${name}/source_node_id`)), "edge");
  }
  /** Node population the edges start from. */
  get source() {
    return String(attribute(this.endpoint("source"), "node_population") ?? "");
  }
  get target() {
    return String(attribute(this.endpoint("target"), "node_population") ?? "");
  }
  /** Source node of each edge of `ids` (every edge when omitted). */
  sourceNodes(ids) {
    return this.nodesOf("source", ids);
  }
  targetNodes(ids) {
    return this.nodesOf("target", ids);
  }
  endpoint(end) {
    return this.file.dataset(`${this.root}/${end}_node_id`);
  }
  nodesOf(end, ids) {
    const values = this.readColumn(this.endpoint(end), ids);
    return toNodeIds(values, `${this.path}: ${this.root}/${end}_node_id`);
  }
};

// src/sonata/node-sets.ts
var COMPARISONS = {
  $gt: (v, x) => v > x,
  $lt: (v, x) => v < x,
  $gte: (v, x) => v >= x,
  $lte: (v, x) => v <= x
};
var NodeSets = class _NodeSets {
  constructor(sets, sources) {
    this.sets = sets;
    this.sources = sources;
  }
  sets;
  sources;
  static fromFile(path) {
    return _NodeSets.parse(readJsonFile(path), path);
  }
  /** Parse node sets from JSON text or an already parsed object; `source` names it in errors. */
  static parse(content, source = "node sets") {
    const json = typeof content === "string" ? parseJson(content, source) : content;
    if (!isObject(json)) throw new SonataError("the node sets must be a JSON object", source);
    const sets = /* @__PURE__ */ new Map();
    for (const [name, value] of Object.entries(json)) {
      const set = parseNodeSet(name, value, source);
      if (set) sets.set(name, set);
    }
    checkCompounds(sets, source);
    return new _NodeSets(sets, new Map([...sets.keys()].map((name) => [name, source])));
  }
  static empty() {
    return new _NodeSets(/* @__PURE__ */ new Map(), /* @__PURE__ */ new Map());
  }
  /** Node set names, sorted. */
  get names() {
    return [...this.sets.keys()].sort();
  }
  has(name) {
    return this.sets.has(name);
  }
  /** These node sets with `other`'s added; a name defined in both takes `other`'s definition. */
  merge(other) {
    return new _NodeSets(new Map([...this.sets, ...other.sets]), new Map([...this.sources, ...other.sources]));
  }
  /** Sorted, unique ids of the nodes of `population` in the node set `name`. */
  materialize(name, population) {
    const set = this.sets.get(name);
    if (!set) {
      const where = [...new Set(this.sources.values())].join(", ") || "no node sets file";
      throw new SonataError(`unknown node set '${name}' (looked in ${where})`);
    }
    if (set.kind === "compound") {
      return set.targets.reduce(
        (ids2, target) => unionSorted(ids2, this.materialize(target, population)),
        new Uint32Array(0)
      );
    }
    let ids = population.selectAll();
    for (const clause of set.clauses) {
      ids = intersectSorted(ids, materializeClause(clause, name, population, this.sources.get(name)));
    }
    return ids;
  }
};
function parseNodeSet(name, value, source) {
  if (Array.isArray(value)) {
    if (!value.every((v) => typeof v === "string")) {
      throw new SonataError(`compound node set '${name}' must list node set names (strings)`, source);
    }
    return { kind: "compound", targets: value };
  }
  if (!isObject(value)) {
    throw new SonataError(
      `node set '${name}' must be an object or a list of names, got ${JSON.stringify(value)}`,
      source
    );
  }
  if (Object.keys(value).length === 0) return void 0;
  const clauses = Object.entries(value).map(([key, v]) => parseClause(name, key, v, source));
  return { kind: "basic", clauses };
}
function parseClause(set, key, value, source) {
  const fail = (message) => {
    throw new SonataError(`node set '${set}', key '${key}': ${message}`, source);
  };
  if (isObject(value)) return parseOperator(key, value, fail);
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) return { kind: "nothing" };
  const first = values[0];
  if (typeof first === "number") {
    if (key === "population") fail("'population' must be a string or a list of strings");
    const numbers = values.map((v) => integerOf(v, fail));
    if (key === "node_id") {
      if (numbers.some((n) => n < 0)) fail("node ids must be non-negative");
      return { kind: "node_id", ids: numbers };
    }
    return { kind: "values", attribute: key, values: numbers };
  }
  if (typeof first === "string") {
    if (key === "node_id") fail("'node_id' must be a number or a list of numbers");
    if (!values.every((v) => typeof v === "string")) fail("a list must hold only strings or only numbers");
    const strings = values;
    if (key === "population") return { kind: "population", names: strings };
    return { kind: "values", attribute: key, values: strings };
  }
  return fail(`unsupported value ${JSON.stringify(value)}: expected numbers, strings or an operator`);
}
function parseOperator(key, value, fail) {
  const entries = Object.entries(value);
  if (entries.length !== 1) fail('an operator object must have exactly one key, e.g. {"$regex": "..."}');
  const [op, operand] = entries[0];
  if (typeof operand === "number") {
    if (!(op in COMPARISONS)) fail(`operator '${op}' is not available for numbers: use $gt, $lt, $gte or $lte`);
    return { kind: "compare", attribute: key, op, value: operand };
  }
  if (typeof operand === "string") {
    if (op !== "$regex") fail(`operator '${op}' is not available for strings: use $regex`);
    try {
      return { kind: "regex", attribute: key, pattern: new RegExp(operand) };
    } catch (error) {
      return fail(`invalid regular expression: ${error.message}`);
    }
  }
  return fail(`unknown operator ${JSON.stringify(value)}`);
}
function integerOf(value, fail) {
  if (typeof value !== "number") return fail("a list must hold only numbers or only strings");
  if (!Number.isInteger(value)) return fail(`expected an integer, got ${value}`);
  return value;
}
function checkCompounds(sets, source) {
  const done = /* @__PURE__ */ new Set();
  const visit = (name, path) => {
    if (done.has(name)) return;
    const set = sets.get(name);
    if (set?.kind !== "compound") return;
    if (path.includes(name)) {
      throw new SonataError(`compound node set '${name}' contains itself: ${[...path, name].join(" -> ")}`, source);
    }
    for (const target of set.targets) {
      if (!sets.has(target)) {
        throw new SonataError(`compound node set '${name}' refers to '${target}', which is not defined`, source);
      }
      visit(target, [...path, name]);
    }
    done.add(name);
  };
  for (const name of sets.keys()) visit(name, []);
}
function materializeClause(clause, set, population, source) {
  const fail = (attribute2, message) => {
    throw new SonataError(
      `node set '${set}': attribute '${attribute2}' of population '${population.name}' ${message}`,
      source
    );
  };
  switch (clause.kind) {
    case "nothing":
      return new Uint32Array(0);
    case "population":
      return clause.names.includes(population.name) ? population.selectAll() : new Uint32Array(0);
    case "node_id":
      return sortedUnique(clause.ids.filter((id) => id < population.size));
    case "values":
      return matchValues(clause.attribute, clause.values, population, fail);
    case "regex":
      return matchStrings(clause.attribute, (v) => clause.pattern.test(v), population, fail);
    case "compare": {
      const kind = population.hasAttribute(clause.attribute) ? population.attributeKind(clause.attribute) : void 0;
      if (kind !== "integer" && kind !== "float") fail(clause.attribute, `must be numeric for ${clause.op}`);
      const values = population.getAttribute(clause.attribute);
      const compare = COMPARISONS[clause.op];
      return selectWhere(values.length, (i) => compare(Number(values[i]), clause.value));
    }
  }
}
function matchValues(attribute2, wanted, population, fail) {
  if (typeof wanted[0] === "string") {
    const set2 = new Set(wanted);
    return matchStrings(attribute2, (v) => set2.has(v), population, fail);
  }
  const kind = kindOf(attribute2, population, fail);
  if (kind === "enumeration") fail(attribute2, "is an @library enumeration: match it with strings, not numbers");
  if (kind === "float") fail(attribute2, "is floating point: exact comparison is not supported (use $gt, $lt...)");
  if (kind === "string") fail(attribute2, "holds strings: match it with strings, not numbers");
  const set = new Set(wanted);
  const values = population.getAttribute(attribute2);
  return selectWhere(values.length, (i) => set.has(Number(values[i])));
}
function matchStrings(attribute2, test, population, fail) {
  const kind = kindOf(attribute2, population, fail);
  if (kind === "enumeration") {
    const { codes, values: values2 } = population.getEnumeration(attribute2);
    const wanted = values2.map(test);
    if (!wanted.includes(true)) return new Uint32Array(0);
    return selectWhere(codes.length, (i) => wanted[codes[i]]);
  }
  if (kind !== "string") fail(attribute2, `holds ${kind} values: it cannot be matched with strings`);
  const values = population.getAttribute(attribute2);
  return selectWhere(values.length, (i) => test(values[i]));
}
function kindOf(attribute2, population, fail) {
  if (!population.hasAttribute(attribute2)) fail(attribute2, "does not exist");
  return population.attributeKind(attribute2);
}

// src/sonata/spikes.ts
var TIME_EPSILON = 1e-6;
var SPIKE_BLOCK = 4 * 1024 * 1024;
var SEARCH_SPAN = 64 * 1024;
var SORTINGS = ["none", "by_id", "by_time"];
var SpikeReader = class _SpikeReader extends PopulationFile {
  warn = (message) => process.emitWarning(message, { code: "SONATA" });
  static async open(path, options = {}) {
    const reader = new _SpikeReader(await PopulationFile.openWithGroup(path, "spikes", "spikes file"), "spikes", "spikes");
    if (options.warn) reader.warn = options.warn;
    return reader;
  }
  openPopulation(name) {
    return new SpikePopulation(this.file, name, this.warn);
  }
};
var SpikePopulation = class {
  constructor(file, name, warn = (message) => process.emitWarning(message, { code: "SONATA" })) {
    this.file = file;
    this.name = name;
    this.warn = warn;
    const root = `spikes/${name}`;
    this.timestamps = file.dataset(`${root}/timestamps`);
    this.nodeIdsDataset = file.dataset(`${root}/node_ids`);
    this.size = length(this.timestamps);
    if (length(this.nodeIdsDataset) !== this.size) {
      throw new SonataError(`population '${name}': 'node_ids' and 'timestamps' differ in length`, file.path);
    }
    this.sorting = readSorting(file, root);
    const units = attribute(this.timestamps, "units");
    this.timeUnits = typeof units === "string" ? units : void 0;
  }
  file;
  name;
  warn;
  sorting;
  /** Number of spikes. */
  size;
  timeUnits;
  timestamps;
  nodeIdsDataset;
  range;
  /** Whether the times are non-decreasing, once checked (by_time files only). */
  sortedByTime;
  get path() {
    return this.file.path;
  }
  /** First and last spike time (min and max unless sorted by time); [0, 0] when empty. */
  get timeRange() {
    this.range ??= this.computeTimeRange();
    return this.range;
  }
  /**
   * Whether a window can be found by binary search: the file says `by_time` and its times are
   * non-decreasing, checked once over the whole file (a file that is not is read as unsorted).
   */
  get isSortedByTime() {
    if (this.sorting !== "by_time") return false;
    this.sortedByTime ??= this.checkOrder();
    return this.sortedByTime;
  }
  /** Spikes of the query, in file order (grouped in the order of `nodeIds` for `by_id` files). */
  get(query = {}) {
    const plan = this.plan(query);
    const spikes = plan.filtered ? this.readFiltered(plan) : this.readExact(plan);
    const { nodeIds } = query;
    if (this.sorting === "by_id" && nodeIds && !isSortedUnique(nodeIds)) {
      return groupByRequestOrder(spikes, nodeIds);
    }
    return spikes;
  }
  /** The spikes of the query, block by block in file order: memory stays bounded by a block. */
  blocks(query = {}, blockSize = SPIKE_BLOCK) {
    return this.readBlocks(this.plan(query), blockSize);
  }
  /** Which rows to read and how to filter them. */
  plan(query) {
    const { tStart, tStop, nodeIds } = query;
    const bounded = tStart !== void 0 || tStop !== void 0;
    const [start, stop] = bounded ? this.checkedInterval(tStart, tStop) : [-Infinity, Infinity];
    if (nodeIds && nodeIds.length === 0) return { lo: 0, hi: 0, low: 0, high: 0, filtered: false };
    const [lo, hi] = this.candidateRows(start, stop);
    const mask = nodeIds ? membership(nodeIds) : void 0;
    const timeFiltered = bounded && !this.isSortedByTime;
    return {
      lo,
      hi,
      mask,
      low: timeFiltered ? start - TIME_EPSILON : -Infinity,
      high: timeFiltered ? stop + TIME_EPSILON : Infinity,
      filtered: mask !== void 0 || timeFiltered,
      nodeCount: query.nodeCount
    };
  }
  /** Blocks of the plan; with `reuse`, each block overwrites the previous one's buffers. */
  *readBlocks(plan, blockSize, reuse = false) {
    let buffer;
    for (let from = plan.lo; from < plan.hi; from += blockSize) {
      const to = Math.min(plan.hi, from + blockSize);
      if (!reuse || !buffer) buffer = { nodeIds: new Uint32Array(to - from), times: new Float64Array(to - from) };
      const spikes = { nodeIds: buffer.nodeIds.subarray(0, to - from), times: buffer.times.subarray(0, to - from) };
      this.readChecked(from, to, spikes, plan.nodeCount);
      yield plan.filtered ? filterSpikes(spikes, plan) : spikes;
    }
  }
  /** The kept spikes of every block, copied out so that no block's buffers stay alive. */
  readFiltered(plan) {
    const kept = [];
    for (const { nodeIds, times } of this.readBlocks(plan, SPIKE_BLOCK, true)) {
      kept.push({ nodeIds: nodeIds.slice(), times: times.slice() });
    }
    return concatSpikes(kept);
  }
  /** Every row of the plan, read block by block straight into the result. */
  readExact(plan) {
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
  readChecked(from, to, target, nodeCount) {
    readNodeIdsInto(this.nodeIdsDataset, from, to, target.nodeIds, `${this.path}: spikes/${this.name}/node_ids`);
    const bad = readFloat64Into(this.timestamps, from, to, target.times);
    if (bad >= 0) throw this.badTime(from + bad, target.times[bad]);
    if (nodeCount === void 0) return;
    const ids = target.nodeIds;
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] >= nodeCount) {
        throw new SonataError(
          `population '${this.name}': node id ${ids[i]} at row ${from + i} of 'node_ids' is not in the node population (${nodeCount} nodes): are these the spikes of another circuit?`,
          this.path
        );
      }
    }
  }
  badTime(row, value) {
    return new SonataError(`population '${this.name}': timestamp ${value} at row ${row} of 'timestamps' is not a finite number`, this.path);
  }
  /** One pass over the times: finite (else an error), and non-decreasing (else a warning and false). */
  checkOrder() {
    let previous = -Infinity;
    let sorted = true;
    const visit = (times, row) => {
      for (let i = 0; i < times.length; i++) {
        const t = times[i];
        if (!(t >= previous)) {
          const bad = firstNonFinite(times);
          if (bad >= 0) throw this.badTime(row + bad, times[bad]);
          this.warn(
            `${this.path}: population '${this.name}' says it is sorted by_time, but timestamp ${t} at row ${row + i} comes after ${previous}: it is read as unsorted (exact, but every read scans the whole file)`
          );
          return sorted = false;
        }
        previous = t;
      }
      return true;
    };
    for (let from = 0; from < this.size && sorted; from += SPIKE_BLOCK) visitFloat64(this.timestamps, from, Math.min(this.size, from + SPIKE_BLOCK), visit);
    for (const row of sorted && this.size > 0 ? [0, this.size - 1] : []) {
      const t = this.timeAt(row);
      if (t - t !== 0) throw this.badTime(row, t);
    }
    return sorted;
  }
  checkedInterval(tStart, tStop) {
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
  candidateRows(start, stop) {
    if (start === -Infinity && stop === Infinity || !this.isSortedByTime) return [0, this.size];
    const lo = this.firstRowAtOrAfter(start - TIME_EPSILON, false);
    const hi = this.firstRowAtOrAfter(stop + TIME_EPSILON, true);
    return [lo, Math.max(lo, hi)];
  }
  /** First row whose time is >= t (> t when `strict`), reading few single values then one slice. */
  firstRowAtOrAfter(t, strict) {
    const before = (time) => strict ? time <= t : time < t;
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
  timeAt(row) {
    return Number(readNumeric(this.timestamps, row, row + 1)[0]);
  }
  computeTimeRange() {
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
};
function readSorting(file, root) {
  const value = attribute(file.group(root), "sorting");
  if (value === void 0) return "none";
  const sorting = SORTINGS[Number(value)];
  if (sorting === void 0) {
    throw new SonataError(`'${root}' has sorting=${String(value)}: expected 0 (none), 1 (by_id) or 2 (by_time)`, file.path);
  }
  return sorting;
}
function filterSpikes({ nodeIds, times }, { mask, low, high }) {
  let n = 0;
  for (let i = 0; i < nodeIds.length; i++) {
    const t = times[i];
    const id = nodeIds[i];
    if (t >= low && t <= high && (!mask || mask[id] === 1)) {
      nodeIds[n] = id;
      times[n] = t;
      n++;
    }
  }
  return { nodeIds: nodeIds.subarray(0, n), times: times.subarray(0, n) };
}
function concatSpikes(blocks) {
  if (blocks.length === 1) return blocks[0];
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
function groupByRequestOrder(spikes, request) {
  const rank = /* @__PURE__ */ new Map();
  for (const id of request) if (!rank.has(id)) rank.set(id, rank.size);
  const counts = new Uint32Array(rank.size + 1);
  for (const id of spikes.nodeIds) counts[rank.get(id) + 1]++;
  for (let r = 1; r < counts.length; r++) counts[r] += counts[r - 1];
  const nodeIds = new Uint32Array(spikes.nodeIds.length);
  const times = new Float64Array(spikes.times.length);
  for (let i = 0; i < spikes.nodeIds.length; i++) {
    const at = counts[rank.get(spikes.nodeIds[i])]++;
    nodeIds[at] = spikes.nodeIds[i];
    times[at] = spikes.times[i];
  }
  return { nodeIds, times };
}

// src/sonata/frame-report.ts
var COLUMN_GAP = 4096;
var FrameReportReader = class _FrameReportReader extends PopulationFile {
  static async open(path) {
    return new _FrameReportReader(await PopulationFile.openWithGroup(path, "report", "frame report"), "report", "report");
  }
  openPopulation(name) {
    return new FrameReportPopulation(this.file, name);
  }
};
var FrameReportPopulation = class {
  constructor(file, name) {
    this.file = file;
    this.name = name;
    const root = `report/${name}`;
    const nodeIdsDataset = file.dataset(`${root}/mapping/node_ids`);
    this.nodeIds = toNodeIds(readNumeric(nodeIdsDataset), `${file.path}: ${root}/mapping/node_ids`);
    this.indexPointers = toFloat64(readNumeric(file.dataset(`${root}/mapping/index_pointers`)));
    if (this.indexPointers.length !== this.nodeIds.length + 1) {
      throw new SonataError(
        `'${root}/mapping/index_pointers' has ${this.indexPointers.length} values: expected one more than the ${this.nodeIds.length} node ids`,
        file.path
      );
    }
    this.elementIdsDataset = file.dataset(`${root}/mapping/element_ids`);
    const timeDataset = file.dataset(`${root}/mapping/time`);
    const [start, stop, dt] = toFloat64(readNumeric(timeDataset));
    if (start === void 0 || stop === void 0 || dt === void 0 || !(dt > 0) || !Number.isFinite(start) || !(stop >= start) || !Number.isFinite(stop)) {
      throw new SonataError(`'${root}/mapping/time' must hold (start, stop, dt), finite, with start <= stop and dt > 0 (got ${[start, stop, dt].join(", ")})`, file.path);
    }
    this.times = { start, stop, dt };
    this.data = file.dataset(`${root}/data`);
    if (!isFloatDataset(this.data) || this.data.metadata.size !== 4 || this.data.shape?.length !== 2) {
      throw new SonataError(`'${root}/data' must be a 2-D float32 dataset`, file.path);
    }
    const units = (object) => {
      const value = attribute(object, "units");
      return typeof value === "string" ? value : void 0;
    };
    this.timeUnits = units(timeDataset);
    this.dataUnits = units(this.data);
    this.sorted = Number(attribute(nodeIdsDataset, "sorted") ?? 0) !== 0;
    this.checkPointers(root);
    this.indexOfNode = /* @__PURE__ */ new Map();
    this.nodeIds.forEach((id, i) => {
      const first = this.indexOfNode.get(id);
      if (first !== void 0) {
        throw new SonataError(`'${root}/mapping/node_ids' holds node ${id} twice (at ${first} and ${i}): which columns are its data?`, file.path);
      }
      this.indexOfNode.set(id, i);
    });
  }
  file;
  name;
  times;
  timeUnits;
  dataUnits;
  /** Whether `mapping/node_ids` says it is sorted. */
  sorted;
  /** Node ids in file order. */
  nodeIds;
  /** Node `nodeIds[i]` owns the columns indexPointers[i] .. indexPointers[i + 1] - 1. */
  indexPointers;
  data;
  elementIdsDataset;
  indexOfNode;
  frameTimes;
  maxNodeId;
  /** Node i owns columns [p[i], p[i + 1]): integers, non-decreasing, within the data and the element ids. */
  checkPointers(root) {
    const pointers = this.indexPointers;
    const width = this.data.shape?.[1] ?? 0;
    const elements = length(this.elementIdsDataset);
    const fail = (message) => {
      throw new SonataError(`'${root}/mapping/index_pointers' ${message}`, this.file.path);
    };
    for (let i = 0; i < pointers.length; i++) {
      const p = pointers[i];
      if (!Number.isInteger(p) || p < 0) fail(`[${i}] = ${p}: expected a column index >= 0`);
      if (i > 0 && p < pointers[i - 1]) fail(`decrease at ${i} (${pointers[i - 1]} then ${p}): the columns of node ${this.nodeIds[i - 1]} would be negative or belong to another node`);
    }
    const last = pointers[pointers.length - 1] ?? 0;
    if (last > width) fail(`end at column ${last}, but '${root}/data' has ${width} columns`);
    if (last > elements) fail(`end at column ${last}, but '${root}/mapping/element_ids' has ${elements} values`);
  }
  get path() {
    return this.file.path;
  }
  /** Times of every frame: start, start + dt, ... while below stop (accumulated as libsonata does). */
  get frameTimesAll() {
    if (!this.frameTimes) {
      const { start, stop, dt } = this.times;
      const times = [];
      for (let t = start; t < stop - TIME_EPSILON; t += dt) times.push(t);
      this.frameTimes = Float64Array.from(times);
    }
    return this.frameTimes;
  }
  /** Element ids of the columns of `nodeIds` (every node when omitted), with their node ids. */
  mapping(nodeIds) {
    const layout = this.layout(nodeIds);
    return { nodeIds: layout.columnNodeIds, elementIds: this.readElementIds(layout) };
  }
  get(query = {}) {
    const stride = query.stride ?? 1;
    if (!Number.isInteger(stride) || stride < 1) {
      throw new SonataError(`stride must be a positive integer, got ${stride}`, this.path);
    }
    const [first, last] = this.frameRange(query.tStart, query.tStop);
    if (query.nodeCount !== void 0) this.checkNodeCount(query.nodeCount);
    const layout = this.layout(query.nodeIds);
    const columns = layout.columnNodeIds.length;
    if (columns === 0) {
      return { times: new Float64Array(0), data: new Float32Array(0), nodeIds: new Uint32Array(0), elementIds: new Uint32Array(0) };
    }
    const frames = Math.floor((last - first) / stride) + 1;
    const times = new Float64Array(frames);
    for (let k = 0; k < frames; k++) times[k] = this.frameTimesAll[first + k * stride];
    if (last >= (this.data.shape?.[0] ?? 0)) {
      throw new SonataError(`report '${this.name}': 'data' has fewer frames than its time mapping`, this.path);
    }
    const data = new Float32Array(frames * columns);
    for (const block of columnBlocks(layout.entries)) this.readColumns(block, first, frames, stride, data, columns);
    return { times, data, nodeIds: layout.columnNodeIds, elementIds: this.readElementIds(layout) };
  }
  checkNodeCount(nodeCount) {
    this.maxNodeId ??= this.nodeIds.reduce((max, id) => id > max ? id : max, -1);
    if (this.maxNodeId >= nodeCount) {
      throw new SonataError(
        `report '${this.name}': node id ${this.maxNodeId} of 'mapping/node_ids' is not in the node population (${nodeCount} nodes): is this the report of another circuit?`,
        this.path
      );
    }
  }
  /** Indexes of the first and last frame in [tStart, tStop], with libsonata's errors. */
  frameRange(tStart, tStop) {
    const times = this.frameTimesAll;
    const start = tStart ?? this.times.start;
    const stop = tStop ?? this.times.stop;
    if (start < -TIME_EPSILON || stop < -TIME_EPSILON) {
      throw new SonataError(`times cannot be negative (tStart=${start}, tStop=${stop})`, this.path);
    }
    let first = 0;
    while (first < times.length && !(start < times[first] + TIME_EPSILON)) first++;
    if (first === times.length) {
      throw new SonataError(
        `tStart=${start} is after the end of report '${this.name}' (last frame at ${times[times.length - 1]})`,
        this.path
      );
    }
    let last = times.length - 1;
    while (last >= 0 && !(stop > times[last] - TIME_EPSILON)) last--;
    if (last < 0) {
      throw new SonataError(`tStop=${stop} is before the beginning of report '${this.name}' (${times[0]})`, this.path);
    }
    if (first > last) throw new SonataError(`tStart=${start} is after tStop=${stop}`, this.path);
    return [first, last];
  }
  layout(nodeIds) {
    const entries = [];
    let offset = 0;
    const add = (index) => {
      const first = this.indexPointers[index];
      const last = this.indexPointers[index + 1];
      entries.push({ nodeId: this.nodeIds[index], first, last, offset });
      offset += last - first;
    };
    if (nodeIds === void 0) {
      for (let i = 0; i < this.nodeIds.length; i++) add(i);
    } else {
      for (const id of nodeIds) {
        const index = this.indexOfNode.get(id);
        if (index !== void 0) add(index);
      }
    }
    const columnNodeIds = new Uint32Array(offset);
    for (const e of entries) columnNodeIds.fill(e.nodeId, e.offset, e.offset + e.last - e.first);
    return { entries, columnNodeIds };
  }
  readElementIds(layout) {
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
  readColumns(block, firstFrame, frames, stride, out, outColumns) {
    const width = block.stop - block.start;
    const segments = copySegments(block);
    const framesPerRead = rowsPerBlockRead(this.data, width);
    for (let k0 = 0; k0 < frames; k0 += framesPerRead) {
      const k1 = Math.min(frames, k0 + framesPerRead);
      const rowStart = firstFrame + k0 * stride;
      const rowStop = firstFrame + (k1 - 1) * stride + 1;
      const values = readBlock(this.data, rowStart, rowStop, stride, block.start, block.stop);
      for (let k = k0; k < k1; k++) {
        const src = (k - k0) * width;
        const dst = k * outColumns;
        for (const s of segments) {
          if (s.length === 1) out[dst + s.to] = values[src + s.from];
          else out.set(values.subarray(src + s.from, src + s.from + s.length), dst + s.to);
        }
      }
    }
  }
};
function columnBlocks(entries) {
  const sorted = [...entries].sort((a, b) => a.first - b.first);
  const blocks = [];
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
function copySegments(block) {
  const segments = [];
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

// src/sonata/files-read.ts
import { existsSync, statSync } from "node:fs";
var FilesRead = class {
  files = /* @__PURE__ */ new Map();
  /** Note `path`, about to be read, as it is now (unless it was read before). */
  note(path) {
    const known = this.files.get(path);
    if (!known || "exists" in known) this.files.set(path, stampOf(path));
  }
  /** Note whether `path` exists, unless it was noted before. */
  noteExists(path) {
    if (!this.files.has(path)) this.files.set(path, existsSync(path) ? { exists: true } : null);
  }
  /** Every file noted, by path. */
  entries() {
    return Object.fromEntries(this.files);
  }
};
function stampOf(path) {
  try {
    const stat = statSync(path, { bigint: true });
    return { size: Number(stat.size), mtime: String(stat.mtimeNs) };
  } catch {
    return null;
  }
}

// src/sonata/circuit.ts
var Circuit = class _Circuit {
  constructor(config, files) {
    this.config = config;
    this.files = files;
  }
  config;
  files;
  storages = /* @__PURE__ */ new Map();
  nodeSetsCache;
  static open(configPath) {
    const files = new FilesRead();
    files.note(configPath);
    return new _Circuit(CircuitConfig.fromFile(configPath), files);
  }
  /** The files this circuit has read (config, nodes, node sets), as they were then. */
  filesRead() {
    return this.files.entries();
  }
  get path() {
    return this.config.path;
  }
  get nodePopulationNames() {
    return this.config.nodePopulationNames;
  }
  async nodePopulation(name) {
    const { nodesFile } = this.config.nodePopulation(name);
    let storage = this.storages.get(nodesFile);
    if (!storage) {
      this.files.note(nodesFile);
      storage = NodeStorage.open(nodesFile);
      this.storages.set(nodesFile, storage);
    }
    return (await storage).population(name);
  }
  /** The circuit's node sets (`node_sets_file`), or none when it has no such file. */
  nodeSets() {
    const file = this.config.nodeSetsFile;
    if (file) this.files.note(file);
    this.nodeSetsCache ??= file ? NodeSets.fromFile(file) : NodeSets.empty();
    return this.nodeSetsCache;
  }
  async close() {
    const storages = await Promise.allSettled(this.storages.values());
    for (const s of storages) if (s.status === "fulfilled") s.value.close();
    this.storages.clear();
  }
};

// src/sonata/simulation.ts
import { existsSync as existsSync2 } from "node:fs";
var Simulation = class _Simulation {
  constructor(config, files, options) {
    this.config = config;
    this.files = files;
    this.options = options;
  }
  config;
  files;
  options;
  circuitCache;
  spikesReader;
  readers = [];
  /** Open the simulation config; `warn` receives the readers' warnings. */
  static open(configPath, options = {}) {
    const files = new FilesRead();
    files.note(configPath);
    return new _Simulation(SimulationConfig.fromFile(configPath), files, options);
  }
  /** The files this simulation has read (config, spikes, reports; not its circuit's), as they were then. */
  filesRead() {
    return this.files.entries();
  }
  get path() {
    return this.config.path;
  }
  circuit() {
    this.circuitCache ??= Circuit.open(this.config.network);
    return this.circuitCache;
  }
  /** BlueETL's test of completeness: the spikes file exists. */
  isComplete() {
    this.files.noteExists(this.config.output.spikesFile);
    return existsSync2(this.config.output.spikesFile);
  }
  /** The spikes file, opened once. */
  spikes() {
    this.files.note(this.config.output.spikesFile);
    this.spikesReader ??= this.track(SpikeReader.open(this.config.output.spikesFile, this.options));
    return this.spikesReader;
  }
  /** The frame report named `name` in the config's `reports`. */
  report(name) {
    const file = this.config.report(name).fileName;
    this.files.note(file);
    return this.track(FrameReportReader.open(file));
  }
  async close() {
    for (const r of await Promise.allSettled(this.readers)) if (r.status === "fulfilled") r.value.close();
    this.readers.length = 0;
    this.spikesReader = void 0;
    await this.circuitCache?.close();
  }
  track(reader) {
    this.readers.push(reader);
    return reader;
  }
};

export {
  parseJson,
  CircuitConfig,
  SimulationConfig,
  allNodes,
  isSortedUnique,
  sortedUnique,
  intersectSorted,
  unionSorted,
  selectWhere,
  readRuns,
  membership,
  NodeStorage,
  NodePopulation,
  EdgeStorage,
  EdgePopulation,
  NodeSets,
  TIME_EPSILON,
  SpikeReader,
  SpikePopulation,
  concatSpikes,
  FrameReportReader,
  FrameReportPopulation,
  FilesRead,
  Circuit,
  Simulation
};
