import { createRequire as __blueetlCreateRequire } from 'node:module'; const require = __blueetlCreateRequire(import.meta.url);
import {
  CategoricalColumn,
  NumericColumn,
  ObjectColumn,
  categorical,
  formatValue,
  sortedRows
} from "./chunk-U6NE5KX7.mjs";
import "./chunk-75GTEED3.mjs";

// src/plots/tables.ts
var PlotError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "PlotError";
  }
};
var SIMULATION_ID = "simulation_id";
var CIRCUIT_ID = "circuit_id";
var NEURON_CLASS = "neuron_class";
var NEURON_CLASS_INDEX = "neuron_class_index";
var GID = "gid";
var WINDOW = "window";
var TRIAL = "trial";
var TIME = "time";
var VALUE = "value";
var NOT_COORDINATES = /* @__PURE__ */ new Set(["simulation_path", SIMULATION_ID, CIRCUIT_ID, "simulation", "circuit"]);
function numbers(df, name, table) {
  const column = required(df, name, table);
  if (!(column instanceof NumericColumn)) throw new PlotError(`the ${table} table's column '${name}' must be numeric, not ${column.dtype}`);
  return column.values;
}
function labels(df, name, table) {
  const column = required(df, name, table);
  if (column instanceof CategoricalColumn) return column;
  if (column instanceof ObjectColumn) return categorical(Array.from({ length: column.length }, (_, i) => column.get(i) === null ? null : String(column.get(i))));
  throw new PlotError(`the ${table} table's column '${name}' must hold names (categorical or strings), not ${column.dtype}`);
}
function required(df, name, table) {
  if (!df.has(name)) throw new PlotError(`the ${table} table has no column '${name}' (it has: ${df.names.join(", ")})`);
  return df.column(name);
}
function campaignCoordinates(simulations) {
  return simulations.names.filter((name) => {
    if (NOT_COORDINATES.has(name)) return false;
    const column = simulations.column(name);
    const values = new Set(Array.from({ length: column.length }, (_, i) => JSON.stringify(column.get(i))));
    return values.size > 1;
  });
}
function coordinatesLabel(simulations, simulationId) {
  if (!simulations) return "";
  const found = simulations.q({ [SIMULATION_ID]: simulationId });
  if (found.length === 0) return "";
  return campaignCoordinates(simulations).map((name) => `${name}=${String(found.value(name, 0))}`).join(", ");
}
function windowTrials(windows) {
  const simulation = numbers(windows, SIMULATION_ID, "windows");
  const circuit = numbers(windows, CIRCUIT_ID, "windows");
  const name = labels(windows, WINDOW, "windows");
  const start = numbers(windows, "t_start", "windows");
  const stop = numbers(windows, "t_stop", "windows");
  const out = /* @__PURE__ */ new Map();
  for (let i = 0; i < windows.length; i++) {
    const window = name.get(i);
    const key = `${simulation[i]} ${window}`;
    const found = out.get(key);
    if (found) found.trials++;
    else out.set(key, { simulationId: simulation[i], window, tStart: start[i], tStop: stop[i], trials: 1, circuit: circuit[i] });
  }
  return out;
}
function windowOf(trials, simulationId, window) {
  const found = trials.get(`${simulationId} ${window}`);
  if (!found) throw new PlotError(`the windows table has no window '${window}' for simulation ${simulationId} (it has: ${[...trials.keys()].join("; ")})`);
  return found;
}
function windowNames(windows) {
  const column = labels(windows, WINDOW, "windows");
  const seen = /* @__PURE__ */ new Set();
  for (let i = 0; i < column.length; i++) seen.add(column.get(i));
  return [...seen];
}
function stackOf(index, window) {
  const stack = index.circuits.get(window.circuit);
  if (!stack) throw new PlotError(`the neurons table has no neuron of circuit ${window.circuit} (simulation ${window.simulationId})`);
  return stack;
}
var spikeIndexes = /* @__PURE__ */ new WeakMap();
function spikeIndex(report, neurons) {
  let byNeurons = spikeIndexes.get(report);
  if (!byNeurons) spikeIndexes.set(report, byNeurons = /* @__PURE__ */ new WeakMap());
  let index = byNeurons.get(neurons);
  if (!index) byNeurons.set(neurons, index = buildSpikeIndex(report, neurons));
  return index;
}
function buildSpikeIndex(report, neurons) {
  const neuronClass = labels(neurons, NEURON_CLASS, "neurons");
  const classes = [...neuronClass.categories];
  const circuitOf = numbers(neurons, CIRCUIT_ID, "neurons");
  const gidOf = numbers(neurons, GID, "neurons");
  const positionOf = numbers(neurons, NEURON_CLASS_INDEX, "neurons");
  const groups = neurons.groupBy([CIRCUIT_ID, NEURON_CLASS]);
  const circuits = /* @__PURE__ */ new Map();
  const slotOf = new Int32Array(neurons.length);
  let slots = 0;
  for (let g = 0; g < groups.count; g++) {
    const rows = groups.rows(g);
    const circuit2 = circuitOf[rows[0]];
    const k = neuronClass.codes[rows[0]];
    let entry = circuits.get(circuit2);
    if (!entry) circuits.set(circuit2, entry = { first: slots, base: new Int32Array(classes.length), count: new Int32Array(classes.length), slots: 0 });
    entry.base[k] = entry.slots;
    entry.count[k] = rows.length;
    const first = entry.first + entry.slots;
    Array.from(rows).sort((a, b) => positionOf[a] - positionOf[b]).forEach((r, i) => slotOf[r] = first + i);
    entry.slots += rows.length;
    slots += rows.length;
  }
  const reportClass = labels(report, NEURON_CLASS, "report");
  const toClass = Int32Array.from(reportClass.categories, (name) => classes.indexOf(name));
  const classOf = new Int32Array(report.length);
  for (let i = 0; i < report.length; i++) {
    const code = reportClass.codes[i];
    classOf[i] = code < 0 ? -1 : toClass[code];
  }
  const slot = new Int32Array(report.length).fill(-1);
  const gid = numbers(report, GID, "report");
  const circuit = numbers(report, CIRCUIT_ID, "report");
  const members = new Map([...circuits.keys()].map((c) => [c, neuronsByGid(circuitOf, gidOf, c)]));
  let current = Number.NaN;
  let byGid;
  for (let i = 0; i < report.length; i++) {
    if (circuit[i] !== current) byGid = members.get(current = circuit[i]);
    const g = gid[i];
    if (!byGid || !(g < byGid.starts.length - 1)) continue;
    for (let m = byGid.starts[g]; m < byGid.starts[g + 1]; m++) {
      const r = byGid.rows[m];
      if (neuronClass.codes[r] === classOf[i]) {
        slot[i] = slotOf[r];
        break;
      }
    }
  }
  return { classes, classOf, slot, circuits, slots };
}
function neuronsByGid(circuitOf, gidOf, circuit) {
  let max = -1;
  for (let r = 0; r < gidOf.length; r++) if (circuitOf[r] === circuit && gidOf[r] > max) max = gidOf[r];
  const starts = new Uint32Array(max + 2);
  for (let r = 0; r < gidOf.length; r++) if (circuitOf[r] === circuit) starts[gidOf[r] + 1]++;
  for (let g = 0; g <= max; g++) starts[g + 1] += starts[g];
  const next = starts.slice(0, max + 1);
  const rows = new Uint32Array(starts[max + 1]);
  for (let r = 0; r < gidOf.length; r++) if (circuitOf[r] === circuit) rows[next[gidOf[r]]++] = r;
  return { starts, rows };
}
var groupings = /* @__PURE__ */ new WeakMap();
function groupsOf(df, keys) {
  let byKeys = groupings.get(df);
  if (!byKeys) groupings.set(df, byKeys = /* @__PURE__ */ new Map());
  const id = keys.join("\0");
  let found = byKeys.get(id);
  if (!found) {
    const groups = df.groupBy(keys);
    const byKey = new Map(Array.from({ length: groups.count }, (_, g) => [keyString(Object.values(groups.key(g))), g]));
    byKeys.set(id, found = { groups, byKey });
  }
  return found;
}
function rowsOf(df, keys, values) {
  const { groups, byKey } = groupsOf(df, keys);
  const g = byKey.get(keyString(values));
  return g === void 0 ? new Uint32Array(0) : groups.rows(g);
}
function keyString(values) {
  return values.map(String).join("\0");
}
function niceStep(x) {
  if (!(x > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 5, 10]) if (m * power >= x * (1 - 1e-12)) return m * power;
  return 10 * power;
}
function binOf(t, start, width, bins) {
  let b = Math.floor((t - start) / width);
  if (t < start + b * width) b--;
  else if (t >= start + (b + 1) * width) b++;
  return b < 0 ? 0 : b >= bins ? bins - 1 : b;
}

