import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import YAML from "yaml";
import { ConfigError, type LoadedConfig, loadAnalysisConfig } from "../../src/config/index.ts";
import { tempDir } from "../tmp.ts";

const BASE = {
  version: 4,
  simulation_campaign: "campaign.json",
  cache: { path: "output" },
  analysis: {
    spikes: {
      extraction: {
        report: { type: "spikes" },
        neuron_classes: { EXC: { query: { synapse_class: ["EXC"] } } },
        population: "pop",
        windows: { w1: { bounds: [20, 90] } },
      },
    },
  },
};

/** Write `config` (YAML text or an object) beside an existing campaign file and load it. */
function load(config: unknown, overrides = {}): LoadedConfig & { dir: string } {
  const dir = tempDir("config");
  writeFileSync(join(dir, "campaign.json"), "{}");
  const path = join(dir, "analysis_config.yaml");
  writeFileSync(path, typeof config === "string" ? config : YAML.stringify(config));
  return { ...loadAnalysisConfig(path, overrides), dir };
}

/** The config with `edit` applied to a deep copy. */
function variant(edit: (c: any) => void): unknown {
  const copy = structuredClone(BASE) as any;
  edit(copy);
  return copy;
}

function rejects(config: unknown, ...messages: RegExp[]): void {
  assert.throws(
    () => load(config),
    (error: Error) => {
      assert.ok(error instanceof ConfigError, `${error.name}: ${error.message}`);
      assert.match(error.message, /analysis_config\.yaml: /);
      for (const message of messages) assert.match(error.message, message);
      return true;
    },
  );
}

