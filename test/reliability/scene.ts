/**
 * A scene for the reliability tests: a copy of a generated campaign (so that a test may break its
 * files), its analysis config with the cache inside the scene, a bystander folder beside it, and
 * what a careful user checks after a failed run: the exit code, the message, and that nothing
 * outside the cache folder changed.
 */
import { type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import YAML from "yaml";
import { readTable } from "../../src/cache/index.ts";
import type { CampaignOptions } from "../../src/generate/index.ts";
import { SpikeReader, type SpikeSorting } from "../../src/sonata/index.ts";
import { SpikeWriter } from "../../src/sonata/write/writers.ts";
import { BLUEETL } from "../cli.ts";
import { fixtureCampaign } from "../fixtures.ts";
import { tempDir } from "../tmp.ts";

export const POPULATION = "S1nonbarrel_neurons";
/** Small enough that a run takes about a second. */
const CAMPAIGN: Partial<CampaignOptions> = { neurons: 300, sims: 2, durationMs: 1000, paramCombos: 2 };

export interface Scene {
  dir: string;
  config: string;
  /** The cache folder (`cache.path`); each analysis has its folder in it. */
  cache: string;
  /** The simulation folders' campaign. */
  campaign: string;
  /** The blueetl command in this scene (cwd: the scene), with extra environment variables. */
  run(args: string[], env?: Record<string, string>): SpawnSyncReturns<string>;
  /** Rewrite the config: `edit` changes the parsed YAML in place. */
  edit(edit: (config: any) => void): void;
  spikesFile(simulation: number): string;
}

export async function makeScene(options: Partial<CampaignOptions> = {}): Promise<Scene> {
  const generated = await fixtureCampaign({ ...CAMPAIGN, ...options });
  const dir = tempDir("scene");
  const campaign = join(dir, "campaign");
  cpSync(generated.out, campaign, { recursive: true });
  mkdirSync(join(dir, "bystander"));
  writeFileSync(join(dir, "bystander", "notes.txt"), "a file of the user, next to the cache\n");
  const config = join(dir, "analysis_config.yaml");
  const parsed = YAML.parse(readFileSync(join(campaign, "analysis_config.yaml"), "utf8"));
  parsed.simulation_campaign = "campaign/campaign/config.json";
  parsed.cache = { path: "cache" };
  writeFileSync(config, YAML.stringify(parsed));
  return {
    dir,
    config,
    cache: join(dir, "cache"),
    campaign,
    run: (args, env = {}) => spawnSync(process.execPath, [BLUEETL, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env } }),
    edit(edit) {
      const current = YAML.parse(readFileSync(config, "utf8"));
      edit(current);
      writeFileSync(config, YAML.stringify(current));
    },
    spikesFile: (simulation) => join(campaign, "campaign", String(simulation), "reporting", "spikes.h5"),
  };
}

/** The blueetl command in the background, for runs paused at a moment and killed. */
export function startRun(scene: Scene, args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, [BLUEETL, ...args], { cwd: scene.dir, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, ...env } });
}

/** Resolves once the process prints `text` on stderr; rejects if it exits first. */
export function waitFor(child: ReturnType<typeof startRun>, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes(text)) resolve();
    });
    child.on("exit", (code) => reject(new Error(`the run ended (code ${code}) before printing '${text}':\n${stderr}`)));
  });
}

export function exited(child: ReturnType<typeof startRun>): Promise<[number | null, string | null]> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done([child.exitCode, child.signalCode]);
    else child.on("exit", (...result) => done(result));
  });
}

/**
 * Every file under `root` outside the `except` folders, with a hash of its content. A temporary
 * (`.tmp`) gone between the listing and the reading is left out: the writer threads of a paused
 * run go on with the tables they were given, and DuckDB renames its own temporary into ours.
 */
export function snapshot(root: string, except: string[]): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (except.some((e) => path === e || path.startsWith(`${e}/`))) continue;
      if (entry.isDirectory()) walk(path);
      else {
        const content = readIfThere(path);
        if (content) files.set(relative(root, path), createHash("sha1").update(content).digest("hex"));
      }
    }
  };
  walk(root);
  return files;
}

function readIfThere(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    if (path.endsWith(".tmp") && (error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** The files that differ between two snapshots (added, removed or changed). */
export function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f)).sort();
}

/** Every table of an analysis' cache, by file name, as comparable values. */
export function cachedTables(analysisFolder: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const sub of ["repo", "features"]) {
    const folder = join(analysisFolder, sub);
    for (const name of existsSync(folder) ? readdirSync(folder).sort() : []) {
      const df = readTable(join(folder, name), "parquet");
      out[`${sub}/${name}`] = { index: df.indexNames, names: df.names, dtypes: df.names.map((c) => df.column(c).dtype), rows: df.records() };
    }
  }
  return out;
}

/** Rewrite a spikes file with its spikes changed by `edit` (the project's own writer), marked `sorting`. */
export async function rewriteSpikes(path: string, edit: (nodeIds: Uint32Array, times: Float64Array) => void, sorting: SpikeSorting = "by_time"): Promise<void> {
  const reader = await SpikeReader.open(path);
  const { nodeIds, times } = reader.population(POPULATION).get();
  reader.close();
  edit(nodeIds, times);
  const writer = await SpikeWriter.create(path, POPULATION, sorting);
  writer.append(nodeIds, times);
  writer.close();
}
