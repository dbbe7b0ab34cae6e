/**
 * Extraction of a campaign made by our generator (no ../shared needed): the report rows are
 * counted again by brute force from the SONATA files, trial steps find the stimulus onset.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import YAML from "yaml";
import { MultiAnalyzer } from "../../src/analysis/index.ts";
import { extractSimulationReport, simulationReportRows } from "../../src/extract/index.ts";
import { Simulation } from "../../src/sonata/index.ts";
import { fixtureCampaign } from "../fixtures.ts";
import { tempDir } from "../tmp.ts";

const OPTIONS = { somaNodes: 60, windows: 3 as const, neuronClasses: 8 };

async function analyzer(edit?: (config: any) => void) {
  const campaign = await fixtureCampaign(OPTIONS);
  const config = YAML.parse(readFileSync(campaign.analysisConfig, "utf8"));
  config.simulation_campaign = join(campaign.out, "campaign", "config.json");
  edit?.(config);
  const dir = tempDir("fixture-config");
  writeFileSync(join(dir, "analysis_config.yaml"), YAML.stringify(config));
  return { ma: MultiAnalyzer.fromFile(join(dir, "analysis_config.yaml")), campaign, dir };
}

describe("extraction of a generated campaign", () => {
  test("neurons are the nodes matching each class, and each spike is counted in its trials", async () => {
    const { ma, campaign } = await analyzer();
    await ma.extractRepo();
    const repo = ma.analysis("spikes").repo;
    assert.deepEqual(repo.df("simulations").records().map((r) => [r["simulation_id"], r["circuit_id"]]), [[0, 0], [1, 0]]);

    const simulation = Simulation.open(join(campaign.out, "campaign", "0", "simulation_config.json"));
    const nodes = await simulation.circuit().nodePopulation("S1nonbarrel_neurons");
    const layer = nodes.getAttribute("layer") as string[];
    const inhibitory = (nodes.getAttribute("synapse_class") as string[]).map((s) => s === "INH");
    const neurons = repo.df("neurons");
    const members = (name: string) => neurons.q({ neuron_class: name }).records().map((r) => r["gid"] as number);
    assert.deepEqual(members("L23_EXC"), [...layer.keys()].filter((i) => ["2", "3"].includes(layer[i]!) && !inhibitory[i]));
    assert.deepEqual(members("L1_INH"), [...layer.keys()].filter((i) => layer[i] === "1" && inhibitory[i]));

    const spikes = (await simulation.spikes()).population("S1nonbarrel_neurons").get();
    const report = repo.df("report").q({ simulation_id: 0 });
    const counted = new Map<string, number>();
    for (const { key, rows } of report.groupBy(["neuron_class", "window", "trial"])) {
      counted.set(`${key["neuron_class"]} ${key["window"]} ${key["trial"]}`, rows.length);
    }
    for (const w of repo.df("windows").q({ simulation_id: 0 }).records()) {
      const [start, stop] = [(w["offset"] as number) + (w["t_start"] as number), (w["offset"] as number) + (w["t_stop"] as number)];
      for (const name of ["L1_INH", "L4_EXC", "L23_INH"]) {
        const gids = new Set(members(name));
        let expected = 0;
        spikes.times.forEach((t, i) => (expected += gids.has(spikes.nodeIds[i]!) && t >= start && t < stop ? 1 : 0));
        assert.equal(counted.get(`${name} ${w["window"]} ${w["trial"]}`) ?? 0, expected, `${name} ${w["window"]} ${w["trial"]}`);
      }
    }
    const evoked = report.q({ window: "evoked" }).records();
    assert.ok(evoked.length > 0 && evoked.every((r) => (r["time"] as number) >= 0 && (r["time"] as number) < 150), "times relative to the trial offset");
    await simulation.close();
    await ma.close();
  });

  test("the soma report has one row per reported neuron and frame, with the file's values", async () => {
    const { ma, campaign } = await analyzer();
    await ma.extractRepo();
    const repo = ma.analysis("soma").repo;
    const report = repo.df("report");
    const simulation = Simulation.open(join(campaign.out, "campaign", "1", "simulation_config.json"));
    const frames = (await simulation.report("soma")).population("S1nonbarrel_neurons");
    const gid = frames.nodeIds[3]!;
    const classes = repo.df("neurons").q({ gid }).records().map((r) => r["neuron_class"]);
    const spont = report.q({ simulation_id: 1, gid, window: "spont", neuron_class: classes[0] as string });
    // t_step 0.5 over a report dt of 0.1: every 5th frame of [0, 400], both ends included.
    assert.equal(spont.length, 801);
    const direct = frames.get({ nodeIds: [gid], tStart: 0, tStop: 400, stride: 5 });
    assert.deepEqual(spont.records().map((r) => r["value"]), Array.from(direct.data));
    assert.deepEqual(spont.records().map((r) => r["time"]), Array.from(direct.times));
    await simulation.close();
    await ma.close();
  });

  test("a frame report's shape is that of the frames read, and a simulation's part is sized once to its rows", async () => {
    const { campaign } = await analyzer();
    const path = join(campaign.out, "campaign", "1", "simulation_config.json");
    const simulation = Simulation.open(path);
    const frames = (await simulation.report("soma")).population("S1nonbarrel_neurons");
    const nodeIds = Uint32Array.from(frames.nodeIds.subarray(0, 7));
    for (const query of [{ nodeIds, tStart: 0, tStop: 400, stride: 5 }, { nodeIds, tStart: 380.05, tStop: 530 }, { nodeIds: new Uint32Array([123456]) }, {}]) {
      const read = frames.get(query);
      const shape = frames.shape(query);
      assert.deepEqual([shape.frames * shape.columns, shape.columns], [read.data.length, read.nodeIds.length], JSON.stringify(query));
    }
    await simulation.close();
    const gids = Float64Array.from(nodeIds).sort();
    const trials = [
      { window: 0, windowName: "w", trial: 0, start: 0, stop: 100, offset: 0, tStep: 0.5 },
      { window: 0, windowName: "w", trial: 1, start: 200, stop: 300, offset: 200, tStep: 0 },
    ];
    const task = {
      simulationPath: path,
      classes: [{ code: 0, population: "S1nonbarrel_neurons", gids: gids.subarray(0, 3) }, { code: 1, population: "S1nonbarrel_neurons", gids: gids.subarray(3) }],
      trials,
      options: { type: "soma" as const, name: "soma" },
    };
    await assert.rejects(extractSimulationReport(task), /need their place in the report's columns/);
    const rows = await simulationReportRows(task);
    assert.equal(rows, 7 * (201 + 1001));
    // The simulation's rows go after 5 rows of others, which it leaves as they are.
    const total = 5 + rows + 2;
    const columns = {
      time: new Float64Array(total).fill(-1),
      value: new Float32Array(total).fill(-1),
      gid: new Float64Array(total).fill(-1),
      section: new Float64Array(0),
      window: new Int8Array(total).fill(-1),
      trial: new Int16Array(total).fill(-1),
      simulationId: new Int16Array(total).fill(-1),
      circuitId: new Int16Array(total).fill(-1),
      neuronClass: new Int8Array(total).fill(-1),
    };
    const part = await extractSimulationReport({ ...task, into: { columns, offset: 5, rows, simulationId: 3, circuitId: 1 } });
    assert.equal(part.time.length, 0, "the frames are in the columns, not in the part");
    assert.deepEqual([...part.classRows], [3 * 1202, 4 * 1202]);
    // A window and trial per class and trial (2 x 2), each with its rows.
    const { rows: runs, window, trial } = part.trialRuns;
    assert.deepEqual([...runs], [3 * 201, 3 * 1001, 4 * 201, 4 * 1001]);
    assert.deepEqual([...trial], [0, 1, 0, 1]);
    assert.deepEqual([...window], [0, 0, 0, 0]);
    for (const column of Object.values(columns)) {
      if (column.length === 0) continue;
      assert.deepEqual([...column.subarray(0, 5), ...column.subarray(5 + rows)], Array(7).fill(-1), "rows of others untouched");
    }
    const mine = (column: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> }) => Array.from(column.subarray(5, 5 + rows));
    const cells = (ids: Float64Array, frames: number) => [...ids].flatMap((g) => Array(frames).fill(g));
    assert.deepEqual(mine(columns.gid), [...cells(gids.subarray(0, 3), 201), ...cells(gids.subarray(0, 3), 1001), ...cells(gids.subarray(3), 201), ...cells(gids.subarray(3), 1001)]);
    assert.deepEqual(mine(columns.trial), [...Array(3 * 201).fill(0), ...Array(3 * 1001).fill(1), ...Array(4 * 201).fill(0), ...Array(4 * 1001).fill(1)]);
    assert.deepEqual(mine(columns.neuronClass), [...Array(3 * 1202).fill(0), ...Array(4 * 1202).fill(1)]);
    assert.deepEqual(new Set(mine(columns.simulationId)), new Set([3]));
    assert.deepEqual(new Set(mine(columns.circuitId)), new Set([1]));
    assert.deepEqual(new Set(mine(columns.window)), new Set([0]));
    // Times relative to each trial's offset; the values of the file, cell by cell.
    const again = Simulation.open(path);
    const first = { nodeIds: Uint32Array.from(gids.subarray(0, 1)) };
    const population = (await again.report("soma")).population("S1nonbarrel_neurons");
    const [strided, second] = [population.get({ ...first, tStart: 0, tStop: 100, stride: 5 }), population.get({ ...first, tStart: 200, tStop: 300 })];
    await again.close();
    assert.deepEqual(mine(columns.time).slice(0, 201), [...strided.times]);
    assert.deepEqual(mine(columns.time).slice(3 * 201, 3 * 201 + 1001), [...second.times].map((t) => t - 200));
    assert.deepEqual(mine(columns.value).slice(3 * 201, 3 * 201 + 1001), [...second.data]);
    assert.deepEqual(mine(columns.value).slice(0, 201), [...strided.data]);
    // Fewer rows counted than there are frames: refused, named.
    await assert.rejects(extractSimulationReport({ ...task, into: { columns, offset: 5, rows: rows - 1, simulationId: 3, circuitId: 1 } }), /simulation 3: more frames than the 8413 counted/);
  });

  test("trial steps find the onset of the evoked response; a user function can be named instead", async () => {
    const trialSteps = {
      onset: {
        function: "blueetl.external.bnac.calculate_trial_step.onset_from_spikes",
        bounds: [-40, 60],
        histo_bins_per_ms: 1,
        smoothing_width: 1,
        threshold_std_multiple: 3,
        ms_post_offset: 0,
      },
    };
    const window = { bounds: [0, 50], initial_offset: 400, n_trials: 3, trial_steps_value: 200, trial_steps_label: "onset" };
    const edit = (config: any) => {
      config.analysis.spikes.extraction.trial_steps = trialSteps;
      config.analysis.spikes.extraction.windows = { evoked: window };
    };
    const { ma } = await analyzer(edit);
    const offsets = (await ma.analysis("spikes").repo.table("windows")).records().map((r) => (r["offset"] as number) - 400 - 200 * (r["trial"] as number));
    // Layer 4 answers the stimulus 4 ms after it; the smoothed histogram crosses a few ms later.
    for (const onset of offsets) assert.ok(onset >= 2 && onset <= 12, `onset ${onset} ms`);
    await ma.close();

    const { ma: custom, dir } = await analyzer((config) => {
      edit(config);
      config.analysis.spikes.extraction.trial_steps.onset.function = "steps.mjs:fixed";
      config.analysis.spikes.extraction.trial_steps.onset.delay = 7.5;
    });
    writeFileSync(join(dir, "steps.mjs"), "export function fixed(spikes, params) { return spikes.length + params.delay; }\n");
    const fixed = (await custom.analysis("spikes").repo.table("windows")).records().map((r) => r["offset"]);
    assert.deepEqual(fixed, [410.5, 610.5, 810.5, 410.5, 610.5, 810.5]);
    await custom.close();
  });

  test("trial steps functions that cannot be found or do not return a number", async () => {
    const run = async (func: string, module?: string) => {
      const { ma, dir } = await analyzer((config) => {
        config.analysis.spikes.extraction.trial_steps = { ts: { function: func, bounds: [-10, 10] } };
        config.analysis.spikes.extraction.windows = { w: { bounds: [0, 50], initial_offset: 400, trial_steps_label: "ts" } };
      });
      if (module) writeFileSync(join(dir, "steps.mjs"), module);
      try {
        await ma.analysis("spikes").repo.table("windows");
      } finally {
        await ma.close();
      }
    };
    // A dotted name is a Python function (test/python); a bare name is neither.
    await assert.rejects(run("onset_from_spikes"), /trial steps function 'onset_from_spikes' is not a built-in function .* name a module and its export as 'path\/to\/module\.ts:exportName', or a Python function as 'module\.function'/);
    await assert.rejects(run("missing.mjs:f"), /trial steps function 'missing\.mjs:f': the module .*missing\.mjs does not exist/);
    await assert.rejects(run("steps.mjs:g", "export const f = () => 1;\n"), /steps\.mjs has no exported function 'g' \(it exports: f\)/);
    await assert.rejects(run("steps.mjs:f", "export const f = () => 'soon';\n"), /The function steps\.mjs:f must return a number, got "soon"/);
  });
});
