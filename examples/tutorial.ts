/**
 * BlueETL's documentation page "Features basics", step by step in TypeScript, on BlueETL's
 * documentation campaign. Run it with
 *
 *   node --import ./bin/register.js examples/tutorial.ts [path/to/analysis/config.yaml]
 *
 * (the default config is ../shared/data/blueetl-doc/analysis/config.yaml).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { copyConfig, runFromFile } from "blueetl";

const source = process.argv[2] ?? resolve(import.meta.dirname, "..", "..", "shared", "data", "blueetl-doc", "analysis", "config.yaml");

// Copy the analysis config into a working folder: its campaign path is made absolute.
const workdir = mkdtempSync(join(tmpdir(), "blueetl-tutorial-"));
const configFile = join(workdir, "config.yaml");
copyConfig(source, configFile);

// Load the config and open the cache (cleared), without extracting or calculating yet.
const ma = await runFromFile(configFile, { extract: false, calculate: false, show: false, clearCache: true, logLevel: "error" });
await ma.extractRepo();
await ma.calculateFeatures();

const show = (title: string, value: unknown) => console.log(`>>> ${title}\n${typeof value === "string" ? value : JSON.stringify(value, null, 1)}\n`);
show("ma.names", ma.names);
const spikes = ma.analysis("spikes");
show("spikes.repo.names", spikes.repo.names);
show("spikes.features.names", spikes.features.names);
show("spikes.repo.report.df", spikes.repo.report.df.toString());

const byNeuronClass = spikes.features.get("by_neuron_class_0_0__0");
show("spikes.features.get('by_neuron_class_0_0__0').df", byNeuronClass.df.toString());
show("spikes.features.get('by_neuron_class_0_0__0').df.attrs", byNeuronClass.df.attrs);

// The features of every parameter set in one table, with the varying parameters as columns.
const concatenated = spikes.features.get("by_neuron_class");
show("spikes.features.get('by_neuron_class').df", concatenated.df.toString());
if ("aliases" in concatenated) {
  show("spikes.features.get('by_neuron_class').aliases", concatenated.aliases.toString());
  show("spikes.features.get('by_neuron_class').params", concatenated.params.toString());
}

await ma.close();
const files = readdirSync(workdir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
show(`the working folder: ${files.length} files`, files.map((e) => relative(workdir, join(e.parentPath, e.name))).sort().join("\n"));
rmSync(workdir, { recursive: true, force: true });
