/**
 * `makeCampaign`: a complete, valid SONATA campaign of any size (circuit, simulations with spikes
 * and optional soma reports, a bbp-workflow campaign config and a BlueETL analysis config),
 * deterministic from its options. Simulations are written one time block at a time.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { FrameReportWriter, SpikeWriter } from "../sonata/write/writers.ts";
import { SomaVoltage, firingRates, simulate, stimuli } from "./activity.ts";
import { type Neurons, makeNeurons, writeCircuit } from "./circuit.ts";
import { SPIKE_NEURON_CLASSES, analysisConfig, campaignConfig, simulationConfig } from "./configs.ts";
import { Random } from "./random.ts";

export interface CampaignOptions {
  out: string;
  neurons: number;
  sims: number;
  durationMs: number;
  rateHz: number;
  seed: number;
  /** Nodes in each simulation's soma report (none when 0). */
  somaNodes: number;
  somaDt: number;
  /** Neuron classes of the spikes analysis, 1 to 12. */
  neuronClasses: number;
  windows: 2 | 3;
  /** Parameter sets of the features (a params_product). */
  paramCombos: number;
  analyses: "auto" | "spikes" | "soma" | "both";
  population: string;
}

export const DEFAULT_CAMPAIGN: Omit<CampaignOptions, "out"> = {
  neurons: 10000,
  sims: 4,
  durationMs: 2000,
  rateHz: 5,
  seed: 1,
  somaNodes: 0,
  somaDt: 0.1,
  neuronClasses: 6,
  windows: 2,
  paramCombos: 4,
  analyses: "auto",
  population: "S1nonbarrel_neurons",
};

export interface CampaignSummary {
  out: string;
  neurons: number;
  spikes: number[];
  somaFrames: number | undefined;
  analysisConfig: string;
}

/** Called after each simulation, so that a terminal can show progress. */
export type Progress = (done: number, total: number, step: string, detail?: string) => void;

export async function makeCampaign(options: CampaignOptions, progress?: Progress): Promise<CampaignSummary> {
  checkOptions(options);
  const out = resolve(options.out);
  const { population, seed, durationMs } = options;
  const schedule = stimuli(durationMs);
  const withSoma = options.somaNodes > 0;
  const neurons = makeNeurons(options.neurons, seed);
  const somaNodes = withSoma ? new Random(seed, 3).sample(options.neurons, options.somaNodes) : undefined;
  mkdirSync(join(out, "circuit"), { recursive: true });
  await writeCircuit(join(out, "circuit"), population, neurons, seed, somaNodes);

  const rates = firingRates(neurons, options.rateHz, seed);
  const calcium = options.sims % 2 === 0 ? [1.05, 1.2] : [1.1];
  const rateFactors = calcium.length === 2 ? [0.9, 1.1] : [1];
  const perCalcium = options.sims / calcium.length;
  const seedRandom = new Random(seed, 4);
  const distinctSeeds = Array.from({ length: perCalcium }, () => 100000 + seedRandom.int(900000));
  const seeds = calcium.flatMap(() => distinctSeeds);
  const name = `synthetic-n${options.neurons}-s${options.sims}-t${durationMs}-seed${seed}`;
  writeJson(join(out, "campaign", "config.json"), campaignConfig(name, seeds, calcium, durationMs));

  const spikes: number[] = [];
  let somaFrames: number | undefined;
  progress?.(0, options.sims, "writing the simulations", "simulation 0");
  for (let sim = 0; sim < options.sims; sim++) {
    const level = Math.floor(sim / perCalcium);
    const dir = join(out, "campaign", String(sim));
    mkdirSync(join(dir, "reporting"), { recursive: true });
    writeJson(
      join(dir, "simulation_config.json"),
      simulationConfig({
        seed: seeds[sim]!,
        calcium: calcium[level]!,
        durationMs,
        stimuli: schedule,
        somaDt: withSoma ? options.somaDt : undefined,
      }),
    );
    const written = await writeSimulation(dir, options, neurons, rates, rateFactors[level]!, sim, somaNodes);
    spikes.push(written.spikes);
    somaFrames = written.frames;
    progress?.(sim + 1, options.sims, "writing the simulations", `simulation ${sim + 1}`);
  }

  const analysisPath = join(out, "analysis_config.yaml");
  const spikesAnalysis = options.analyses !== "soma";
  const somaAnalysis = options.analyses === "soma" || options.analyses === "both" || (options.analyses === "auto" && withSoma);
  writeFileSync(
    analysisPath,
    analysisConfig({
      commandLine: commandLine(options),
      population,
      stimuli: schedule,
      neuronClasses: options.neuronClasses,
      windows: options.windows,
      paramCombos: options.paramCombos,
      spikes: spikesAnalysis,
      soma: somaAnalysis,
    }),
  );
  writeJson(join(out, "generator.json"), {
    command: commandLine(options),
    options: { ...options, out: undefined },
    stimuli: schedule,
    inhibitory_neurons: neurons.inhibitory.reduce((a, b) => a + b, 0),
    spikes,
    total_spikes: spikes.reduce((a, b) => a + b, 0),
    soma_frames: somaFrames,
  });
  return { out, neurons: options.neurons, spikes, somaFrames, analysisConfig: analysisPath };
}