// src/plots/style.ts
var SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
var PALETTE = [
  "#4c78a8",
  "#f58518",
  "#e45756",
  "#72b7b2",
  "#54a24b",
  "#eeca3b",
  "#b279a2",
  "#ff9da6",
  "#9d755d",
  "#bab0ac",
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf"
];
function classColors(classes) {
  return { domain: [...classes], range: classes.map((_, i) => PALETTE[i % PALETTE.length]) };
}
function rgb(color) {
  const n = Number.parseInt(color.slice(1), 16);
  return [n >> 16 & 255, n >> 8 & 255, n & 255];
}
function classByWindow(windows) {
  return {
    row: { field: NEURON_CLASS, type: "nominal", title: "neuron class" },
    column: { field: WINDOW, type: "nominal", title: "window", sort: windowNames(windows) }
  };
}
var TIME_AXIS = { field: "t", type: "quantitative", title: "time in the window (ms)", scale: { nice: false, zero: false } };
var CONFIG = {
  background: "white",
  font: "DejaVu Sans, Helvetica, Arial, sans-serif",
  view: { stroke: "#ddd" },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  header: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12, symbolOpacity: 1 },
  title: { fontSize: 14, anchor: "start" }
};

// src/plots/campaign.ts
var SPLITTING_KEYS = [NEURON_CLASS, WINDOW, "params_id"];
function join(tables, feature, coordinates) {
  const { features, simulations } = tables;
  const value = numbers(features, feature, "features");
  const simulationOf = numbers(features, SIMULATION_ID, "features");
  const bySimulation = /* @__PURE__ */ new Map();
  const ids = numbers(simulations, SIMULATION_ID, "simulations");
  ids.forEach((id, row) => bySimulation.set(id, row));
  const present = [...features.indexNames, ...features.columnNames].filter((n) => n !== SIMULATION_ID && n !== CIRCUIT_ID && n !== feature);
  const candidates = SPLITTING_KEYS.filter((k) => present.includes(k));
  const keys = candidates.filter((k) => distinct(features, k) > 1);
  const averaged = features.indexNames.filter((n) => n !== SIMULATION_ID && n !== CIRCUIT_ID && !SPLITTING_KEYS.includes(n));
  const rows = /* @__PURE__ */ new Map();
  for (let i = 0; i < features.length; i++) {
    const row = bySimulation.get(simulationOf[i]);
    if (row === void 0) continue;
    const id = [simulationOf[i], ...keys.map((k) => features.value(k, i))].join("\0");
    let found = rows.get(id);
    if (!found) {
      const out = { [SIMULATION_ID]: simulationOf[i] };
      for (const c of coordinates) out[c] = simulations.value(c, row);
      for (const k of keys) out[k] = features.value(k, i);
      rows.set(id, found = { out, sum: 0, n: 0 });
    }
    if (Number.isNaN(value[i])) continue;
    found.sum += value[i];
    found.n++;
  }
  const values = [...rows.values()].map(({ out, sum, n }) => ({ ...out, value: n > 0 ? sum / n : null }));
  return { values, keys, averaged };
}
function distinct(df, name) {
  const column = df.column(name);
  const seen = /* @__PURE__ */ new Set();
  for (let i = 0; i < column.length; i++) seen.add(column.get(i));
  return seen.size;
}
function combine(values, fields, into) {
  for (const row of values) row[into] = fields.map((f) => f === NEURON_CLASS || f === WINDOW ? String(row[f]) : `${f}=${String(row[f])}`).join(" \xB7 ");
}
function rowFacet(fields) {
  if (fields.length === 0) return {};
  return { row: { field: "row", type: "nominal", title: fields.map((f) => f.replaceAll("_", " ")).join(" \xB7 "), header: { labelAngle: 0, labelAlign: "left" } } };
}
function subtitle(table, averaged) {
  const from = table ? `from ${table}` : "";
  const over = averaged.length > 0 ? `mean over ${averaged.join(", ")}` : "";
  return [from, over].filter(Boolean).join("; ");
}
function heatmapFigure(tables, options) {
  const coordinates = campaignCoordinates(tables.simulations);
  const x = options.x ?? coordinates[0];
  const y = options.y ?? coordinates.find((c) => c !== x);
  if (!x || !y || x === y) {
    throw new PlotError(`a heat-map needs two campaign coordinates that vary (the campaign has: ${coordinates.join(", ") || "none"})`);
  }
  for (const c of [x, y]) if (!tables.simulations.has(c)) throw new PlotError(`'${c}' is not a coordinate of the campaign (it has: ${coordinates.join(", ")})`);
  const others = coordinates.filter((c) => c !== x && c !== y);
  const { values, keys, averaged } = join(tables, options.feature, [x, y, ...others]);
  const columnBy = others[0] ?? keys.find((k) => k === WINDOW);
  const rowBy = [...others, ...keys].filter((k) => k !== columnBy);
  if (columnBy) combine(values, [columnBy], "column");
  if (rowBy.length > 0) combine(values, rowBy, "row");
  const cells = new Set(values.map((v) => `${String(v[x])}\0${String(v[y])}`)).size;
  const cell2 = {
    width: { step: 36 },
    height: { step: 22 },
    layer: [
      {
        mark: { type: "rect" },
        encoding: {
          x: { field: x, type: "ordinal", title: x, axis: { labelAngle: 0 } },
          y: { field: y, type: "ordinal", title: y },
          color: { aggregate: "mean", field: "value", type: "quantitative", title: options.feature, scale: { scheme: "viridis" }, legend: { titleLimit: 400 } },
          tooltip: [{ field: x }, { field: y }, { aggregate: "mean", field: "value", title: options.feature, format: ".4g" }, { aggregate: "count", title: "rows" }]
        }
      },
      ...cells <= 64 ? [
        {
          mark: { type: "text", fontSize: 8 },
          encoding: {
            x: { field: x, type: "ordinal" },
            y: { field: y, type: "ordinal" },
            text: { aggregate: "mean", field: "value", type: "quantitative", format: ".3g" },
            color: { value: "white" }
          }
        }
      ] : []
    ]
  };
  const facet = {
    ...columnBy ? { column: { field: "column", type: "nominal", title: columnBy } } : {},
    ...rowFacet(rowBy)
  };
  const faceted = Object.keys(facet).length > 0;
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: `${options.feature} over ${x} and ${y}`, subtitle: subtitle(options.table, averaged) },
    data: { values },
    ...faceted ? { facet, spec: cell2 } : cell2
  };
}
function featureLineFigure(tables, options) {
  const coordinates = campaignCoordinates(tables.simulations);
  const coordinate = options.coordinate ?? coordinates[0];
  if (!coordinate || !tables.simulations.has(coordinate)) {
    throw new PlotError(`a line against a coordinate needs a campaign coordinate that varies (the campaign has: ${coordinates.join(", ") || "none"})`);
  }
  const { values, keys, averaged } = join(tables, options.feature, [coordinate]);
  const colorBy = keys.includes(NEURON_CLASS) ? NEURON_CLASS : void 0;
  const columnBy = keys.includes(WINDOW) ? WINDOW : void 0;
  const rowBy = keys.filter((k) => k !== colorBy && k !== columnBy);
  if (rowBy.length > 0) combine(values, rowBy, "row");
  const numeric = values.every((v) => typeof v[coordinate] === "number");
  const line = {
    width: 260,
    height: 160,
    mark: { type: "line", point: true },
    encoding: {
      x: { field: coordinate, type: numeric ? "quantitative" : "ordinal", scale: numeric ? { zero: false } : void 0 },
      y: { aggregate: "mean", field: "value", type: "quantitative", title: options.feature },
      ...colorBy ? { color: { field: colorBy, type: "nominal", title: "neuron class" } } : {},
      tooltip: [{ field: coordinate }, ...colorBy ? [{ field: colorBy }] : [], { aggregate: "mean", field: "value", title: options.feature, format: ".4g" }]
    }
  };
  const facet = {
    ...columnBy ? { column: { field: columnBy, type: "nominal", title: "window" } } : {},
    ...rowFacet(rowBy)
  };
  const faceted = Object.keys(facet).length > 0;
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: `${options.feature} against ${coordinate}`, subtitle: subtitle(options.table, averaged) },
    data: { values },
    ...faceted ? { facet, spec: line } : line
  };
}

