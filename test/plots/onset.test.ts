/**
 * `onset_from_spikes` with `figures_path`: its diagnostic figure (the smoothed histogram of the
 * spikes around the trials, the threshold, the onset) is written as SVG and PNG at
 * `<base_path>/<figures_path>` and nowhere else; its numbers are those of the spikes, counted
 * here again from the SONATA file, and the onset is the offset found in the windows table.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { MultiAnalyzer } from "../../src/analysis/index.ts";
import { onsetDiagnostic } from "../../src/extract/index.ts";
import { gaussianFilter } from "../../src/numeric/index.ts";
import { onsetFigure } from "../../src/plots/index.ts";
import { Simulation } from "../../src/sonata/index.ts";
import { plotConfig } from "./campaign.ts";

const PARAMS = { bounds: [-40, 60] as [number, number], histo_bins_per_ms: 1, smoothing_width: 1, threshold_std_multiple: 3, ms_post_offset: 0 };
const TRIALS = [400, 600, 800];

test("onset_from_spikes with figures_path: one figure per simulation and window, at <base_path>/<figures_path> only", async () => {
  const { config, dir } = await plotConfig(1, (c) => {
    delete c.analysis.soma;
    const spikes = c.analysis.spikes.extraction;
    spikes.trial_steps = { onset: { function: "blueetl.external.bnac.calculate_trial_step.onset_from_spikes", ...PARAMS, figures_path: "figures/onset" } };
    spikes.windows = { evoked: { bounds: [0, 50], initial_offset: 400, n_trials: 3, trial_steps_value: 200, trial_steps_label: "onset" } };
  });
  const before = readdirSync(dir);
  const ma = MultiAnalyzer.fromFile(config);
  const windows = await ma.analysis("spikes").repo.table("windows");
  const simulations = ma.analysis("spikes").repo.df("simulations").records();
  await ma.close();
  assert.deepEqual(readdirSync(dir).filter((f) => !before.includes(f)).sort(), ["analysis_output", "figures"]);
  assert.deepEqual(readdirSync(join(dir, "figures")), ["onset"]);
  assert.deepEqual(readdirSync(join(dir, "figures", "onset")).sort(), ["onset_evoked_0.png", "onset_evoked_0.svg", "onset_evoked_1.png", "onset_evoked_1.svg"]);

  for (const simulation of simulations) {
    const id = simulation["simulation_id"] as number;
    // The spikes of every neuron around each trial's offset, relative to it.
    const sonata = Simulation.open(simulation["simulation_path"] as string);
    const { times } = (await sonata.spikes()).population("S1nonbarrel_neurons").get({});
    await sonata.close();
    const perTrial = TRIALS.map((offset) => Float64Array.from(Array.from(times).filter((t) => t >= offset - 40 && t <= offset + 60), (t) => t - offset));
    const counts = new Float64Array(100);
    for (const trial of perTrial) for (const t of trial) counts[Math.min(99, Math.floor(t + 40))]!++;
    const smoothed = gaussianFilter(counts, 1, true);
    const pre = Array.from(smoothed.subarray(0, 40));
    const mean = pre.reduce((a, b) => a + b, 0) / pre.length;
    const threshold = mean + 3 * Math.sqrt(pre.reduce((a, b) => a + (b - mean) ** 2, 0) / pre.length);
    const onset = Math.max(0, Array.from(smoothed.subarray(40)).findIndex((v) => v > threshold));
    const offsets = windows.q({ simulation_id: id }).records().map((w) => (w["offset"] as number) - TRIALS[w["trial"] as number]!);
    assert.deepEqual(offsets, [onset, onset, onset]);

    const spec: any = onsetFigure(onsetDiagnostic(perTrial, PARAMS));
    assert.deepEqual(spec.layer[0].data.values, Array.from(smoothed, (count, b) => ({ t: b - 40, count })));
    assert.ok(Math.abs(spec.layer[1].data.values[0].threshold - threshold) < 1e-9);
    assert.equal(spec.layer[2].data.values[0].onset, onset);
    const svg = readFileSync(join(dir, "figures", "onset", `onset_evoked_${id}.svg`), "utf8");
    assert.ok(svg.includes(`onset_from_spikes: simulation ${id}, window evoked`));
    assert.ok(svg.includes(`onset ${onset} ms`), `the figure of simulation ${id} says its onset`);
  }
});
