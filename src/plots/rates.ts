/**
 * Firing rates per neuron class and window across the simulations: box plots of the rate of
 * each neuron (its spikes over all trials / (trials x duration), 0 for a silent neuron), one box
 * per simulation. The quartiles are computed here, so the page holds a few numbers per box
 * rather than one point per neuron.
 */
import { CONFIG, type Rows, SCHEMA, type Spec } from "./style.ts";
import { NEURON_CLASS, SIMULATION_ID, type Tables, WINDOW, rowsOf, spikeIndex, stackOf, windowNames, windowTrials } from "./tables.ts";

/**
 * Rows: simulation_id, window, neuron_class, neurons, mean, q1, median, q3 (linear interpolation,
 * numpy's default), lower and upper (Tukey's whiskers: the extreme rates within 1.5 IQR of the
 * box), min, max.
 */
export function firingRatesFigure(tables: Pick<Tables, "report" | "neurons" | "windows">): Spec {
  const { report, neurons, windows } = tables;
  const index = spikeIndex(report, neurons);
  const values: Rows = [];
  for (const window of windowTrials(windows).values()) {
    const stack = stackOf(index, window);
    const spikes = new Float64Array(stack.slots);
    for (const r of rowsOf(report, [SIMULATION_ID, WINDOW], [window.simulationId, window.window])) {
      const slot = index.slot[r]!;
      if (slot >= 0) spikes[slot - stack.first]!++;
    }
    const trialMs = window.trials * (window.tStop - window.tStart);
    index.classes.forEach((neuronClass, k) => {
      if (stack.count[k] === 0) return;
      const rates = spikes.slice(stack.base[k]!, stack.base[k]! + stack.count[k]!).map((n) => (n * 1000) / trialMs);
      values.push({ [SIMULATION_ID]: window.simulationId, [WINDOW]: window.window, [NEURON_CLASS]: neuronClass, ...boxStatistics(rates) });
    });
  }
  const x = { field: NEURON_CLASS, type: "nominal" as const, title: "neuron class", axis: { labelAngle: -30 } };
  const offset = { field: SIMULATION_ID, type: "nominal" as const };
  const color = { field: SIMULATION_ID, type: "nominal" as const, title: "simulation" };
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
            tooltip: [{ field: SIMULATION_ID }, { field: NEURON_CLASS }, { field: "neurons" }, ...["mean", "q1", "median", "q3", "max"].map((field) => ({ field, format: ".2f" }))],
          },
        },
        // The median as a box of no height, its outline drawn.
        { mark: { type: "bar", width: { band: 0.8 }, stroke: "black", strokeWidth: 1.5 }, encoding: { x, xOffset: offset, y: { field: "median", type: "quantitative" }, y2: { field: "median" } } },
      ],
    },
  } as Spec;
}

export function boxStatistics(values: Float64Array): Record<string, number> {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const q = (p: number) => {
    const at = (n - 1) * p;
    const lo = Math.floor(at);
    return lo + 1 < n ? sorted[lo]! + (sorted[lo + 1]! - sorted[lo]!) * (at - lo) : sorted[lo]!;
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
  return { neurons: n, mean: sum / n, min: sorted[0]!, q1, median, q3, max: sorted[n - 1]!, lower, upper };
}