// src/plots/isi.ts
var FIRST_DECADE = -1;
function isiFigure(tables, options = {}) {
  const { report, neurons, windows } = tables;
  const index = spikeIndex(report, neurons);
  const perDecade = options.binsPerDecade ?? 10;
  let longest = 1;
  for (const w of windowTrials(windows).values()) longest = Math.max(longest, w.tStop - w.tStart);
  const bins = Math.max(1, Math.ceil((Math.log10(longest) - FIRST_DECADE) * perDecade));
  const windowColumn = labels(report, WINDOW, "report");
  const names = windowColumn.categories;
  const counts = new Float64Array(index.classes.length * names.length * bins);
  const edges = Float64Array.from({ length: bins + 2 }, (_, b) => 10 ** (FIRST_DECADE + b / perDecade));
  const add = (k, w, isi) => {
    let b = Math.min(bins - 1, Math.max(0, Math.floor((Math.log10(Math.max(isi, edges[0])) - FIRST_DECADE) * perDecade)));
    if (b > 0 && isi < edges[b]) b--;
    else if (b < bins - 1 && isi >= edges[b + 1]) b++;
    counts[(k * names.length + w) * bins + b]++;
  };
  if (!intervals(tables, identity(report.length), add)) {
    counts.fill(0);
    const keys = [SIMULATION_ID, WINDOW, TRIAL, NEURON_CLASS, GID, TIME].map((name) => report.column(name));
    intervals(tables, sortedRows(keys), add);
  }
  const values = [];
  index.classes.forEach((neuronClass, k) => {
    names.forEach((window, w) => {
      const at = (k * names.length + w) * bins;
      const total = counts.subarray(at, at + bins).reduce((a, b) => a + b, 0);
      if (total === 0) return;
      for (let b = 0; b < bins; b++) {
        values.push({ [NEURON_CLASS]: neuronClass, [WINDOW]: window, lo: edges[b], hi: edges[b + 1], count: counts[at + b], fraction: counts[at + b] / total });
      }
    });
  });
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: "Inter-spike intervals per neuron class", subtitle: "successive spikes of a neuron in one trial; every neuron, trial and simulation pooled" },
    data: { values },
    facet: { field: NEURON_CLASS, type: "nominal", title: "neuron class", sort: index.classes },
    columns: 3,
    spec: {
      width: 220,
      height: 120,
      mark: { type: "line", interpolate: "step-after" },
      encoding: {
        x: { field: "lo", type: "quantitative", scale: { type: "log" }, title: "interval (ms)" },
        y: { field: "fraction", type: "quantitative", title: "fraction of intervals" },
        color: { field: WINDOW, type: "nominal", title: "window", sort: windowNames(windows) },
        tooltip: [{ field: WINDOW }, { field: "lo", format: ".3g", title: "from (ms)" }, { field: "hi", format: ".3g", title: "to (ms)" }, { field: "count" }]
      }
    },
    resolve: { scale: { y: "independent" }, axis: { x: "independent" } }
  };
}
function identity(n) {
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}
function intervals(tables, order, add) {
  const { report, neurons } = tables;
  const index = spikeIndex(report, neurons);
  const time = numbers(report, TIME, "report");
  const simulation = numbers(report, SIMULATION_ID, "report");
  const trial = numbers(report, TRIAL, "report");
  const window = labels(report, WINDOW, "report").codes;
  const windows = labels(report, WINDOW, "report").categories.length;
  let maxTrial = 1;
  for (const t of trial) if (t + 1 > maxTrial) maxTrial = t + 1;
  const lastTime = new Float64Array(index.slots);
  const lastTrain = new Float64Array(index.slots).fill(-1);
  for (const r of order) {
    const slot = index.slot[r];
    if (slot < 0) continue;
    const train = (simulation[r] * windows + window[r]) * maxTrial + trial[r];
    if (lastTrain[slot] === train) {
      const isi = time[r] - lastTime[slot];
      if (isi < 0) return false;
      add(index.classOf[r], window[r], isi);
    }
    lastTrain[slot] = train;
    lastTime[slot] = time[r];
  }
  return true;
}

