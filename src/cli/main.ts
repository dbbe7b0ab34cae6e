/** The `blueetl` command line. */
import { Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_CAMPAIGN, makeCampaign } from "../generate/index.ts";
import { inspect } from "./inspect.ts";
import { progressBar } from "./progress.ts";

const program = new Command("blueetl")
  .description("Analysis of campaigns of SONATA simulations, compatible with BlueETL 0.13.4 configs.")
  .version("0.1.0")
  .showHelpAfterError();

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError(`expected an integer, got '${value}'`);
  return n;
}

function number(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got '${value}'`);
  return n;
}

const d = DEFAULT_CAMPAIGN;
program
  .command("make-campaign")
  .description("Write a synthetic SONATA campaign (circuit, simulations, campaign and analysis configs).")
  .requiredOption("--out <dir>", "output folder (created)")
  .option("--neurons <n>", "number of neurons", integer, d.neurons)
  .option("--sims <n>", "number of simulations", integer, d.sims)
  .option("--duration-ms <ms>", "duration of each simulation (at least 500)", number, d.durationMs)
  .option("--rate-hz <hz>", "mean firing rate", number, d.rateHz)
  .option("--seed <n>", "seed of every random draw", integer, d.seed)
  .option("--soma-nodes <n>", "nodes in a soma report (none when 0)", integer, d.somaNodes)
  .option("--soma-dt <ms>", "time step of the soma report", number, d.somaDt)
  .option("--neuron-classes <n>", "neuron classes of the spikes analysis (1-12)", integer, d.neuronClasses)
  .addOption(new Option("--windows <n>", "windows of the spikes analysis").choices(["2", "3"]).default("2"))
  .option("--param-combos <n>", "parameter sets of the features", integer, d.paramCombos)
  .addOption(new Option("--analyses <which>", "analyses of the config").choices(["auto", "spikes", "soma", "both"]).default(d.analyses))
  .option("--population <name>", "node population", d.population)
  .action(async (options) => {
    const summary = await makeCampaign({ ...options, windows: Number(options.windows) }, progressBar("make-campaign"));
    const total = summary.spikes.reduce((a, b) => a + b, 0);
    console.log(`${summary.out}: ${summary.neurons} neurons, ${summary.spikes.length} simulations, ${total} spikes`);
    console.log(`analysis config: ${summary.analysisConfig}`);
  });

program
  .command("inspect")
  .description("Describe a SONATA simulation or circuit config, or a nodes, spikes or report file.")
  .argument("<path>", "simulation_config.json, circuit_config.json or a .h5 file")
  .action(async (path: string) => {
    console.log(await inspect(path));
  });

try {
  await program.parseAsync();
} catch (error) {
  console.error(`blueetl: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
