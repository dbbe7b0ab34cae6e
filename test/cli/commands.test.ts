/** The `blueetl` commands besides run and export (tested with the golden cases and the cache). */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import YAML from "yaml";
import { NumericColumn, runFromFile } from "../../src/index.ts";
import { makeProject } from "../cache/project.ts";
import { blueetl } from "../cli.ts";
import { tempDir } from "../tmp.ts";

describe("blueetl commands", () => {
  test("--help lists the commands", () => {
    const help = blueetl(["--help"]);
    assert.equal(help.status, 0);
    for (const command of ["run", "export", "report", "validate-config", "migrate-config", "convert-spikes", "make-campaign", "inspect"]) {
      assert.match(help.stdout, new RegExp(`^  ${command} `, "m"));
    }
  });

  test("run: --no-extract --no-calculate only checks the config and opens the cache; --show prints the tables", async () => {
    const project = await makeProject();
    // Two configs of a TypeScript function: its module is loaded for both at once.
    project.edit((c) => (c.analysis.spikes.features[1].params_product = { offset: [1, 2] }));
    const bare = blueetl(["run", "--no-extract", "--no-calculate", project.config]);
    assert.equal(bare.status, 0, bare.stderr);
    assert.equal(bare.stdout, "");
    const shown = blueetl(["run", "--show", project.config]);
    assert.equal(shown.status, 0, shown.stderr);
    assert.match(shown.stdout, /^Analysis: spikes$/m);
    assert.match(shown.stdout, /^Extraction: report$/m);
    assert.match(shown.stdout, /^Features: spike_counts_0$/m);
    assert.match(shown.stdout, /^Features: spike_counts_1$/m);
    const missing = blueetl(["run", join(project.dir, "nothing.yaml")]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /the file '.*nothing\.yaml' does not exist/);
  });

  test("validate-config: success, and the key path of each problem", async () => {
    const project = await makeProject();
    const good = blueetl(["validate-config", project.config]);
    assert.equal(good.status, 0, good.stderr);
    assert.equal(good.stdout.trim(), "Validation successful.");
    project.edit((c) => {
      c.analysis.spikes.extraction.windows.spont.bound = [0, 10];
      c.analysis.spikes.features[0].groupby = "neuron_class";
    });
    const bad = blueetl(["validate-config", project.config]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /analysis_config\.yaml: Invalid configuration/);
    assert.match(bad.stderr, /analysis\.spikes\.extraction\.windows\.spont: unknown key 'bound'/);
    assert.match(bad.stderr, /analysis\.spikes\.features\[0\]\.groupby/);
  });

  test("migrate-config: a version 1 config as BlueETL migrates it", () => {
    const dir = tempDir("migrate");
    const v1 = {
      simulation_campaign: "/path/to/config.json",
      simulations_filter_in_memory: { simulation_id: 2 },
      output: "output_dir",
      extraction: {
        neuron_classes: {
          L1_EXC: { layer: ["1"], synapse_class: ["EXC"] },
          L1_EXC_gids: { layer: ["1"], synapse_class: ["EXC"], gid: [1, 2] },
        },
        limit: null,
        target: null,
        windows: { w1: { bounds: [20, 90], window_type: "spontaneous" } },
      },
      analysis: { features: [{ type: "multi", groupby: ["simulation_id", "neuron_class"], function: "module.user.function", params: { export_all_neurons: true } }] },
    };
    writeFileSync(join(dir, "v1.yaml"), YAML.stringify(v1));
    const result = blueetl(["migrate-config", join(dir, "v1.yaml"), join(dir, "v4.yaml")]);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), `The converted configuration has been saved to ${join(dir, "v4.yaml")}.`);
    const text = readFileSync(join(dir, "v4.yaml"), "utf8");
    assert.deepEqual(YAML.parse(text), {
      version: 4,
      simulation_campaign: "/path/to/config.json",
      simulations_filter_in_memory: { simulation_id: 2 },
      cache: { path: "output_dir" },
      analysis: {
        spikes: {
          extraction: {
            report: { type: "spikes" },
            neuron_classes: {
              L1_EXC: { query: { layer: ["1"], synapse_class: ["EXC"] } },
              L1_EXC_gids: { query: { layer: ["1"], synapse_class: ["EXC"] }, node_id: [1, 2] },
            },
            limit: null,
            node_set: null,
            windows: { w1: { bounds: [20, 90], window_type: "spontaneous" } },
          },
          features: v1.analysis.features,
        },
      },
    });
    assert.match(text, /^ {6}report: \{type: spikes\}$/m, "collections of scalars in flow style, as BlueETL writes them");
    const again = blueetl(["migrate-config", join(dir, "v4.yaml"), join(dir, "v4-again.yaml")]);
    assert.match(again.stdout, /The config version 4 doesn't need to be migrated\./);
    writeFileSync(join(dir, "v7.yaml"), "version: 7\n");
    const future = blueetl(["migrate-config", join(dir, "v7.yaml"), join(dir, "out.yaml")]);
    assert.equal(future.status, 1);
    assert.match(future.stderr, /The config version 7 isn't supported\./);
  });

  test("convert-spikes: a CSV of spikes becomes a campaign whose report holds exactly those spikes", async () => {
    const dir = tempDir("convert");
    const spikes = Array.from({ length: 300 }, (_, i) => [(i * 7) % 13, Math.round(((i * 7919) % 20000) / 10) / 1]);
    writeFileSync(join(dir, "spikes.csv"), `ids times\n${spikes.map(([id, t]) => `${id} ${t}`).join("\n")}\n`);
    const result = blueetl(["convert-spikes", join(dir, "spikes.csv"), join(dir, "out"), "--node-population", "cortex"]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Conversion successful/);
    const ma = await runFromFile(join(dir, "out", "analysis_config.yaml"), { calculate: false });
    try {
      const report = ma.analysis("spikes").repo.report.df;
      const times = Array.from((report.column("time") as NumericColumn).values);
      const gids = Array.from((report.column("gid") as NumericColumn).values);
      const windows = report.records().map((r) => r["window"]);
      const expected = [...spikes]
        .filter(([, t]) => t! < 2000)
        .sort((a, b) => a[1]! - b[1]! || a[0]! - b[0]!)
        .map(([id, t]) => ({ gid: id, window: t! < 1000 ? "w1" : "w2", time: t }));
      assert.deepEqual(
        gids.map((gid, i) => ({ gid, window: windows[i], time: times[i] })),
        expected,
      );
    } finally {
      await ma.close();
    }
    writeFileSync(join(dir, "bad.csv"), "node times\n1 2\n");
    const bad = blueetl(["convert-spikes", join(dir, "bad.csv"), join(dir, "out2")]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /bad\.csv: missing columns in the CSV file: node_ids \(or ids\) \(the header has: node, times\)/);
  });
});