// src/plots/onset.ts
function onsetFigure(diagnostic, title = "onset_from_spikes") {
  const [lo, hi] = diagnostic.bounds;
  const values = Array.from(diagnostic.smoothed, (count, b) => ({ t: lo + b / diagnostic.binsPerMs, count }));
  const x = { type: "quantitative", scale: { domain: [lo, hi], nice: false, zero: false } };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: title, subtitle: `threshold ${diagnostic.threshold.toPrecision(4)} spikes, onset ${diagnostic.onset} ms` },
    width: 480,
    height: 240,
    layer: [
      {
        data: { values },
        mark: { type: "line", interpolate: "step-after" },
        encoding: { x: { ...x, field: "t", title: "Time (ms)" }, y: { field: "count", type: "quantitative", title: "Number of spikes" } }
      },
      {
        data: { values: [{ threshold: diagnostic.threshold }] },
        mark: { type: "rule", strokeDash: [4, 3], color: "#e45756" },
        encoding: { y: { field: "threshold", type: "quantitative" } }
      },
      {
        data: { values: [{ onset: diagnostic.onset, threshold: diagnostic.threshold }] },
        mark: { type: "point", filled: true, size: 60, color: "#e45756" },
        encoding: { x: { ...x, field: "onset" }, y: { field: "threshold", type: "quantitative" } }
      }
    ]
  };
}

// src/plots/page.ts
import { readFileSync } from "node:fs";
import { dirname, join as join2 } from "node:path";
import { fileURLToPath } from "node:url";
function library(specifier, file) {
  const entry = fileURLToPath(import.meta.resolve(specifier));
  return readFileSync(join2(dirname(entry), file), "utf8");
}
var inlined;
function libraries() {
  inlined ??= [library("vega", "vega.min.js"), library("vega-lite", "vega-lite.min.js"), library("vega-embed", "vega-embed.min.js")].map((code) => `<script>${code.replaceAll("</script", "<\\/script")}</script>`).join("\n");
  return inlined;
}
function reportPage(title, sections) {
  const figures = sections.flatMap((s) => s.figures.map((f) => ({ id: f.id, spec: compact(f.spec) })));
  const toc = sections.map((s, i) => `<li><a href="#section-${i}">${escape(s.title)}</a></li>`).join("");
  const body = sections.map((s, i) => section(s, i)).join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escape(title)}</h1>