async function writeSimulation(
  dir: string,
  options: CampaignOptions,
  neurons: Neurons,
  rates: Float64Array,
  rateFactor: number,
  sim: number,
  somaNodes: Uint32Array | undefined,
): Promise<{ spikes: number; frames: number | undefined }> {
  const { population, seed, durationMs } = options;
  const spikeWriter = await SpikeWriter.create(join(dir, "reporting", "spikes.h5"), population, "by_time");
  let soma: { voltage: SomaVoltage; writer: FrameReportWriter } | undefined;
  if (somaNodes) {
    const random = new Random(seed, 5, sim);
    const rest = Float64Array.from(somaNodes, (id) => (neurons.inhibitory[id] ? -62 : -68) + 3 * random.normal());
    soma = {
      voltage: new SomaVoltage(somaNodes, rest, options.somaDt, durationMs, random),
      writer: await FrameReportWriter.create(join(dir, "reporting", "soma.h5"), population, {
        nodeIds: somaNodes,
        times: { start: 0, stop: durationMs, dt: options.somaDt },
      }),
    };
  }
  try {
    for (const block of simulate(neurons, rates, durationMs, rateFactor, new Random(seed, 6, sim))) {
      spikeWriter.append(block.spikes.nodeIds, block.spikes.times);
      soma?.writer.appendFrames(soma.voltage.frames(block.stop, block.spikes));
    }
    return { spikes: spikeWriter.size, frames: soma?.writer.frames };
  } finally {
    spikeWriter.close();
    soma?.writer.close();
  }
}

function checkOptions(options: CampaignOptions): void {
  const fail = (message: string): never => {
    throw new Error(`make-campaign: ${message}`);
  };
  if (!Number.isInteger(options.neurons) || options.neurons < 10) fail("--neurons must be an integer >= 10");
  if (!Number.isInteger(options.sims) || options.sims < 1) fail("--sims must be an integer >= 1");
  if (!(options.rateHz > 0)) fail("--rate-hz must be > 0");
  if (!(options.somaDt > 0)) fail("--soma-dt must be > 0");
  if (!Number.isInteger(options.somaNodes) || options.somaNodes < 0 || options.somaNodes > options.neurons) {
    fail("--soma-nodes must be between 0 and --neurons");
  }
  if (options.neuronClasses < 1 || options.neuronClasses > SPIKE_NEURON_CLASSES.length) {
    fail(`--neuron-classes must be between 1 and ${SPIKE_NEURON_CLASSES.length}`);
  }
  if ((options.analyses === "soma" || options.analyses === "both") && options.somaNodes === 0) {
    fail("a soma analysis needs --soma-nodes > 0");
  }
  if (!Number.isInteger(options.paramCombos) || options.paramCombos < 1) fail("--param-combos must be an integer >= 1");
}

function commandLine(options: CampaignOptions): string {
  const o = options;
  return [
    "blueetl make-campaign",
    `--neurons ${o.neurons} --sims ${o.sims} --duration-ms ${o.durationMs} --rate-hz ${o.rateHz} --seed ${o.seed}`,
    o.somaNodes ? `--soma-nodes ${o.somaNodes} --soma-dt ${o.somaDt}` : "",
    `--neuron-classes ${o.neuronClasses} --windows ${o.windows} --param-combos ${o.paramCombos}`,
    `--analyses ${o.analyses} --population ${o.population}`,
  ]
    .filter(Boolean)
    .join(" ");
}

function writeJson(path: string, value: unknown): void {
  mkdirSync(resolve(path, ".."), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
