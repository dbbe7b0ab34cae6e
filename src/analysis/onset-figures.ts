/**
 * The diagnostic figures that `onset_from_spikes` calls with `figures_path` ask for, drawn
 * through plots (loaded only when there is one) into `<base_path>/<figures_path>` and nowhere
 * else: `onset_<window>_<simulation_id>.svg` and `.png`, one per simulation and window (BlueETL
 * writes one `plot.pdf`, which each call overwrites).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { OnsetFigure } from "../extract/index.ts";
import type { Logger } from "./log.ts";

export async function writeOnsetFigures(figures: readonly OnsetFigure[], logger: Logger): Promise<void> {
  if (figures.length === 0) return;
  const { onsetFigure, svgToPng, toSvg } = await import("../plots/index.ts");
  for (const { simulationId, window, folder, diagnostic } of figures) {
    const svg = await toSvg(onsetFigure(diagnostic, `onset_from_spikes: simulation ${simulationId}, window ${window}`));
    const path = join(folder, `onset_${window.replace(/[^\w.-]/g, "_")}_${simulationId}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(`${path}.svg`, svg);
    writeFileSync(`${path}.png`, await svgToPng(svg));
    logger.info(`Figures path: ${path}.svg (and .png)`);
  }
}
