/**
 * Extraction on BlueETL's documentation and unit-test data, in the scenarios of
 * ../shared/spec/blueetl-edge-cases.md: the row counts and times Python BlueETL gave, and a clear
 * error where it failed.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import YAML from "yaml";
import { MultiAnalyzer, REPO_NAMES } from "../../src/analysis/index.ts";
import { NEEDS_SHARED, sharedData } from "../shared.ts";
import { tempDir } from "../tmp.ts";

const DOC_CAMPAIGN = {
  dims: ["seed"],
  attrs: { path_prefix: sharedData("blueetl-doc", "simulation-campaign"), circuit_config: sharedData("blueetl-doc", "circuit", "circuit_config.json") },
  data: ["0", "1"],
  coords: { seed: { dims: ["seed"], attrs: {}, data: [334630, 174404] } },
  name: "doc",
};
const UNIT_CAMPAIGN = {
  format: "blueetl",
  version: 1,
  name: "unit",
  attrs: { path_prefix: sharedData("blueetl-unit"), circuit_config: sharedData("blueetl-unit", "circuit", "sonata", "circuit_config.json") },
  data: [
    { seed: 42, simulation_path: "simulation/sonata/simulation_config.json" },
    { seed: 43, simulation_path: "simulation_campaign/0/simulation_config.json" },
  ],
};
const SPIKES = {
  report: { type: "spikes" },
  neuron_classes: {
    Rt_INH: { query: { layer: ["Rt"], synapse_class: ["INH"] } },
    VPL_INH: { query: { layer: ["VPL"], synapse_class: ["INH"] } },
  },
  population: "thalamus_neurons",
  windows: { w1: { bounds: [20, 90] } },
};
const SOMA = {
  report: { type: "soma", name: "soma_report" },
  neuron_classes: { L6_Y: { query: { mtype: ["L6_Y"] } } },
  population: "default",
  windows: { w1: { bounds: [0.2, 0.7] } },
};

type Counts = [number, number, number, number, number];

/** Extract with the extraction config edited by `edit`; the row counts of the five tables. */
async function run(base: object, campaign: object, edit: (extraction: any, config: any) => void = () => {}) {
  const dir = tempDir("edge");
  writeFileSync(join(dir, "campaign.json"), JSON.stringify(campaign));
  const config: any = { version: 4, simulation_campaign: "campaign.json", cache: { path: "out" }, analysis: { a: { extraction: structuredClone(base) } } };
  edit(config.analysis.a.extraction, config);
  writeFileSync(join(dir, "config.yaml"), YAML.stringify(config));
  const ma = MultiAnalyzer.fromFile(join(dir, "config.yaml"), { logger: { info: () => {}, warn: () => {} } });
  try {
    await ma.extractRepo();
    const repo = ma.analysis("a").repo;
    const counts = REPO_NAMES.map((n) => repo.df(n).length) as Counts;
    const times = [...new Set(repo.df("report").records().map((r) => Math.round((r["time"] as number) * 1000) / 1000))].sort((a, b) => a - b);
    return { counts, times, repo };
  } finally {
    await ma.close();
  }
}

const spikes = (edit?: (e: any, c: any) => void) => run(SPIKES, DOC_CAMPAIGN, edit);
const soma = (edit?: (e: any, c: any) => void) => run(SOMA, UNIT_CAMPAIGN, edit);

