/**
 * Inter-spike intervals per neuron class: the intervals between successive spikes of a neuron
 * within one trial, pooled over the neurons, trials and simulations, in logarithmic bins.
 */
import { sortedRows } from "../frame/index.ts";
import { CONFIG, type Rows, SCHEMA, type Spec } from "./style.ts";
import { GID, NEURON_CLASS, SIMULATION_ID, TIME, TRIAL, type Tables, WINDOW, labels, numbers, spikeIndex, windowNames, windowTrials } from "./tables.ts";

export interface IsiOptions {
  /** Bins per decade (10). */
  binsPerDecade?: number;
}

/** The bins start at 0.1 ms (shorter intervals count in the first) and end past the longest window. */
const FIRST_DECADE = -1;

/** Rows: neuron_class, window, lo and hi (the bin, ms), count, fraction (of the class' intervals in the window). */
export function isiFigure(tables: Pick<Tables, "report" | "neurons" | "windows">, options: IsiOptions = {}): Spec {
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
  const add = (k: number, w: number, isi: number) => {
    // The logarithm places the interval, the edges (as the rows give them) decide at a boundary.
    let b = Math.min(bins - 1, Math.max(0, Math.floor((Math.log10(Math.max(isi, edges[0]!)) - FIRST_DECADE) * perDecade)));
    if (b > 0 && isi < edges[b]!) b--;
    else if (b < bins - 1 && isi >= edges[b + 1]!) b++;
    counts[(k * names.length + w) * bins + b]!++;
  };
  if (!intervals(tables, identity(report.length), add)) {
    // Times not ascending within each neuron's trial (a table not made by the extraction): sort first.
    counts.fill(0);
    const keys = [SIMULATION_ID, WINDOW, TRIAL, NEURON_CLASS, GID, TIME].map((name) => report.column(name));
    intervals(tables, sortedRows(keys), add);
  }
  const values: Rows = [];
  index.classes.forEach((neuronClass, k) => {
    names.forEach((window, w) => {
      const at = (k * names.length + w) * bins;
      const total = counts.subarray(at, at + bins).reduce((a, b) => a + b, 0);
      if (total === 0) return;
      for (let b = 0; b < bins; b++) {
        values.push({ [NEURON_CLASS]: neuronClass, [WINDOW]: window, lo: edges[b], hi: edges[b + 1], count: counts[at + b], fraction: counts[at + b]! / total });
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
        tooltip: [{ field: WINDOW }, { field: "lo", format: ".3g", title: "from (ms)" }, { field: "hi", format: ".3g", title: "to (ms)" }, { field: "count" }],
      },
    },
    resolve: { scale: { y: "independent" }, axis: { x: "independent" } },
  } as Spec;
}

function identity(n: number): Uint32Array {
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

/**
 * Each interval, given to `add(class, window, interval)`, visiting the rows in `order`; false
 * (and stopped) at the first interval below 0, when the rows are not in time order.
 */
function intervals(tables: Pick<Tables, "report" | "neurons">, order: Uint32Array, add: (k: number, w: number, isi: number) => void): boolean {
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
    const slot = index.slot[r]!;
    if (slot < 0) continue;
    const train = (simulation[r]! * windows + window[r]!) * maxTrial + trial[r]!;
    if (lastTrain[slot] === train) {
      const isi = time[r]! - lastTime[slot]!;
      if (isi < 0) return false;
      add(index.classOf[r]!, window[r]!, isi);
    }
    lastTrain[slot] = train;
    lastTime[slot] = time[r]!;
  }
  return true;
}
