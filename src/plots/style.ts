/** What every figure shares: the spec type, the colours of the neuron classes, the look. */
import type { TopLevelSpec } from "vega-lite";

import type { DataFrame } from "../frame/index.ts";
import { NEURON_CLASS, WINDOW, windowNames } from "./tables.ts";

/** A Vega-Lite specification, as the figure functions return it. */
export type Spec = TopLevelSpec;

/** Rows of a spec's inline data. */
export type Rows = Array<Record<string, unknown>>;

export const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Tableau 20: the first ten are Vega's default category colours. */
const PALETTE = [
  "#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac",
  "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
];

/** The colour of each neuron class, the same in every figure of an analysis. */
export function classColors(classes: readonly string[]): { domain: string[]; range: string[] } {
  return { domain: [...classes], range: classes.map((_, i) => PALETTE[i % PALETTE.length]!) };
}

/** A colour as its red, green and blue bytes. */
export function rgb(color: string): [number, number, number] {
  const n = Number.parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Facets: a row per neuron class, a column per window (in the config's order). */
export function classByWindow(windows: DataFrame) {
  return {
    row: { field: NEURON_CLASS, type: "nominal", title: "neuron class" },
    column: { field: WINDOW, type: "nominal", title: "window", sort: windowNames(windows) },
  } as const;
}

/** Time in a window on x, the field `t`. */
export const TIME_AXIS = { field: "t", type: "quantitative", title: "time in the window (ms)", scale: { nice: false, zero: false } } as const;

/** The look of every figure: a white background (PNG files), a readable font size. */
export const CONFIG = {
  background: "white",
  font: "DejaVu Sans, Helvetica, Arial, sans-serif",
  view: { stroke: "#ddd" },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  header: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12, symbolOpacity: 1 },
  title: { fontSize: 14, anchor: "start" as const },
};
