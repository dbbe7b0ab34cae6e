/** The `blueetl` command line. */
import { existsSync, writeFileSync } from "node:fs";
import { start as startRepl } from "node:repl";
import { Command, InvalidArgumentError, Option } from "commander";
import { type MultiAnalyzer, type RunOptions, exportTables, runFromFile, validateConfig } from "../analysis/index.ts";
import { dumpConfigYaml, migrateConfig, readConfigYaml } from "../config/index.ts";
import { DEFAULT_CAMPAIGN, DEFAULT_NODE_POPULATION, convertSpikes, makeCampaign } from "../generate/index.ts";
import { Cancelled } from "../executor/index.ts";
import { clusterCommands, clusterOptionsOf, executorOptions } from "./cluster.ts";
import { inspect } from "./inspect.ts";
import { Terminal } from "./progress.ts";

/** Whether an analysis is running: one that ends before it finishes (process.exit, or a promise left pending by user code) never exits with 0. */
let running = false;

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

function existingFile(value: string): string {
  if (!existsSync(value)) throw new InvalidArgumentError(`the file '${value}' does not exist`);
  return value;
}

/** `-v` counted, `-q` below zero. */
function terminal(options: { verbose?: number; quiet?: boolean }): Terminal {
  return new Terminal(options.quiet ? -1 : (options.verbose ?? 0));
}

/** The options shared by `run` and `export`: seed, cache overrides, verbosity. */
function analysisOptions(command: Command): Command {
  return command
    .option("--seed <n>", "seed of numpy's generator, for the neuron classes' limit", integer, 0)
    .option("--clear-cache", "delete the cache of each analysis first")
    .option("--no-clear-cache", "keep the cache (overrides the config)")
    .option("--readonly-cache", "never write the cache (fails if it is incomplete)")
    .option("--no-readonly-cache", "allow writing the cache (overrides the config)")
    .option("--skip-features-cache", "do not write the features to the cache")
    .option("--no-skip-features-cache", "write the features to the cache (overrides the config)")
    .option("-v, --verbose", "say what is extracted, calculated or read from the cache", (_, n: number) => n + 1, 0)
    .option("-q, --quiet", "no warnings, no progress");
}

function runOptions(options: Record<string, unknown>, term: Terminal): RunOptions {
  return {
    seed: options["seed"] as number,
    clearCache: options["clearCache"] as boolean | undefined,
    readonlyCache: options["readonlyCache"] as boolean | undefined,
    skipFeaturesCache: options["skipFeaturesCache"] as boolean | undefined,
    logger: term.logger,
  };
}

