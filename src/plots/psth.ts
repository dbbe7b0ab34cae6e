/**
 * The PSTH of each neuron class and window, trials pooled: the firing rate per neuron in each
 * time bin, one line per simulation.
 */
import { CONFIG, type Rows, SCHEMA, type Spec, TIME_AXIS, classByWindow } from "./style.ts";
import {
  NEURON_CLASS,
  SIMULATION_ID,
  TIME,
  type Tables,
  WINDOW,
  binOf,
  niceStep,
  numbers,
  rowsOf,
  spikeIndex,
  stackOf,
  windowTrials,
} from "./tables.ts";

export interface PsthOptions {
  /** Bin in ms, for every window (by default about a hundredth of each window). */
  binMs?: number;
}

/**
 * Rows: simulation_id, neuron_class, window, t and t2 (the bin), count (report rows in the bin,
 * every trial), rate (count per neuron, trial and second).
 */
export function psthFigure(tables: Pick<Tables, "report" | "neurons" | "windows">, options: PsthOptions = {}): Spec {
  const { report, neurons, windows } = tables;
  const index = spikeIndex(report, neurons);
  const time = numbers(report, TIME, "report");
  const values: Rows = [];
  for (const window of windowTrials(windows).values()) {
    const { simulationId, window: name } = window;
    const stack = stackOf(index, window);
    const { tStart, tStop } = window;
    const binMs = options.binMs ?? niceStep((tStop - tStart) / 100);
    const bins = Math.max(1, Math.ceil((tStop - tStart) / binMs - 1e-9));
    const counts = new Float64Array(index.classes.length * bins);
    for (const r of rowsOf(report, [SIMULATION_ID, WINDOW], [simulationId, name])) {
      const k = index.classOf[r]!;
      if (k >= 0) counts[k * bins + binOf(time[r]!, tStart, binMs, bins)]!++;
    }
    index.classes.forEach((neuronClass, k) => {
      if (stack.count[k] === 0) return;
      const cells = stack.count[k]! * window.trials;
      for (let b = 0; b < bins; b++) {
        const t = tStart + b * binMs;
        const t2 = Math.min(tStop, t + binMs);
        const count = counts[k * bins + b]!;
        values.push({ [SIMULATION_ID]: simulationId, [NEURON_CLASS]: neuronClass, [WINDOW]: name, t, t2, count, rate: (count * 1000) / (cells * (t2 - t)) });
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
        tooltip: [{ field: SIMULATION_ID }, { field: "t", title: "from (ms)" }, { field: "count" }, { field: "rate", format: ".2f" }],
      },
    },
    resolve: { scale: { x: "independent", y: "independent" } },
  } as Spec;
}
