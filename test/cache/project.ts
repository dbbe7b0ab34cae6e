/**
 * An analysis of a generated campaign in its own folder: the generator's spikes analysis with
 * BlueETL's bnac features, plus a user feature function (`user-features.ts`) that counts its
 * calls in `globalThis`, so that a test can tell what was computed and what came from the cache.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import YAML from "yaml";
import type { Logger } from "../../src/index.ts";
import { fixtureCampaign } from "../fixtures.ts";
import { tempDir } from "../tmp.ts";

const SOURCE = join(import.meta.dirname, "..", "..", "src", "index.ts");

export interface Project {
  dir: string;
  config: string;
  /** Rewrite the config: `edit` changes the parsed YAML in place. */
  edit(edit: (config: any) => void): void;
  /** Rewrite the user function, its output column `version` set to `version`. */
  writeFunction(version: number): void;
  /** Replace the user module by `body`, after an import of DataFrame and numeric. */
  writeModule(body: string): void;
}

export async function makeProject(campaignOptions: Record<string, unknown> = {}): Promise<Project> {
  const campaign = await fixtureCampaign(campaignOptions);
  const dir = tempDir("project");
  const config = YAML.parse(readFileSync(campaign.analysisConfig, "utf8"));
  config.simulation_campaign = join(campaign.out, "campaign", "config.json");
  delete config.analysis.soma;
  config.analysis.spikes.features.push({
    type: "single",
    name: "spike_counts",
    groupby: ["simulation_id", "circuit_id", "neuron_class"],
    function: "user-features.ts:spikeCounts",
    params: { scale: 1 },
  });
  const path = join(dir, "analysis_config.yaml");
  const project: Project = {
    dir,
    config: path,
    edit(edit) {
      const current = YAML.parse(readFileSync(path, "utf8"));
      edit(current);
      writeFileSync(path, YAML.stringify(current));
    },
    writeFunction(version) {
      project.writeModule(userFunction(version));
    },
    writeModule(body) {
      writeFileSync(join(dir, "user-features.ts"), `import { DataFrame, numeric } from ${JSON.stringify(pathToFileURL(SOURCE).href)};\n${body}`);
    },
  };
  writeFileSync(path, YAML.stringify(config));
  project.writeFunction(1);
  return project;
}

function userFunction(version: number): string {
  return `/** Spikes of the group, times a scale. */
export function spikeCounts({ df, params }: { df: DataFrame; params: { scale: number } }) {
  (globalThis as any).userCalls = ((globalThis as any).userCalls ?? 0) + 1;
  const times = df.column("time") as any;
  let spikes = 0;
  for (const t of times.values) if (!Number.isNaN(t)) spikes++;
  return new DataFrame({ spikes: numeric("float64", [spikes * params.scale]), version: numeric("int64", [${version}]) });
}
`;
}

/** Calls of the user function since the last reset. */
export function userCalls(reset = false): number {
  const calls = ((globalThis as any).userCalls ?? 0) as number;
  if (reset) (globalThis as any).userCalls = 0;
  return calls;
}

/** A logger that keeps the information lines. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: () => {} };
}