executorOptions(analysisOptions(
  program
    .command("run")
    .description("Run the analyses of a config: extract the repository and calculate the features (from the cache when it holds them).")
    .argument("<config>", "the analysis config (YAML)", existingFile)
    .option("--extract", "extract the repository (the default)")
    .option("--no-extract", "do not extract the repository")
    .option("--calculate", "calculate the features (the default)")
    .option("--no-calculate", "do not calculate the features")
    .option("--show", "print every table")
    .option("-i, --interactive", "then open a JavaScript prompt with the analyses as `ma`"),
)).action(async (config: string, options: Record<string, unknown>) => {
  running = true;
  const term = terminal(options);
  const started = performance.now();
  const ma = await runFromFile(config, {
    ...runOptions(options, term),
    extract: options["extract"] !== false,
    calculate: options["calculate"] !== false,
    cluster: clusterOptionsOf(options),
  });
  if (ma.detached) return void console.log(ma.detached.message);
  term.info(`done in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  if (options["show"]) console.log(ma.show());
  if (options["interactive"]) await interactive(ma);
  await ma.close();
});

async function interactive(ma: MultiAnalyzer): Promise<void> {
  running = false; // the prompt may be left with process.exit()
  console.log(`The analyses are in \`ma\` (${ma.names.join(", ")}): try ma.analysis("${ma.names[0]}").repo.report.df`);
  const repl = startRepl({ prompt: "blueetl> " });
  repl.context["ma"] = ma;
  await new Promise((done) => repl.on("exit", done));
}

analysisOptions(
  program
    .command("export")
    .description("Write every table of every analysis as <dir>/<analysis>/{repo,features}/<name>.<format>, for pandas or any other reader.")
    .argument("<config>", "the analysis config (YAML)", existingFile)
    .requiredOption("--to <dir>", "output folder")
    .addOption(new Option("--format <format>", "file format").choices(["parquet", "csv", "feather"]).default("parquet")),
).action(async (config: string, options: Record<string, unknown>) => {
  running = true;
  const term = terminal(options);
  const ma = await runFromFile(config, runOptions(options, term));
  try {
    const written = await exportTables(ma, options["to"] as string, options["format"] as "parquet" | "csv" | "feather");
    term.info(`${written.length} tables written to ${options["to"] as string}`);
  } finally {
    await ma.close();
  }
});

analysisOptions(
  program
    .command("report")
    .description("Run the analyses as `run` does (or read them from the cache), then write the report of the campaign: <dir>/index.html, one page that opens offline, and every figure as <dir>/<analysis>/<figure>.svg and .png.")
    .argument("<config>", "the analysis config (YAML)", existingFile)
    .requiredOption("--to <dir>", "output folder")
    .option("--feature <[table.]column>", "the feature drawn over the campaign's coordinates (default: the mean firing rate per neuron class, or the mean of a soma report)"),
).action(async (config: string, options: Record<string, unknown>) => {
  const term = terminal(options);
  const ma = await runFromFile(config, runOptions(options, term));
  try {
    const started = performance.now();
    // Loaded here only: the other commands never load Vega.
    const { writeReport } = await import("../plots/index.ts");
    const analyses = ma.names.map((name) => {
      const analyzer = ma.analysis(name);
      const features = [...analyzer.features.tables()].map(([table, feature]) => ({ name: table, read: () => feature.df, head: (rows: number) => feature.head(rows) }));
      return { name, tables: analyzer.repo.tables(), features };
    });
    const summary = await writeReport(analyses, options["to"] as string, {
      feature: options["feature"] as string | undefined,
      title: `BlueETL report: ${config}`,
      progress: term.progress,
    });
    const seconds = (key: "spec" | "svg") => summary.timings.reduce((sum, t) => sum + t[key], 0).toFixed(2);
    const total = ((performance.now() - started) / 1000).toFixed(2);
    term.info(`report written to ${summary.page} with ${summary.timings.length} figures in ${total} s (specs ${seconds("spec")} s, SVG ${seconds("svg")} s)`);
  } finally {
    await ma.close();
  }
});

program
  .command("validate-config")
  .description("Validate an analysis config: its keys and values, its references, the files and Python functions it names.")
  .argument("<config>", "the analysis config (YAML)", existingFile)
  .action((config: string) => {
    validateConfig(config);
    console.log("Validation successful.");
  });

program
  .command("migrate-config")
  .description("Migrate an analysis config of an older BlueETL (version 1 to 3) to version 4.")
  .argument("<input>", "the config to migrate", existingFile)
  .argument("<output>", "where to write the migrated config")
  .option("--no-sort", "keep the root keys in their order")
  .action((input: string, output: string, options: { sort: boolean }) => {
    const { config, note } = migrateConfig(readConfigYaml(input), { sort: options.sort, file: input });
    if (note) console.log(note);
    writeFileSync(output, dumpConfigYaml(config));
    console.log(`The converted configuration has been saved to ${output}.`);
  });

program
  .command("convert-spikes")
  .description("Convert spikes in CSV format (space-separated: node_ids or ids, timestamps or times) into a SONATA campaign with its analysis config.")
  .argument("<input>", "the CSV file", existingFile)
  .argument("<output-dir>", "output folder")
  .option("--node-population <name>", "name of the node population", DEFAULT_NODE_POPULATION)
  .action(async (input: string, outputDir: string, options: { nodePopulation: string }) => {
    const summary = await convertSpikes(input, outputDir, options.nodePopulation);
    console.log(`Conversion successful: ${summary.spikes} spikes of ${summary.neurons} nodes; analysis config: ${summary.analysisConfig}`);
  });

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
    const summary = await makeCampaign({ ...options, windows: Number(options.windows) }, new Terminal().progress);
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

clusterCommands(program, terminal);

process.on("exit", (code) => {
  if (!running || (code !== 0 && code !== 13)) return;
  new Terminal().error(code === 13 ? "the run stopped: something it waited for can never finish" : "the run stopped before it finished: process.exit was called (by a feature function?)");
  process.exitCode = 1;
});
try {
  await program.parseAsync();
} catch (error) {
  new Terminal().error(error instanceof Error ? error.message : String(error));
  process.exitCode = error instanceof Cancelled ? 130 : 1;
}
running = false;