<nav><ul>${toc}</ul></nav>
${body}
${libraries()}
<script type="application/json" id="figures">${JSON.stringify(figures).replaceAll("<", "\\u003c")}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
function section(s, i) {
  const notes = s.notes.map((n) => `<p class="note">${escape(n)}</p>`).join("");
  const tables = s.tables.map(tableHtml).join("\n");
  const figures = s.figures.map((f) => {
    const links = f.files ? `<div class="files"><a href="${escape(f.files.svg)}">SVG</a> \xB7 <a href="${escape(f.files.png)}">PNG</a></div>` : "";
    return `<figure><div class="figure" id="${escape(f.id)}"></div>${links}</figure>`;
  }).join("\n");
  return `<section id="section-${i}">
<h2>${escape(s.title)}</h2>
${notes}
<div class="figures">
${figures}
</div>
<details open><summary>Tables</summary>
${tables}
</details>
</section>`;
}
function tableHtml(table) {
  const { df } = table;
  const rows = df.length;
  const names = df.names;
  const head2 = names.map((n) => `<th${df.indexNames.includes(n) ? ' class="index"' : ""}>${escape(n)}</th>`).join("");
  const body = Array.from({ length: rows }, (_, r) => `<tr>${names.map((n) => `<td>${escape(cell(df.value(n, r)))}</td>`).join("")}</tr>`).join("\n");
  const count = table.rows > rows ? `${table.rows} rows, the first ${rows} shown` : `${rows} row${rows === 1 ? "" : "s"}`;
  return `<h3>${escape(table.title)} <span class="rows">${count} \xD7 ${df.columnNames.length} columns</span></h3>
<div class="table"><table><thead><tr>${head2}</tr></thead><tbody>
${body}
</tbody></table></div>`;
}
function cell(value) {
  if (typeof value === "number" && !Number.isInteger(value) && Number.isFinite(value)) return String(Number(value.toPrecision(6)));
  const text = formatValue(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
function escape(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}
function compact(node) {
  if (Array.isArray(node)) return node.map(compact);
  if (node === null || typeof node !== "object") return node;
  const entries = Object.entries(node).map(([key, value]) => {
    const rows = key === "data" && value !== null && typeof value === "object" ? value.values : void 0;
    if (Array.isArray(rows) && rows.length > 1 && rows.every((row) => row !== null && typeof row === "object")) {
      return [key, { ...value, values: columns(rows) }];
    }
    return [key, compact(value)];
  });
  return Object.fromEntries(entries);
}
function columns(rows) {
  const fields = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const out = {};
  for (const field of fields) {
    const values = rows.map((row) => field in row ? row[field] : null);
    const strings = values.every((v) => typeof v === "string");
    const distinct2 = strings ? [...new Set(values)] : [];
    out[field] = strings && distinct2.length * 2 <= values.length ? { values: distinct2, codes: values.map((v) => distinct2.indexOf(v)) } : values;
  }
  return { __columns: out, length: rows.length };
}
var STYLE = `
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1500px; padding: 0 16px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 19px; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 40px; } h3 { font-size: 14px; margin: 16px 0 4px; }
.rows { font-weight: normal; color: #666; } .note { color: #555; font-size: 13px; }
.table { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; font-size: 12px; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid #eee; padding: 2px 8px; text-align: right; white-space: nowrap; }
th { background: #f5f5f5; } th.index { background: #e8eef5; }
.figures { display: flex; flex-wrap: wrap; gap: 8px 40px; align-items: flex-start; } figure { margin: 16px 0; } .files { font-size: 12px; color: #666; } summary { cursor: pointer; font-weight: bold; margin: 12px 0; }
`;
var SCRIPT = `
(function () {
  function expand(node) {
    if (Array.isArray(node)) return node.map(expand);
    if (node === null || typeof node !== "object") return node;
    if (node.__columns) {
      var names = Object.keys(node.__columns), rows = new Array(node.length);
      var cols = names.map(function (n) { var c = node.__columns[n]; return Array.isArray(c) ? c : c.codes.map(function (k) { return c.values[k]; }); });
      for (var i = 0; i < node.length; i++) { var row = {}; for (var j = 0; j < names.length; j++) row[names[j]] = cols[j][i]; rows[i] = row; }
      return rows;
    }
    var out = {};
    for (var key in node) out[key] = expand(node[key]);
    return out;
  }
  var figures = JSON.parse(document.getElementById("figures").textContent);
  var report = (window.blueetlReport = { views: {}, errors: [] });
  var options = { renderer: "svg", actions: { export: true, source: false, compiled: false, editor: false } };
  report.rendered = Promise.all(figures.map(function (f) {
    return vegaEmbed(document.getElementById(f.id), expand(f.spec), options)
      .then(function (result) { report.views[f.id] = result.view; return result.view.runAsync(); })
      .catch(function (error) { report.errors.push(f.id + ": " + error); console.error(f.id, error); });
  })).then(function () { document.body.setAttribute("data-rendered", "true"); });
})();
`;

// src/plots/psth.ts
function psthFigure(tables, options = {}) {
  const { report, neurons, windows } = tables;
  const index = spikeIndex(report, neurons);
  const time = numbers(report, TIME, "report");
  const values = [];
  for (const window of windowTrials(windows).values()) {
    const { simulationId, window: name } = window;
    const stack = stackOf(index, window);
    const { tStart, tStop } = window;
    const binMs = options.binMs ?? niceStep((tStop - tStart) / 100);
    const bins = Math.max(1, Math.ceil((tStop - tStart) / binMs - 1e-9));
    const counts = new Float64Array(index.classes.length * bins);
    for (const r of rowsOf(report, [SIMULATION_ID, WINDOW], [simulationId, name])) {
      const k = index.classOf[r];
      if (k >= 0) counts[k * bins + binOf(time[r], tStart, binMs, bins)]++;
    }
    index.classes.forEach((neuronClass, k) => {
      if (stack.count[k] === 0) return;
      const cells = stack.count[k] * window.trials;
      for (let b = 0; b < bins; b++) {
        const t = tStart + b * binMs;
        const t2 = Math.min(tStop, t + binMs);
        const count = counts[k * bins + b];
        values.push({ [SIMULATION_ID]: simulationId, [NEURON_CLASS]: neuronClass, [WINDOW]: name, t, t2, count, rate: count * 1e3 / (cells * (t2 - t)) });
      }
    });
  }
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: "PSTH per neuron class and window", subtitle: "firing rate per neuron, trials pooled; one line per simulation" },
    data: { values },
    facet: classByWindow(windows),
    spec: {
      width: 300,
      height: 80,
      mark: { type: "line", interpolate: "step-after", strokeWidth: 1.2 },
      encoding: {
        x: TIME_AXIS,
        y: { field: "rate", type: "quantitative", title: "rate (Hz)" },
        color: { field: SIMULATION_ID, type: "nominal", title: "simulation" },
        tooltip: [{ field: SIMULATION_ID }, { field: "t", title: "from (ms)" }, { field: "count" }, { field: "rate", format: ".2f" }]
      }
    },
    resolve: { scale: { x: "independent", y: "independent" } }
  };
}