describe("analysis config: what BlueETL refuses, with the key named", () => {
  test("an empty file", () => rejects("", /Empty configuration/));
  test("unknown keys, at any level", () => {
    rejects(variant((c) => (c.outputs = "x")), /Invalid configuration/, /\(top level\): unknown key 'outputs'/);
    rejects(variant((c) => (c.analysis.spikes.extraction.windows.w1.foo = 1)), /analysis\.spikes\.extraction\.windows\.w1: unknown key 'foo'/);
    rejects(variant((c) => (c.analysis.spikes.extraction.neuron_classes.EXC.layer = ["1"])), /neuron_classes\.EXC: unknown key 'layer'/);
  });
  test("wrong types, missing keys, bad choices", () => {
    rejects(variant((c) => (c.version = "4")), /version: expected number, received string/);
    rejects(variant((c) => delete c.simulation_campaign), /simulation_campaign: required key missing/);
    rejects(variant((c) => delete c.analysis.spikes.extraction.report), /analysis\.spikes\.extraction\.report: required key missing/);
    rejects(variant((c) => (c.analysis.spikes.extraction.report.type = "lfp")), /extraction\.report\.type: Invalid option: expected one of "spikes"\|"soma"\|"compartment"/);
    rejects(variant((c) => (c.analysis.spikes.extraction.windows.w1.bounds = [20])), /windows\.w1\.bounds: Too small/);
    rejects(variant((c) => (c.analysis.spikes.extraction.limit = "5")), /extraction\.limit: expected number, received string/);
    rejects(variant((c) => (c.cache.store_type = "hdf")), /cache\.store_type: Invalid option/);
    rejects(variant((c) => (c.analysis.spikes.features = [{ type: "multi", groupby: ["gid"] }])), /features\[0\]\.function: required key missing/);
  });
  test("NaN and infinity", () => {
    rejects(YAML.stringify(BASE).replace("- 90", "- .inf"), /windows\.w1\.bounds\[1\]: expected number, received Infinity/);
    rejects(YAML.stringify(BASE).replace("- 90", "- .nan"), /windows\.w1\.bounds\[1\]: expected number, received NaN/);
  });
  test("cache.path, and clear with readonly", () => {
    rejects(variant((c) => delete c.cache), /cache\.path: required key missing/);
    rejects(variant((c) => (c.cache = { path: "x", clear: true, readonly: true })), /cache: clear and readonly cannot be both True at the same time/);
  });
  test("versions before 3", () => rejects(variant((c) => (c.version = 2)), /version: Config version 2 is not supported\./));
  test("window rules", () => {
    rejects(variant((c) => Object.assign(c.analysis.spikes.extraction.windows.w1, { n_trials: 3 })), /windows\.w1: trial_steps_value cannot be 0 when n_trials > 1/);
    rejects(variant((c) => Object.assign(c.analysis.spikes.extraction.windows.w1, { trial_steps_list: [0, 5], n_trials: 1 })), /windows\.w1: trial_steps_list cannot be set with n_trials or trial_steps_value/);
    rejects(variant((c) => (c.analysis.spikes.extraction.windows.w1.bounds = [90, 20])), /windows\.w1\.bounds: \[90, 20\] starts after it ends/);
  });
  test("trial steps: initial_offset is forbidden, a label must exist", () => {
    const steps = { function: "x.y", bounds: [-10, 10], initial_offset: 5 };
    rejects(variant((c) => (c.analysis.spikes.extraction.trial_steps = { ts: steps })), /trial_steps\.ts: Forbidden extra fields: \{'initial_offset'\}/);
    rejects(variant((c) => (c.analysis.spikes.extraction.windows.w1.trial_steps_label = "missing")), /windows\.w1\.trial_steps_label: 'missing' is not in extraction\.trial_steps \(defined: none\)/);
  });
  test("output together with cache.path", () => rejects(variant((c) => (c.output = "x")), /output must be removed when path is defined/));
  test("window references", () => {
    rejects(variant((c) => (c.analysis.spikes.extraction.windows.w2 = "spikes.windows.w1")), /windows\.w2: Windows reference is not in the expected format: <report_name>\.extraction\.windows\.<window_name>/);
    rejects(variant((c) => (c.analysis.spikes.extraction.windows.w2 = "spikes.extraction.windows.w9")), /Windows reference 'spikes\.extraction\.windows\.w9' points to nonexistent object/);
    rejects(
      variant((c) => Object.assign(c.analysis.spikes.extraction.windows, { w2: "spikes.extraction.windows.w1", w3: "spikes.extraction.windows.w2" })),
      /windows\.w3: Windows reference 'spikes\.extraction\.windows\.w2' points to another reference/,
    );
  });
  test("parameters to expand", () => {
    const features = { type: "multi", groupby: ["simulation_id"], function: "f" };
    rejects(variant((c) => (c.analysis.spikes.features = [{ ...features, params_zip: { a: [1, 2], b: [1] } }])), /features\[0\]\.params_zip: All the zip params must have the same length/);
    rejects(variant((c) => (c.analysis.spikes.features = [{ ...features, params_product: { a: 3 } }])), /features\[0\]\.params_product\.a: expected a list of values, got 3/);
  });
  test("a node sets file that is missing or not JSON", () => {
    rejects(variant((c) => (c.analysis.spikes.extraction.neuron_classes.EXC.node_sets_file = "nope.json")), /neuron_classes\.EXC\.node_sets_file: the node sets file .*nope\.json does not exist/);
    const dir = tempDir("config-bad-json");
    writeFileSync(join(dir, "bad.json"), "{");
    rejects(variant((c) => (c.analysis.spikes.extraction.neuron_classes.EXC.node_sets_file = join(dir, "bad.json"))), /is not valid JSON/);
  });
  test("a campaign file that is missing and not cached", () => {
    rejects(variant((c) => (c.simulation_campaign = "/nonexistent/config.json")), /The simulation campaign config file \/nonexistent\/config\.json doesn't exist and it's not found in the cache .*output/);
  });
  test("a file that does not exist, and YAML that does not parse", () => {
    assert.throws(() => loadAnalysisConfig("/nonexistent/analysis.yaml"), /\/nonexistent\/analysis\.yaml: the analysis config file does not exist/);
    rejects("version: [4\n", /invalid YAML/);
  });
});

