/**
 * The campaigns of the plot tests, made by our generator: its own (one varying coordinate, `ca`,
 * over 2 simulations with spikes and a soma report), and the same simulations seen as a campaign
 * of three coordinates (`ca`, `depol`, `mg`, 4 simulations, each file used twice).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";
import { type MultiAnalyzer, runFromFile } from "../../src/analysis/index.ts";
import { fixtureCampaign } from "../fixtures.ts";
import { tempDir } from "../tmp.ts";

export const OPTIONS = { somaNodes: 20 };

/** A copy of the generated analysis config in a folder of its own, on the generated campaign or a campaign of three coordinates. */
export async function plotConfig(coordinates: 1 | 3, edit?: (config: any) => void): Promise<{ config: string; dir: string }> {
  const campaign = await fixtureCampaign(OPTIONS);
  const dir = tempDir("plots");
  const config = YAML.parse(readFileSync(campaign.analysisConfig, "utf8"));
  config.simulation_campaign = join(campaign.out, "campaign", "config.json");
  if (coordinates === 3) {
    const simulation = (i: number) => join(campaign.out, "campaign", String(i), "simulation_config.json");
    const data = [
      { ca: 1.05, depol: 80, mg: 1, simulation_path: simulation(0) },
      { ca: 1.05, depol: 100, mg: 2, simulation_path: simulation(0) },
      { ca: 1.2, depol: 80, mg: 2, simulation_path: simulation(1) },
      { ca: 1.2, depol: 100, mg: 1, simulation_path: simulation(1) },
    ];
    const attrs = { circuit_config: join(campaign.out, "circuit", "circuit_config.json") };
    writeFileSync(join(dir, "campaign.yaml"), YAML.stringify({ format: "blueetl", version: 1, name: "three coordinates", attrs, data }));
    config.simulation_campaign = "campaign.yaml";
  }
  edit?.(config);
  writeFileSync(join(dir, "analysis_config.yaml"), YAML.stringify(config));
  return { config: join(dir, "analysis_config.yaml"), dir };
}

const runs = new Map<number, Promise<MultiAnalyzer>>();

/** The analyses of a plot campaign, run once per test process. */
export function plotAnalyses(coordinates: 1 | 3): Promise<MultiAnalyzer> {
  let run = runs.get(coordinates);
  if (!run) runs.set(coordinates, (run = plotConfig(coordinates).then(({ config }) => runFromFile(config, { logLevel: "error" }))));
  return run;
}