// src/plots/png.ts
import { crc32, deflateSync } from "node:zlib";
var SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
function encodePng(width, height, rgba) {
  if (rgba.length !== width * height * 4) throw new Error(`encodePng: ${rgba.length} bytes for ${width} x ${height} RGBA pixels`);
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 6;
  return Buffer.concat([SIGNATURE, chunk("IHDR", header), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}
function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

// src/plots/raster.ts
function rasterFigure(tables, options) {
  const { report, neurons, windows } = tables;
  const { simulationId, window } = options;
  const bounds = windowOf(windowTrials(windows), simulationId, window);
  const index = spikeIndex(report, neurons);
  const stack = stackOf(index, bounds);
  const rows = rowsOf(report, [SIMULATION_ID, WINDOW], [simulationId, window]);
  const { tStart, tStop } = bounds;
  const duration = tStop - tStart;
  const binMs = options.binMs ?? niceStep(duration / 100);
  const width = options.width ?? 640;
  const height = Math.max(1, Math.min(options.height ?? 320, stack.slots));
  const time = numbers(report, TIME, "report");
  const pixels = new Uint32Array(width * height);
  const bins = Math.max(1, Math.ceil(duration / binMs - 1e-9));
  const psth = new Float64Array(index.classes.length * bins);
  for (const r of rows) {
    const t = time[r] - tStart;
    const k = index.classOf[r];
    if (k >= 0) psth[k * bins + binOf(time[r], tStart, binMs, bins)]++;
    const slot = index.slot[r];
    if (slot < 0) continue;
    const x2 = Math.min(width - 1, Math.max(0, Math.floor(t / duration * width)));
    const y = Math.min(height - 1, Math.floor((slot - stack.first) * height / stack.slots));
    pixels[y * width + x2]++;
  }
  const colors = classColors(index.classes);
  const image = rasterImage(pixels, width, height, rowColors(stack, height, colors.range));
  const present = index.classes.map((_, k) => k).filter((k) => stack.count[k] > 0);
  const bands = present.map((k) => ({
    [NEURON_CLASS]: index.classes[k],
    first: stack.base[k],
    end: stack.base[k] + stack.count[k],
    neurons: stack.count[k]
  }));
  const histogram = present.flatMap(
    (k) => Array.from({ length: bins }, (_, b) => ({
      [NEURON_CLASS]: index.classes[k],
      t: tStart + b * binMs,
      t2: Math.min(tStop, tStart + (b + 1) * binMs),
      count: psth[k * bins + b]
    }))
  );
  const x = { type: "quantitative", scale: { domain: [tStart, tStop], nice: false, zero: false, padding: 0 } };
  const coordinates = coordinatesLabel(tables.simulations, simulationId);
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: {
      text: `Raster: simulation ${simulationId}${coordinates ? ` (${coordinates})` : ""}, window ${window}`,
      subtitle: `${rows.length} spikes, ${bounds.trials} trial${bounds.trials > 1 ? "s" : ""} pooled; PSTH in ${binMs} ms bins`
    },
    vconcat: [
      {
        width,
        height,
        layer: [
          {
            data: { values: bands },
            mark: { type: "rect", opacity: 0.08 },
            encoding: {
              y: { field: "first", type: "quantitative", scale: { domain: [0, stack.slots], nice: false, reverse: true }, title: "neurons, stacked by class" },
              y2: { field: "end" },
              color: { field: NEURON_CLASS, type: "nominal", scale: colors, title: "neuron class" },
              tooltip: [{ field: NEURON_CLASS }, { field: "neurons" }]
            }
          },
          {
            data: { values: [{ url: `data:image/png;base64,${image.toString("base64")}`, t0: tStart, t1: tStop, y0: 0, y1: stack.slots }] },
            mark: { type: "image", aspect: false, smooth: false },
            encoding: {
              x: { ...x, field: "t0", axis: { labels: false, title: null } },
              x2: { field: "t1" },
              y: { field: "y0", type: "quantitative" },
              y2: { field: "y1" },
              url: { field: "url", type: "nominal" }
            }
          }
        ]
      },
      {
        width,
        height: 110,
        data: { values: histogram },
        mark: { type: "bar", orient: "vertical" },
        encoding: {
          x: { ...x, field: "t", title: "time in the window (ms)" },
          x2: { field: "t2" },
          y: { field: "count", type: "quantitative", stack: "zero", title: `spikes / ${binMs} ms` },
          color: { field: NEURON_CLASS, type: "nominal", scale: colors, title: "neuron class" },
          tooltip: [{ field: NEURON_CLASS }, { field: "t", title: "from (ms)" }, { field: "count" }]
        }
      }
    ]
  };
}
function rowColors(stack, height, palette) {
  return Array.from({ length: height }, (_, y) => {
    const slot = (y + 0.5) * stack.slots / height;
    let k = 0;
    for (let c = 0; c < stack.base.length; c++) if (stack.count[c] > 0 && stack.base[c] <= slot) k = c;
    return rgb(palette[k]);
  });
}
function rasterImage(pixels, width, height, colors) {
  let max = 0;
  for (const c of pixels) if (c > max) max = c;
  const rgba = new Uint8Array(width * height * 4);
  const scale = 1 / Math.log1p(Math.max(max, 1));
  for (let y = 0; y < height; y++) {
    const [r, g, b] = colors[y];
    for (let x = 0; x < width; x++) {
      const c = pixels[y * width + x];
      if (c === 0) continue;
      const o = (y * width + x) * 4;
      rgba[o] = r;
      rgba[o + 1] = g;
      rgba[o + 2] = b;
      rgba[o + 3] = Math.round(90 + 165 * Math.log1p(c) * scale);
    }
  }
  return encodePng(width, height, rgba);
}

// src/plots/rates.ts
function firingRatesFigure(tables) {
  const { report, neurons, windows } = tables;
  const index = spikeIndex(report, neurons);
  const values = [];
  for (const window of windowTrials(windows).values()) {
    const stack = stackOf(index, window);
    const spikes = new Float64Array(stack.slots);
    for (const r of rowsOf(report, [SIMULATION_ID, WINDOW], [window.simulationId, window.window])) {
      const slot = index.slot[r];
      if (slot >= 0) spikes[slot - stack.first]++;
    }
    const trialMs = window.trials * (window.tStop - window.tStart);
    index.classes.forEach((neuronClass, k) => {
      if (stack.count[k] === 0) return;
      const rates = spikes.slice(stack.base[k], stack.base[k] + stack.count[k]).map((n) => n * 1e3 / trialMs);
      values.push({ [SIMULATION_ID]: window.simulationId, [WINDOW]: window.window, [NEURON_CLASS]: neuronClass, ...boxStatistics(rates) });
    });
  }
  const x = { field: NEURON_CLASS, type: "nominal", title: "neuron class", axis: { labelAngle: -30 } };
  const offset = { field: SIMULATION_ID, type: "nominal" };
  const color = { field: SIMULATION_ID, type: "nominal", title: "simulation" };
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: "Firing rates per neuron class and window", subtitle: "rate of each neuron over the trials: box of the quartiles, whiskers at 1.5 IQR; one box per simulation" },
    data: { values },
    facet: { row: { field: WINDOW, type: "nominal", title: "window", sort: windowNames(windows) } },
    spec: {
      width: { step: 14 },
      height: 200,
      layer: [
        { mark: { type: "rule" }, encoding: { x, xOffset: offset, y: { field: "lower", type: "quantitative", title: "firing rate (Hz)" }, y2: { field: "upper" }, color } },
        {
          mark: { type: "bar", width: { band: 0.8 } },
          encoding: {
            x,
            xOffset: offset,
            y: { field: "q1", type: "quantitative" },
            y2: { field: "q3" },
            color,
            tooltip: [{ field: SIMULATION_ID }, { field: NEURON_CLASS }, { field: "neurons" }, ...["mean", "q1", "median", "q3", "max"].map((field) => ({ field, format: ".2f" }))]
          }
        },
        // The median as a box of no height, its outline drawn.
        { mark: { type: "bar", width: { band: 0.8 }, stroke: "black", strokeWidth: 1.5 }, encoding: { x, xOffset: offset, y: { field: "median", type: "quantitative" }, y2: { field: "median" } } }
      ]
    }
  };
}
function boxStatistics(values) {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const q = (p) => {
    const at = (n - 1) * p;
    const lo = Math.floor(at);
    return lo + 1 < n ? sorted[lo] + (sorted[lo + 1] - sorted[lo]) * (at - lo) : sorted[lo];
  };
  const [q1, median, q3] = [q(0.25), q(0.5), q(0.75)];
  const iqr = q3 - q1;
  let lower = q1;
  let upper = q3;
  let sum = 0;
  for (const v of sorted) {
    sum += v;
    if (v >= q1 - 1.5 * iqr && v < lower) lower = v;
    if (v <= q3 + 1.5 * iqr && v > upper) upper = v;
  }
  return { neurons: n, mean: sum / n, min: sorted[0], q1, median, q3, max: sorted[n - 1], lower, upper };
}