describe("spikes extraction in BlueETL's edge cases (documentation campaign)", NEEDS_SHARED, () => {
  test("0, 1, 29, 32: baseline; an empty class next to others; a scalar query; limit 0", async () => {
    const baseline: Counts = [2, 214, 2, 2, 20];
    assert.deepEqual((await spikes()).counts, baseline);
    assert.deepEqual((await spikes((e) => (e.neuron_classes.Rt_EXC = { query: { layer: ["Rt"], synapse_class: ["EXC"] } }))).counts, baseline);
    assert.deepEqual((await spikes((e) => (e.neuron_classes.Rt_INH.query.layer = "Rt"))).counts, baseline);
    assert.deepEqual((await spikes((e) => (e.limit = 0))).counts, baseline);
  });

  test("2, 3: no neuron at all, no spike at all", async () => {
    await assert.rejects(spikes((e) => (e.neuron_classes = { Rt_EXC: { query: { layer: ["Rt"], synapse_class: ["EXC"] } } })), /No data extracted to Neurons/);
    await assert.rejects(spikes((e) => (e.windows.w1.bounds = [60, 90])), /No data extracted to Spikes/);
  });

  test("4: a second window without spikes", async () => {
    assert.deepEqual((await spikes((e) => (e.windows.w2 = { bounds: [60, 90] }))).counts, [2, 214, 2, 4, 20]);
  });

  test("5: bounds on spike times: [t_start, t_stop) is half-open", async () => {
    const { counts, times } = await spikes((e) => (e.windows.w1.bounds = [22.300000000099267, 40.37500000010062]));
    assert.deepEqual(counts, [2, 214, 2, 2, 8]);
    assert.deepEqual(times, [22.3, 24.4, 24.7, 25.1, 25.875, 26.375, 26.475, 40.125]);
  });

  test("8: a start before the offset; times relative to the offset", async () => {
    const { counts, times } = await spikes((e) => Object.assign(e.windows.w1, { bounds: [-5, 10], initial_offset: 20 }));
    assert.deepEqual(counts, [2, 214, 2, 2, 8]);
    assert.deepEqual(times, [2, 2.3, 4.4, 4.7, 5.1, 5.875, 6.375, 6.475]);
  });

  test("10: trial_steps_list with a repeated offset", async () => {
    const { counts, repo } = await spikes((e) => Object.assign(e.windows.w1, { bounds: [20, 40], trial_steps_list: [0, 5, 5] }));
    assert.deepEqual(counts, [2, 214, 2, 6, 40]);
    assert.deepEqual(repo.df("windows").records().map((r) => [r["trial"], r["offset"]]), [[0, 0], [1, 5], [2, 5], [0, 0], [1, 5], [2, 5]]);
  });

  test("21, 22, 23: simulations filters", async () => {
    await assert.rejects(spikes((e, c) => (c.simulations_filter = { seed: 1 })), /No data extracted to Simulations: 2 simulations in the campaign, 2 filtered out/);
    const filtered = await spikes((e, c) => (c.simulations_filter = { seed: [334630, 1], simulation_id: { ge: 0, lt: 1 } }));
    assert.deepEqual(filtered.counts, [1, 214, 2, 1, 10]);
    assert.deepEqual((await spikes((e, c) => (c.analysis.a.simulations_filter = { seed: 1 }))).counts, [2, 214, 2, 2, 20]);
  });

  test("26, 27, 28: unknown population, node set or property", async () => {
    await assert.rejects(spikes((e) => (e.population = "nope")), /unknown node population 'nope' \(the circuit has: thalamus_neurons\)/);
    await assert.rejects(spikes((e) => (e.neuron_classes.Rt_INH.node_set = "NopeSet")), /unknown node set 'NopeSet'/);
    await assert.rejects(spikes((e) => (e.neuron_classes.Rt_INH.query.nope = 1)), /Unknown node properties: \['nope'\]/);
  });

  test("30, 31: a range on a float property; node ids outside the population", async () => {
    assert.deepEqual((await spikes((e) => (e.neuron_classes.Rt_INH.query.x = { ge: 0, lt: 500 }))).counts.slice(1, 3), [160, 2]);
    assert.deepEqual((await spikes((e) => (e.neuron_classes.Rt_INH.node_id = [100000]))).counts, [2, 10, 1, 2, 20]);
  });

  test("missing simulation configs and an empty campaign say what was found", async () => {
    const missing = { ...DOC_CAMPAIGN, data: ["7", ""] };
    await assert.rejects(run(SPIKES, missing), /No data extracted to Simulations: 2 simulations in the campaign, 2 missing \(no simulation config: .*simulation-campaign\/7\/simulation_config\.json, and an excluded one\)/);
    const empty = { ...DOC_CAMPAIGN, data: [], coords: { seed: { dims: ["seed"], attrs: {}, data: [] } } };
    await assert.rejects(run(SPIKES, empty), /No data extracted to Simulations: the campaign has no simulation/);
  });
});

describe("soma extraction in BlueETL's edge cases (unit-test data)", NEEDS_SHARED, () => {
  test("44, 47, 48: closed windows with a 1e-6 tolerance", async () => {
    assert.deepEqual((await soma()).counts, [2, 2, 1, 2, 24]);
    const between = await soma((e) => (e.windows.w1.bounds = [0.25, 0.55]));
    assert.deepEqual([between.counts[4], between.times], [12, [0.3, 0.4, 0.5]]);
    const near = await soma((e) => (e.windows.w1.bounds = [0.2000005, 0.6999995]));
    assert.deepEqual([near.counts[4], near.times], [24, [0.2, 0.3, 0.4, 0.5, 0.6, 0.7]]);
  });

  test("45, 46, 49: after the end, negative times, a t_step below half the report dt", async () => {
    await assert.rejects(soma((e) => (e.windows.w1.bounds = [2, 3])), /tStart=2 is after the end of report 'default'/);
    await assert.rejects(soma((e) => (e.windows.w1.bounds = [-0.2, 0.3])), /times cannot be negative/);
    await assert.rejects(soma((e) => (e.windows.w1.t_step = 0.004)), /Invalid t_step=0\.004\. It should be None or a multiple of 0\.01\./);
  });

  test("50: a neuron missing from the report is skipped", async () => {
    const { counts } = await soma((e) => (e.neuron_classes = { all: { population: "default2" } }));
    assert.deepEqual(counts, [2, 4, 1, 2, 36]);
  });

  test("51, 52: an unknown report name; a compartment report read as a soma report", async () => {
    await assert.rejects(soma((e) => (e.report.name = "nope")), /unknown report 'nope' \(the simulation has: soma_report, section_report\)/);
    await assert.rejects(soma((e) => (e.report.name = "section_report")), /report 'section_report' of .* has sections 'all': it is a compartment report, not a soma report/);
  });
});
