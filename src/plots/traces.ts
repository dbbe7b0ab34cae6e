/**
 * Soma and compartment reports: the mean trace of each neuron class and window, with a band of
 * one standard deviation, over every neuron (and compartment), trial and simulation, in time
 * bins; and a few single traces (the first neurons of the first simulation's first trial).
 */
import { CONFIG, type Rows, SCHEMA, type Spec, TIME_AXIS, classByWindow, classColors } from "./style.ts";
import { GID, NEURON_CLASS, SIMULATION_ID, TIME, TRIAL, type Tables, VALUE, WINDOW, binOf, labels, niceStep, numbers, windowTrials } from "./tables.ts";

export interface TraceOptions {
  /** Single traces drawn per class and window (3). */
  singleTraces?: number;
  /** Bin in ms (by default about a five-hundredth of each window). */
  binMs?: number;
}

/**
 * Rows of kind "mean": neuron_class, window, t (bin start), samples, mean, sd, lower and upper
 * (mean -/+ sd); of kind "trace": neuron_class, window, trace (gid, and section for a
 * compartment), t, value (the mean of the trace's samples in the bin).
 */
export function traceFigure(tables: Pick<Tables, "report" | "windows">, options: TraceOptions = {}): Spec {
  const { report, windows } = tables;
  const time = numbers(report, TIME, "report");
  const value = numbers(report, VALUE, "report");
  const gid = numbers(report, GID, "report");
  const section = report.has("section") ? numbers(report, "section", "report") : undefined;
  const simulation = numbers(report, SIMULATION_ID, "report");
  const trial = numbers(report, TRIAL, "report");
  const classColumn = labels(report, NEURON_CLASS, "report");
  const windowColumn = labels(report, WINDOW, "report");
  const classes = classColumn.categories;
  const names = windowColumn.categories;
  const bounds = windowBins(tables, names, options.binMs);
  const cells = classes.length * names.length;
  const offsets = new Int32Array(cells + 1);
  for (let c = 0; c < cells; c++) offsets[c + 1] = offsets[c]! + bounds[c % names.length]!.bins;
  const size = offsets[cells]!;
  const [n, sum, squares] = [new Float64Array(size), new Float64Array(size), new Float64Array(size)];
  let first = Infinity;
  for (const s of simulation) if (s < first) first = s;
  const wanted = options.singleTraces ?? 3;
  const traces = Array.from({ length: cells }, () => new Map<string, { n: Float64Array; sum: Float64Array }>());
  for (let r = 0; r < report.length; r++) {
    const k = classColumn.codes[r]!;
    const w = windowColumn.codes[r]!;
    if (k < 0 || w < 0) continue;
    const { tStart, binMs, bins } = bounds[w]!;
    const cell = k * names.length + w;
    const b = binOf(time[r]!, tStart, binMs, bins);
    const at = offsets[cell]! + b;
    const v = value[r]!;
    n[at]!++;
    sum[at]! += v;
    squares[at]! += v * v;
    if (simulation[r] !== first || trial[r] !== 0) continue;
    const id = section ? `gid ${gid[r]} section ${section[r]}` : `gid ${gid[r]}`;
    let trace = traces[cell]!.get(id);
    if (!trace && traces[cell]!.size < wanted) traces[cell]!.set(id, (trace = { n: new Float64Array(bins), sum: new Float64Array(bins) }));
    if (!trace) continue;
    trace.n[b]!++;
    trace.sum[b]! += v;
  }
  const values: Rows = [];
  classes.forEach((neuronClass, k) => {
    names.forEach((window, w) => {
      const cell = k * names.length + w;
      const { tStart, binMs, bins } = bounds[w]!;
      for (let b = 0; b < bins; b++) {
        const at = offsets[cell]! + b;
        if (n[at] === 0) continue;
        const mean = sum[at]! / n[at]!;
        const sd = Math.sqrt(Math.max(0, squares[at]! / n[at]! - mean * mean));
        values.push({ kind: "mean", [NEURON_CLASS]: neuronClass, [WINDOW]: window, t: tStart + b * binMs, samples: n[at], mean, sd, lower: mean - sd, upper: mean + sd });
      }
      for (const [trace, binned] of traces[cell]!) {
        binned.n.forEach((count, b) => {
          if (count > 0) values.push({ kind: "trace", [NEURON_CLASS]: neuronClass, [WINDOW]: window, trace, t: tStart + b * binMs, value: binned.sum[b]! / count });
        });
      }
    });
  });
  const colors = classColors(classes);
  const x = TIME_AXIS;
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: { text: "Mean trace per neuron class and window", subtitle: `mean ± s.d. over neurons, trials and simulations; in grey, ${wanted} single traces of simulation ${first}, trial 0` },
    data: { values },
    facet: classByWindow(windows),
    spec: {
      width: 300,
      height: 100,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'trace'" }],
          mark: { type: "line", color: "#999", strokeWidth: 0.7, opacity: 0.8 },
          encoding: { x, y: { field: "value", type: "quantitative", scale: { zero: false } }, detail: { field: "trace" } },
        },
        {
          transform: [{ filter: "datum.kind === 'mean'" }],
          mark: { type: "area", opacity: 0.3 },
          encoding: {
            x,
            y: { field: "lower", type: "quantitative", scale: { zero: false }, title: "value (mean ± s.d.)" },
            y2: { field: "upper" },
            color: { field: NEURON_CLASS, type: "nominal", scale: colors, legend: null },
          },
        },
        {
          transform: [{ filter: "datum.kind === 'mean'" }],
          mark: { type: "line", strokeWidth: 1.5 },
          encoding: {
            x,
            y: { field: "mean", type: "quantitative" },
            color: { field: NEURON_CLASS, type: "nominal", scale: colors, legend: null },
            tooltip: [{ field: "t", title: "from (ms)" }, { field: "mean", format: ".3f" }, { field: "sd", format: ".3f" }, { field: "samples" }],
          },
        },
      ],
    },
    resolve: { scale: { x: "independent", y: "independent" } },
  } as Spec;
}

/** For each window (by report category): its start, bin and number of bins (t_stop included). */
function windowBins(tables: Pick<Tables, "windows">, names: readonly string[], binMs?: number) {
  const all = [...windowTrials(tables.windows).values()];
  return names.map((name) => {
    const found = all.find((w) => w.window === name);
    const [tStart, tStop] = found ? [found.tStart, found.tStop] : [0, 1];
    const bin = binMs ?? niceStep((tStop - tStart) / 500);
    return { tStart, binMs: bin, bins: Math.floor((tStop - tStart) / bin + 1e-9) + 1 };
  });
}