// src/plots/render.ts
var libraries2;
function load() {
  libraries2 ??= Promise.all([import("vega"), import("vega-lite")]).then(([vega, vegaLite]) => ({ vega, compile: vegaLite.compile }));
  return libraries2;
}
async function toSvg(spec) {
  const { vega, compile } = await load();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
var PNG_OPTIONS = { font: { loadSystemFonts: true, sansSerifFamily: "DejaVu Sans", defaultFontFamily: "DejaVu Sans" } };
async function toPng(spec, options = {}) {
  return svgToPng(await toSvg(spec), options);
}
async function svgToPng(svg, options = {}) {
  const { renderAsync } = await import("@resvg/resvg-js");
  const image = await renderAsync(svg, { ...PNG_OPTIONS, fitTo: { mode: "zoom", value: options.scale ?? 2 } });
  return image.asPng();
}

// src/plots/report.ts
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join as join3 } from "node:path";

// src/plots/traces.ts
function traceFigure(tables, options = {}) {
  const { report, windows } = tables;
  const time = numbers(report, TIME, "report");
  const value = numbers(report, VALUE, "report");
  const gid = numbers(report, GID, "report");
  const section2 = report.has("section") ? numbers(report, "section", "report") : void 0;
  const simulation = numbers(report, SIMULATION_ID, "report");
  const trial = numbers(report, TRIAL, "report");
  const classColumn = labels(report, NEURON_CLASS, "report");
  const windowColumn = labels(report, WINDOW, "report");
  const classes = classColumn.categories;
  const names = windowColumn.categories;
  const bounds = windowBins(tables, names, options.binMs);
  const cells = classes.length * names.length;
  const offsets = new Int32Array(cells + 1);
  for (let c = 0; c < cells; c++) offsets[c + 1] = offsets[c] + bounds[c % names.length].bins;
  const size = offsets[cells];
  const [n, sum, squares] = [new Float64Array(size), new Float64Array(size), new Float64Array(size)];
  let first = Infinity;
  for (const s of simulation) if (s < first) first = s;
  const wanted = options.singleTraces ?? 3;
  const traces = Array.from({ length: cells }, () => /* @__PURE__ */ new Map());
  for (let r = 0; r < report.length; r++) {
    const k = classColumn.codes[r];
    const w = windowColumn.codes[r];
    if (k < 0 || w < 0) continue;
    const { tStart, binMs, bins } = bounds[w];
    const cell2 = k * names.length + w;
    const b = binOf(time[r], tStart, binMs, bins);
    const at = offsets[cell2] + b;
    const v = value[r];
    n[at]++;
    sum[at] += v;
    squares[at] += v * v;
    if (simulation[r] !== first || trial[r] !== 0) continue;
    const id = section2 ? `gid ${gid[r]} section ${section2[r]}` : `gid ${gid[r]}`;
    let trace = traces[cell2].get(id);
    if (!trace && traces[cell2].size < wanted) traces[cell2].set(id, trace = { n: new Float64Array(bins), sum: new Float64Array(bins) });
    if (!trace) continue;
    trace.n[b]++;
    trace.sum[b] += v;
  }
  const values = [];
  classes.forEach((neuronClass, k) => {
    names.forEach((window, w) => {
      const cell2 = k * names.length + w;
      const { tStart, binMs, bins } = bounds[w];
      for (let b = 0; b < bins; b++) {
        const at = offsets[cell2] + b;
        if (n[at] === 0) continue;
        const mean = sum[at] / n[at];
        const sd = Math.sqrt(Math.max(0, squares[at] / n[at] - mean * mean));
        values.push({ kind: "mean", [NEURON_CLASS]: neuronClass, [WINDOW]: window, t: tStart + b * binMs, samples: n[at], mean, sd, lower: mean - sd, upper: mean + sd });
      }
      for (const [trace, binned] of traces[cell2]) {
        binned.n.forEach((count, b) => {
          if (count > 0) values.push({ kind: "trace", [NEURON_CLASS]: neuronClass, [WINDOW]: window, trace, t: tStart + b * binMs, value: binned.sum[b] / count });
        });
      }
    });
  });
  const colors = classColors(classes);
  const x = TIME_AXIS;
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: "Mean trace per neuron class and window", subtitle: `mean \xB1 s.d. over neurons, trials and simulations; in grey, ${wanted} single traces of simulation ${first}, trial 0` },
    data: { values },
    facet: classByWindow(windows),
    spec: {
      width: 300,
      height: 100,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'trace'" }],
          mark: { type: "line", color: "#999", strokeWidth: 0.7, opacity: 0.8 },
          encoding: { x, y: { field: "value", type: "quantitative", scale: { zero: false } }, detail: { field: "trace" } }
        },
        {
          transform: [{ filter: "datum.kind === 'mean'" }],
          mark: { type: "area", opacity: 0.3 },
          encoding: {
            x,
            y: { field: "lower", type: "quantitative", scale: { zero: false }, title: "value (mean \xB1 s.d.)" },
            y2: { field: "upper" },
            color: { field: NEURON_CLASS, type: "nominal", scale: colors, legend: null }
          }
        },
        {
          transform: [{ filter: "datum.kind === 'mean'" }],
          mark: { type: "line", strokeWidth: 1.5 },
          encoding: {
            x,
            y: { field: "mean", type: "quantitative" },
            color: { field: NEURON_CLASS, type: "nominal", scale: colors, legend: null },
            tooltip: [{ field: "t", title: "from (ms)" }, { field: "mean", format: ".3f" }, { field: "sd", format: ".3f" }, { field: "samples" }]
          }
        }
      ]
    },
    resolve: { scale: { x: "independent", y: "independent" } }
  };
}
function windowBins(tables, names, binMs) {
  const all = [...windowTrials(tables.windows).values()];
  return names.map((name) => {
    const found = all.find((w) => w.window === name);
    const [tStart, tStop] = found ? [found.tStart, found.tStop] : [0, 1];
    const bin = binMs ?? niceStep((tStop - tStart) / 500);
    return { tStart, binMs: bin, bins: Math.floor((tStop - tStart) / bin + 1e-9) + 1 };
  });
}

