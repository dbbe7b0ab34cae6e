/**
 * BlueETL's documentation page "Features basics", step by step in TypeScript, on BlueETL's
 * documentation campaign. Run it with
 *
 *   node --import ./bin/register.js examples/tutorial.ts [path/to/analysis/config.yaml]
 *
 * (the default config is ../shared/data/blueetl-doc/analysis/config.yaml). The lines between
 * the README markers are the README's tutorial (test/examples/readme.test.ts checks it).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { DataFrame } from "blueetl";

const source = process.argv[2] ?? resolve(import.meta.dirname, "..", "..", "shared", "data", "blueetl-doc", "analysis", "config.yaml");
const workdir = mkdtempSync(join(tmpdir(), "blueetl-tutorial-"));

/** A title and the value, as a cell of the notebook shows it: tables whole, as pandas prints them. */
function show(title: string, value: unknown): void {
  const text = typeof value === "string" || value instanceof DataFrame ? String(value) : JSON.stringify(value, null, 1);
  console.log(`>>> ${title}\n${text}\n`);
}

// README: begin
import { copyConfig, runFromFile } from "blueetl";

copyConfig(source, `${workdir}/config.yaml`); // the campaign path made absolute
const ma = await runFromFile(`${workdir}/config.yaml`, { extract: false, calculate: false, clearCache: true, logLevel: "error" });
await ma.extractRepo();
await ma.calculateFeatures();

show("ma.names", ma.names); // ["spikes"]
const spikes = ma.analysis("spikes"); // or ma.spikes from JavaScript
show("spikes.repo.names", spikes.repo.names); // ["simulations", "neurons", "neuron_classes", "windows", "report"]
show("spikes.features.names", spikes.features.names); // 65 names: "by_gid", "by_gid_0_0__0", ... "histograms_2_1__1"
show("spikes.repo.report.df", spikes.repo.report.df); // 64 rows x 7 columns: head and tail, as pandas prints them

const byClass = spikes.features.get("by_neuron_class_0_0__0").df; // index: simulation_id, circuit_id, neuron_class, window
show("spikes.features.get('by_neuron_class_0_0__0').df", byClass);
show("spikes.features.get('by_neuron_class_0_0__0').df.attrs", byClass.attrs); // the resolved features config

const all = spikes.features.get("by_neuron_class"); // every parameter set in one table
show("spikes.features.get('by_neuron_class').df", all.df); // 144 rows x 12 columns: features, params_id, varying params
if ("aliases" in all) {
  show("spikes.features.get('by_neuron_class').aliases", all.aliases);
  show("spikes.features.get('by_neuron_class').params", all.params);
}
await ma.close(); // closes the files and releases the cache's lock
// README: end

const files = readdirSync(workdir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
show(`the working folder: ${files.length} files`, files.map((e) => relative(workdir, join(e.parentPath, e.name))).sort().join("\n"));
rmSync(workdir, { recursive: true, force: true });
