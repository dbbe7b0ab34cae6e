/**
 * Static files of a figure: Vega-Lite compiled to Vega, rendered headless to SVG by Vega (no
 * DOM, no canvas), and the SVG rasterised to PNG by resvg. Vega and resvg are loaded on first
 * use, so that importing the figure functions stays light.
 */
import type { ResvgRenderOptions } from "@resvg/resvg-js";
import type { Spec } from "./style.ts";

let libraries: Promise<{ vega: typeof import("vega"); compile: typeof import("vega-lite").compile }> | undefined;

function load() {
  libraries ??= Promise.all([import("vega"), import("vega-lite")]).then(([vega, vegaLite]) => ({ vega, compile: vegaLite.compile }));
  return libraries;
}

/** The figure as an SVG document. */
export async function toSvg(spec: Spec): Promise<string> {
  const { vega, compile } = await load();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Text drawn with the system's fonts; sans-serif as DejaVu Sans where it is installed (Debian's default). */
const PNG_OPTIONS: ResvgRenderOptions = { font: { loadSystemFonts: true, sansSerifFamily: "DejaVu Sans", defaultFontFamily: "DejaVu Sans" } };

/** The figure as a PNG image, `scale` pixels per SVG pixel (2 by default, for sharp text). */
export async function toPng(spec: Spec, options: { scale?: number } = {}): Promise<Buffer> {
  return svgToPng(await toSvg(spec), options);
}

/** An SVG document as a PNG image, rasterised in libuv's thread pool. */
export async function svgToPng(svg: string, options: { scale?: number } = {}): Promise<Buffer> {
  const { renderAsync } = await import("@resvg/resvg-js");
  const image = await renderAsync(svg, { ...PNG_OPTIONS, fitTo: { mode: "zoom", value: options.scale ?? 2 } });
  return image.asPng();
}