// src/plots/report.ts
var DEFAULT_FEATURES = ["mean_of_mean_firing_rates_per_second", "mean_firing_rates_per_second", "mean"];
async function writeReport(analyses, dir, options = {}) {
  const featureTables = analyses.reduce((n, a) => n + a.features.length, 0);
  let read = 0;
  const onRead = () => options.progress?.(++read, featureTables, "report: reading the features tables");
  const plans = [];
  for (const analysis of analyses) plans.push(plan(analysis, await summaries(analysis, onRead), options.feature));
  if (options.feature && plans.every((p) => !p.feature)) {
    throw new PlotError(`the feature '${options.feature}' is in no features table of ${analyses.map((a) => a.name).join(", ")}`);
  }
  const total = plans.reduce((n, p) => n + p.figures.length, 0);
  const files = [];
  const timings = [];
  const pngs = [];
  const sections = [];
  for (const [i, analysis] of analyses.entries()) {
    const { figures, notes, tables } = plans[i];
    mkdirSync(join3(dir, analysis.name), { recursive: true });
    const drawn = [];
    for (const figure of figures) {
      const started = performance.now();
      const spec = figure.build();
      const built = performance.now();
      const svg = await toSvg(spec);
      const rendered = performance.now();
      const timing = { id: `${analysis.name}/${figure.id}`, spec: (built - started) / 1e3, svg: (rendered - built) / 1e3, png: 0 };
      const [svgFile, pngFile] = [`${timing.id}.svg`, `${timing.id}.png`];
      writeFileSync(join3(dir, svgFile), svg);
      const png = svgToPng(svg, { scale: figure.scale ?? 2 }).then((image) => {
        writeFileSync(join3(dir, pngFile), image);
        timing.png = (performance.now() - rendered) / 1e3;
      });
      pngs.push(png);
      timings.push(timing);
      files.push(join3(dir, svgFile), join3(dir, pngFile));
      drawn.push({ id: `${analysis.name}-${figure.id}`, spec, files: { svg: svgFile, png: pngFile } });
      options.progress?.(timings.length, total, "report: figures");
    }
    sections.push({ title: `Analysis ${analysis.name}`, notes, tables, figures: drawn });
  }
  await Promise.all(pngs);
  const page = join3(dir, "index.html");
  const temporary = `${page}.${process.pid}.tmp`;
  writeFileSync(temporary, reportPage(options.title ?? "BlueETL report", sections));
  renameSync(temporary, page);
  files.push(page);
  return { page, files, timings };
}
async function summaries(analysis, onRead) {
  const out = [];
  for (const { name, read, head: headOf } of analysis.features) {
    const looked = headOf ? await headOf(5) : headAndRows(read());
    onRead();
    out.push({ name, read, ...looked });
  }
  return out;
}
function headAndRows(df) {
  return { head: head(df, 5), rows: df.length };
}
function head(df, n) {
  return df.take(Uint32Array.from({ length: Math.min(n, df.length) }, (_, i) => i));
}
function plan(analysis, features, feature) {
  const { tables } = analysis;
  const figures = [];
  const notes = [];
  const chosen = chooseFeature(features, feature);
  const coordinates = campaignCoordinates(tables.simulations);
  if (!chosen) {
    notes.push(feature ? `No features table has '${feature}': no figure over the campaign.` : "No features table per simulation: no figure over the campaign.");
  } else if (coordinates.length === 0) {
    notes.push("The campaign has no coordinate that varies: no figure over the campaign.");
  } else {
    const input = () => ({ features: chosen.read(), simulations: tables.simulations });
    const options = { feature: chosen.column, table: chosen.name };
    figures.push(
      coordinates.length >= 2 ? { id: "heatmap", build: () => heatmapFigure(input(), options) } : { id: "feature-line", build: () => featureLineFigure(input(), options) }
    );
  }
  if (tables.report.has(VALUE)) {
    figures.push({ id: "traces", build: () => traceFigure(tables) });
  } else {
    figures.push({ id: "firing-rates", build: () => firingRatesFigure(tables) }, { id: "psth", build: () => psthFigure(tables) }, { id: "isi", build: () => isiFigure(tables) });
    for (const w of windowTrials(tables.windows).values()) {
      figures.push({ id: `raster-${w.simulationId}-${w.window}`, scale: 1, build: () => rasterFigure(tables, { simulationId: w.simulationId, window: w.window }) });
    }
  }
  const neuronClasses = tables.neuron_classes.select(tables.neuron_classes.columnNames.filter((c) => c !== "gids"));
  const pageTables = [
    { title: "Simulations", df: head(tables.simulations, 50), rows: tables.simulations.length },
    { title: "Neuron classes", df: head(neuronClasses, 50), rows: neuronClasses.length },
    { title: "Windows", df: head(tables.windows, 50), rows: tables.windows.length },
    ...features.map((f) => ({ title: `Features: ${f.name}`, df: f.head, rows: f.rows }))
  ];
  return { figures, notes, feature: chosen, tables: pageTables };
}
function chooseFeature(features, feature) {
  const dot = feature?.indexOf(".") ?? -1;
  const [table, column] = feature && dot > 0 ? [feature.slice(0, dot), feature.slice(dot + 1)] : [void 0, feature];
  const candidates = features.filter((f) => (table === void 0 || f.name === table) && f.head.has(SIMULATION_ID)).sort((a, b) => keysBeyondClass(a.head) - keysBeyondClass(b.head) || a.rows - b.rows);
  const isFloat = (f, name) => f.head.has(name) && f.head.column(name).dtype.startsWith("float");
  for (const name of column ? [column] : DEFAULT_FEATURES) {
    const found = candidates.find((f) => isFloat(f, name));
    if (found) return { ...found, column: name };
  }
  if (column) return void 0;
  for (const f of candidates) {
    const first = f.head.columnNames.find((c) => isFloat(f, c));
    if (first) return { ...f, column: first };
  }
  return void 0;
}
function keysBeyondClass(df) {
  return df.indexNames.filter((n) => ![SIMULATION_ID, CIRCUIT_ID, NEURON_CLASS, WINDOW].includes(n)).length;
}
export {
  PlotError,
  campaignCoordinates,
  classColors,
  featureLineFigure,
  firingRatesFigure,
  heatmapFigure,
  isiFigure,
  onsetFigure,
  psthFigure,
  rasterFigure,
  reportPage,
  svgToPng,
  toPng,
  toSvg,
  traceFigure,
  writeReport
};
