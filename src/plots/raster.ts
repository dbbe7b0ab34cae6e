/**
 * The raster of one simulation and window: the neurons stacked by class on y, time on x, the
 * spikes of every trial binned into one image (a million spikes make an image of a few hundred
 * pixels a side, never a million marks); the population PSTH, stacked by class, under it.
 */
import type { DataFrame } from "../frame/index.ts";
import { encodePng } from "./png.ts";
import { CONFIG, type Rows, SCHEMA, type Spec, classColors, rgb } from "./style.ts";
import {
  NEURON_CLASS,
  SIMULATION_ID,
  type Stack,
  TIME,
  type Tables,
  WINDOW,
  binOf,
  coordinatesLabel,
  niceStep,
  numbers,
  rowsOf,
  spikeIndex,
  stackOf,
  windowOf,
  windowTrials,
} from "./tables.ts";

export interface RasterOptions {
  simulationId: number;
  window: string;
  /** Width of the raster in pixels (640). */
  width?: number;
  /** Height of the raster at most, in pixels (320); fewer when there are fewer neurons. */
  height?: number;
  /** Bin of the PSTH in ms (by default about a hundredth of the window). */
  binMs?: number;
}

export function rasterFigure(
  tables: Pick<Tables, "report" | "neurons" | "windows"> & { simulations?: DataFrame },
  options: RasterOptions,
): Spec {
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
    const t = time[r]! - tStart;
    const k = index.classOf[r]!;
    if (k >= 0) psth[k * bins + binOf(time[r]!, tStart, binMs, bins)]!++;
    const slot = index.slot[r]!;
    if (slot < 0) continue;
    const x = Math.min(width - 1, Math.max(0, Math.floor((t / duration) * width)));
    const y = Math.min(height - 1, Math.floor(((slot - stack.first) * height) / stack.slots));
    pixels[y * width + x]!++;
  }
  const colors = classColors(index.classes);
  const image = rasterImage(pixels, width, height, rowColors(stack, height, colors.range));
  const present = index.classes.map((_, k) => k).filter((k) => stack.count[k]! > 0);
  const bands: Rows = present.map((k) => ({
    [NEURON_CLASS]: index.classes[k],
    first: stack.base[k],
    end: stack.base[k]! + stack.count[k]!,
    neurons: stack.count[k],
  }));
  const histogram: Rows = present.flatMap((k) =>
    Array.from({ length: bins }, (_, b) => ({
      [NEURON_CLASS]: index.classes[k],
      t: tStart + b * binMs,
      t2: Math.min(tStop, tStart + (b + 1) * binMs),
      count: psth[k * bins + b],
    })),
  );
  const x = { type: "quantitative" as const, scale: { domain: [tStart, tStop], nice: false, zero: false, padding: 0 } };
  const coordinates = coordinatesLabel(tables.simulations, simulationId);
  return {
    $schema: SCHEMA,
    config: CONFIG,
    title: {
      text: `Raster: simulation ${simulationId}${coordinates ? ` (${coordinates})` : ""}, window ${window}`,
      subtitle: `${rows.length} spikes, ${bounds.trials} trial${bounds.trials > 1 ? "s" : ""} pooled; PSTH in ${binMs} ms bins`,
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
              tooltip: [{ field: NEURON_CLASS }, { field: "neurons" }],
            },
          },
          {
            data: { values: [{ url: `data:image/png;base64,${image.toString("base64")}`, t0: tStart, t1: tStop, y0: 0, y1: stack.slots }] },
            mark: { type: "image", aspect: false, smooth: false },
            encoding: {
              x: { ...x, field: "t0", axis: { labels: false, title: null } },
              x2: { field: "t1" },
              y: { field: "y0", type: "quantitative" },
              y2: { field: "y1" },
              url: { field: "url", type: "nominal" },
            },
          },
        ],
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
          tooltip: [{ field: NEURON_CLASS }, { field: "t", title: "from (ms)" }, { field: "count" }],
        },
      },
    ],
  } as Spec;
}

/** The colour of each pixel row: the class of the neuron at its middle. */
function rowColors(stack: Stack, height: number, palette: string[]): Array<[number, number, number]> {
  return Array.from({ length: height }, (_, y) => {
    const slot = ((y + 0.5) * stack.slots) / height;
    let k = 0;
    for (let c = 0; c < stack.base.length; c++) if (stack.count[c]! > 0 && stack.base[c]! <= slot) k = c;
    return rgb(palette[k]!);
  });
}

/** Counts as colour on transparency: one spike is faint, the busiest pixel opaque (log scale). */
function rasterImage(pixels: Uint32Array, width: number, height: number, colors: Array<[number, number, number]>): Buffer {
  let max = 0;
  for (const c of pixels) if (c > max) max = c;
  const rgba = new Uint8Array(width * height * 4);
  const scale = 1 / Math.log1p(Math.max(max, 1));
  for (let y = 0; y < height; y++) {
    const [r, g, b] = colors[y]!;
    for (let x = 0; x < width; x++) {
      const c = pixels[y * width + x]!;
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