describe("analysis config: what BlueETL resolves", () => {
  test("defaults, absolute paths and the cache folder of each analysis", () => {
    const { config, dir } = load(BASE);
    assert.equal(config.simulation_campaign, join(dir, "campaign.json"));
    assert.deepEqual(config.cache, { path: join(dir, "output"), clear: false, readonly: false, skip_features: false, store_type: "parquet" });
    const spikes = config.analysis["spikes"]!;
    assert.equal(spikes.cache.path, join(dir, "output", "spikes"));
    assert.deepEqual(spikes.extraction.windows["w1"], {
      initial_offset: 0, bounds: [20, 90], t_step: 0, n_trials: 0, trial_steps_value: 0,
      trial_steps_list: [], trial_steps_label: "", window_type: "",
    });
    assert.deepEqual(spikes.extraction.report, { type: "spikes", name: "" });
  });

  test("global values fill the keys a neuron class or trial steps lacks; an explicit null stays", () => {
    const { config } = load(variant((c) => {
      const extraction = c.analysis.spikes.extraction;
      Object.assign(extraction, { limit: 150, node_set: null });
      extraction.neuron_classes.LIM = { limit: 5 };
      extraction.neuron_classes.ALL = { limit: null, population: "other" };
      extraction.trial_steps = { ts: { function: "f", bounds: [-5, 5], histo_bins_per_ms: 5 } };
    }));
    const classes = config.analysis["spikes"]!.extraction.neuron_classes;
    assert.equal(classes["EXC"]!.limit, 150);
    assert.equal(classes["EXC"]!.population, "pop");
    assert.equal(classes["LIM"]!.limit, 5);
    assert.equal(classes["ALL"]!.limit, null);
    assert.equal(classes["ALL"]!.population, "other");
    const steps = config.analysis["spikes"]!.extraction.trial_steps["ts"]!;
    assert.equal(steps.population, "pop");
    assert.equal(steps.limit, 150);
    assert.equal(steps["histo_bins_per_ms"], 5);
  });

  test("the global simulations_filter overwrites the analyses' own", () => {
    const { config } = load(variant((c) => {
      c.simulations_filter = { seed: 1 };
      c.analysis.spikes.simulations_filter = { seed: 2 };
    }));
    assert.deepEqual(config.analysis["spikes"]!.simulations_filter, { seed: 1 });
  });

  test("params_product then params_zip: BlueETL's suffixes, order and params", () => {
    const { config } = load(variant((c) => {
      c.analysis.spikes.features = [{
        type: "multi", groupby: ["simulation_id"], function: "f", params: { keep: true },
        params_product: { ratio: [0.25, 0.5, 0.75], nested: [{ bin: 1 }, { bin: 2 }] },
        params_zip: { p1: [10, 20], p2: [11, 21] },
      }];
    }));
    const features = config.analysis["spikes"]!.features;
    assert.deepEqual(features.map((f) => f.suffix), [
      "_0_0__0", "_0_0__1", "_0_1__0", "_0_1__1", "_1_0__0", "_1_0__1", "_1_1__0", "_1_1__1", "_2_0__0", "_2_0__1", "_2_1__0", "_2_1__1",
    ]);
    assert.deepEqual(features[5]!.params, { keep: true, ratio: 0.5, nested: { bin: 1 }, p1: 20, p2: 21 });
    assert.deepEqual(Object.keys(features[5]!.params), ["keep", "ratio", "nested", "p1", "p2"]);
    assert.ok(features.every((f) => f.id === 0 && Object.keys(f.params_product).length === 0 && Object.keys(f.params_zip).length === 0));
  });

  test("deprecations are warnings; cache overrides apply, the deprecated clear_cache wins over them", () => {
    const v3 = variant((c) => {
      c.version = 3;
      delete c.cache;
      c.output = "out";
      c.clear_cache = false;
    });
    const { config, warnings, dir } = load(v3, { clearCache: true, skipFeaturesCache: true });
    assert.deepEqual(warnings, [
      "version 3 is deprecated, see the docs to update the config",
      "output is deprecated, use cache.path instead",
      "clear_cache is deprecated, use cache.clear instead",
    ]);
    assert.equal(config.cache.path, join(dir, "out"));
    assert.equal(config.cache.clear, false);
    assert.equal(config.cache.skip_features, true);
    assert.equal(load(BASE, { readonlyCache: true }).config.cache.readonly, true);
  });

  test("window references carry the checksum of their target; node sets files theirs", () => {
    const dir = tempDir("config-ns");
    mkdirSync(join(dir, "sets"));
    writeFileSync(join(dir, "sets", "extra.json"), '{"X": {"layer": "1"}}');
    const { config } = load(variant((c) => {
      c.analysis.spikes.extraction.windows.w2 = "spikes.extraction.windows.w1";
      c.analysis.spikes.extraction.neuron_classes.EXC.node_sets_file = join(dir, "sets", "extra.json");
    }));
    const extraction = config.analysis["spikes"]!.extraction;
    assert.match(extraction.windows["w2"] as string, /^spikes\.extraction\.windows\.w1#[0-9a-f]{128}$/);
    assert.match(extraction.neuron_classes["EXC"]!.node_sets_checksum!, /^[0-9a-f]{128}$/);
    const changed = load(variant((c) => {
      c.analysis.spikes.extraction.windows.w2 = "spikes.extraction.windows.w1";
      c.analysis.spikes.extraction.windows.w1.bounds = [20, 95];
    }));
    assert.notEqual(changed.config.analysis["spikes"]!.extraction.windows["w2"], extraction.windows["w2"]);
  });

  test("YAML 1.1 as PyYAML reads it: yes/no are booleans, duplicated keys keep the last", () => {
    const text = YAML.stringify(variant((c) => (c.cache.clear = true))).replace("clear: true", "clear: yes") + "version: 4\n";
    assert.equal(load(text).config.cache.clear, true);
  });
});
