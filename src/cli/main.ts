/**
 * The `blueetl` command line: BlueETL 0.13.4's commands with every option of theirs (README,
 * "BlueETL's command line and ours"), and ours beside them.
 */
import { existsSync, writeFileSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { type MultiAnalyzer, type RunOptions, exportTables, runFromFile, validateConfig } from "../analysis/index.ts";
import { dumpConfigYaml, migrateConfig, readConfigYaml } from "../config/index.ts";
import { DEFAULT_CAMPAIGN, DEFAULT_NODE_POPULATION, convertSpikes, makeCampaign } from "../generate/index.ts";
import { checkEnvironment } from "./environment.ts";
import { describeError } from "./errors.ts";
import { inspect, showTable } from "./inspect.ts";
import { Cancelled } from "../executor/index.ts";
import { clusterCommands, clusterOptionsOf, executorOptions } from "./cluster.ts";
import { Terminal } from "./progress.ts";
import { BLUEETL_VERSION, VERSION } from "./version.ts";

/** Whether an analysis is running: one that ends before it finishes (process.exit, or a promise left pending by user code) never exits with 0. */
let running = false;
/** Where the command writes, with its verbosity once its options are known. */
let term = new Terminal();

const program = new Command("blueetl")
  .description(`Analysis of campaigns of SONATA simulations, compatible with BlueETL ${BLUEETL_VERSION}: its configs, tables, command line and environment variables.`)
  .version(`blueetl ${VERSION} (BlueETL for TypeScript), following BlueETL ${BLUEETL_VERSION}`, "-V, --version")
  .showHelpAfterError("(add --help to see the options)");

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

/** `-v` counted (INFO, then DEBUG), `-q` below zero; the terminal of the command. */
function terminal(options: { verbose?: number; quiet?: boolean }): Terminal {
  term = new Terminal(options.quiet ? -1 : (options.verbose ?? 0));
  return term;
}

const verbose = (command: Command) => command.option("-v, --verbose", "-v for INFO (what is extracted, calculated or read from the cache, and why), -vv for DEBUG", (_, n: number) => n + 1, 0);

/** The options shared by `run`, `export` and `report`: seed, cache overrides, verbosity. */
function analysisOptions(command: Command): Command {
  return verbose(
    command
      .option("--seed <n>", "seed of numpy's generator, for the neuron classes' limit", integer, 0)
      .option("--clear-cache", "delete the cache of each analysis first")
      .option("--no-clear-cache", "keep the cache (overrides the config)")
      .option("--readonly-cache", "never write the cache (fails if it is incomplete)")
      .option("--no-readonly-cache", "allow writing the cache (overrides the config)")
      .option("--skip-features-cache", "do not write the features to the cache")
      .option("--no-skip-features-cache", "write the features to the cache (overrides the config)"),
  ).option("-q, --quiet", "no warnings, no progress");
}

/** The options of a command that runs the analyses, checked against the environment first. */
function runOptions(options: Record<string, unknown>): RunOptions {
  const { logger } = terminal(options);
  checkEnvironment(logger);
  return {
    seed: options["seed"] as number,
    clearCache: options["clearCache"] as boolean | undefined,
    readonlyCache: options["readonlyCache"] as boolean | undefined,
    skipFeaturesCache: options["skipFeaturesCache"] as boolean | undefined,
    logger,
  };
}

/**
 * Which phases `run` does: both when neither flag is given (BlueETL: neither); as in BlueETL, a
 * flag given alone does its phase only (`--extract` does not calculate).
 */
function phases(options: Record<string, unknown>): { extract: boolean; calculate: boolean } {
  const [extract, calculate] = [options["extract"], options["calculate"]] as Array<boolean | undefined>;
  const asked = extract === true || calculate === true;
  return { extract: extract ?? !asked, calculate: calculate ?? !asked };
}

executorOptions(analysisOptions(
  program
    .command("run")
    .description("Run the analyses of a config: extract the repository and calculate the features (from the cache when it holds them).")
    .argument("<config>", "the analysis config (YAML)", existingFile)
    .option("--extract", "extract (or load from the cache) the repository; alone, only that")
    .option("--no-extract", "do not extract the repository (unless the features need it)")
    .option("--calculate", "calculate (or load from the cache) the features; alone, only that")
    .option("--no-calculate", "do not calculate the features")
    .option("--show", "print every table")
    .option("--no-show", "do not print the tables (the default)")
    .option("-i, --interactive", "then open a JavaScript prompt with the analyses as `ma`")
    .option("--no-interactive", "no prompt (the default)"),
)).action(async (config: string, options: Record<string, unknown>) => {
  running = true;
  const run = runOptions(options);
  const started = performance.now();
  const ma = await runFromFile(config, { ...run, ...phases(options), cluster: clusterOptionsOf(options) });
  if (ma.detached) return void console.log(ma.detached.message);
  term.info(`done in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  if (options["show"]) console.log(ma.show());
  if (options["interactive"]) await interactive(ma);
  await ma.close();
});

async function interactive(ma: MultiAnalyzer): Promise<void> {
  running = false; // the prompt may be left with process.exit()
  console.log(`The analyses are in \`ma\` (${ma.names.join(", ")}): try ma.analysis("${ma.names[0]}").repo.report.df`);
  // Imported here: node:repl costs every other command ~8 ms at start-up.
  const { start } = await import("node:repl");
  const repl = start({ prompt: "blueetl> " });
  repl.context["ma"] = ma;
  await new Promise((done) => repl.on("exit", done));
}

analysisOptions(
  program
    .command("export")
    .description(
      "Write every table of every analysis as <dir>/<analysis>/{repo,features}/<name>.<format>, for pandas or any other reader. Tables of an earlier export into <dir> that this one does not write are removed.",
    )
    .argument("<config>", "the analysis config (YAML)", existingFile)
    .requiredOption("--to <dir>", "output folder (required): new, empty, or made by an earlier export")
    .addOption(new Option("--format <format>", "file format").choices(["parquet", "csv", "feather"]).default("parquet"))
    .option("--overwrite", "write into a folder that holds other files (those with the same names are replaced, nothing is removed)"),
).action(async (config: string, options: Record<string, unknown>) => {
  running = true;
  const ma = await runFromFile(config, runOptions(options));
  try {
    const format = options["format"] as "parquet" | "csv" | "feather";
    const summary = await exportTables(ma, options["to"] as string, format, { overwrite: options["overwrite"] === true, progress: term.progress });
    const bytes = summary.files.reduce((n, f) => n + f.bytes, 0);
    const removed = summary.removed.length > 0 ? `; ${summary.removed.length} tables of an earlier export removed` : "";
    console.log(`${summary.files.length} tables written (${format}, ${megabytes(bytes)}) to ${summary.folder}${removed}`);
    for (const file of summary.files) term.debug(`${file.path}: ${file.bytes} bytes`);
    for (const file of summary.removed) term.info(`removed ${file}`);
  } finally {
    await ma.close();
  }
});

function megabytes(bytes: number): string {
  return bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

analysisOptions(
  program
    .command("report")
    .description(
      "Run the analyses as `run` does (or read them from the cache), then write the report of the campaign: <dir>/index.html, one page that opens offline, and every figure as <dir>/<analysis>/<figure>.svg and .png.",
    )
    .argument("<config>", "the analysis config (YAML)", existingFile)
    .requiredOption("--to <dir>", "output folder (required)")
    .option("--feature <[table.]column>", "the feature drawn over the campaign's coordinates (default: the mean firing rate per neuron class, or the mean of a soma report)"),
).action(async (config: string, options: Record<string, unknown>) => {
  const ma = await runFromFile(config, runOptions(options));
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
  .description(
    "Validate an analysis config as `run` would before any work: its keys and values, versions, references, the campaign when it exists, and every function it names (built-in, TypeScript module and export, Python module and function). A campaign file not made yet is noted, not an error; the cache is not opened.",
  )
  .argument("<config>", "the analysis config (YAML)", existingFile)
  .action(async (config: string) => {
    const { warnings, notes } = await validateConfig(config);
    for (const warning of warnings) term.warn(warning);
    for (const note of notes) term.warn(note);
    console.log("Validation successful.");
  });

program
  .command("migrate-config")
  .description("Migrate an analysis config of an older BlueETL (version 1 to 3) to version 4.")
  .argument("<input>", "the config to migrate", existingFile)
  .argument("<output>", "where to write the migrated config")
  .option("--sort", "sort the root keys (the default)")
  .option("--no-sort", "keep the root keys in their order")
  .action((input: string, output: string, options: { sort?: boolean }) => {
    const { config, note } = migrateConfig(readConfigYaml(input), { sort: options.sort !== false, file: input });
    if (note) console.log(note);
    writeFileSync(output, dumpConfigYaml(config));
    console.log(`The converted configuration has been saved to ${output}.`);
  });

verbose(
  program
    .command("convert-spikes")
    .description("Convert spikes in CSV format (space-separated: node_ids or ids, timestamps or times) into a SONATA campaign with its analysis config.")
    .argument("<input>", "the CSV file", existingFile)
    .argument("<output-dir>", "output folder")
    .option("--node-population <name>", "name of the node population", DEFAULT_NODE_POPULATION),
).action(async (input: string, outputDir: string, options: { nodePopulation: string; verbose: number }) => {
  const { logger } = terminal(options);
  const summary = await convertSpikes(input, outputDir, options.nodePopulation, logger);
  console.log(`Conversion successful: ${summary.spikes} spikes of ${summary.neurons} nodes; analysis config: ${summary.analysisConfig}`);
});

const d = DEFAULT_CAMPAIGN;
program
  .command("make-campaign")
  .description("Write a synthetic SONATA campaign (circuit, simulations, campaign and analysis configs).")
  .requiredOption("--out <dir>", "output folder (created; required)")
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
    const summary = await makeCampaign({ ...options, windows: Number(options.windows) }, term.progress);
    const total = summary.spikes.reduce((a, b) => a + b, 0);
    console.log(`${summary.out}: ${summary.neurons} neurons, ${summary.spikes.length} simulations, ${total} spikes`);
    console.log(`analysis config: ${summary.analysisConfig}`);
  });

program
  .command("inspect")
  .description("Describe a SONATA simulation or circuit config, a simulation campaign config, a nodes, spikes or report file, or a cached table (.parquet, .feather).")
  .argument("<path>", "simulation_config.json, circuit_config.json, a campaign config, a .h5 file or a table")
  .action(async (path: string) => {
    console.log(await inspect(path));
  });

program
  .command("show-table")
  .description("Print a table of the cache or of an export (.parquet, .feather): its index, columns with their dtypes, and rows.")
  .argument("<file>", "a .parquet or .feather file", existingFile)
  .option("--rows <n>", "rows shown (head and tail)", integer, 20)
  .action((file: string, options: { rows: number }) => {
    console.log(showTable(file, options.rows));
  });
clusterCommands(program, terminal);

process.on("exit", (code) => {
  if (!running || (code !== 0 && code !== 13)) return;
  term.error(code === 13 ? "the run stopped: something it waited for can never finish" : "the run stopped before it finished: process.exit was called (by a feature function?)");
  process.exitCode = 1;
});
try {
  await program.parseAsync();
} catch (error) {
  term.error(describeError(error, term.verbosity));
  process.exitCode = error instanceof Cancelled ? 130 : 1;
}
running = false;
